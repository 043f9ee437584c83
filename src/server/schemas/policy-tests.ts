import { Type } from '@sinclair/typebox'
import { TEST_KINDS, TESTS_FORMAT } from '../../policy-tests/schema/test-file.js'
import { List, Nullable } from './types.js'

/**
 * The body of `POST /stores/{s}/tests`: a test file (azman-tests/1) as JSON.
 * Only its top is checked here; the service reads it against the test file
 * schema (docs/schemas/azman-tests-1.schema.json), so that a bad file is a
 * 400 `AZMAN_ERR_TEST_FILE` naming the JSON path of its first problem
 * (`$.tests[3].operations[0]`), as the CLI names it.
 */
export const TestFileBody = Type.Object(
  {},
  { additionalProperties: true, description: `A policy test file (format ${TESTS_FORMAT}; docs/policy-tests.md, schema docs/schemas/azman-tests-1.schema.json)` },
)

const Outcome = Type.Object(
  {
    name: Type.String(),
    at: Type.String({ description: 'Where the test is in the file: $.tests[3]' }),
    kind: Type.Union(TEST_KINDS.map((k) => Type.Literal(k))),
    passed: Type.Boolean(),
    message: Nullable(Type.String(), { description: 'What failed, in one line; null when the test passed' }),
    details: List(Type.String(), { description: "azman's proof or counterexample, as text lines; empty when the test passed" }),
  },
  { additionalProperties: false },
)

/** The answer of `POST /stores/{s}/tests`: what `azman test --json` prints for one file. */
export const TestRunSchema = Type.Object(
  {
    file: Type.String({ description: 'The test file, as named ("request" over REST)' }),
    store: Type.String(),
    version: Type.String(),
    passed: Type.Integer(),
    failed: Type.Integer(),
    tests: List(Outcome),
  },
  { additionalProperties: false, description: 'The results of a policy test file' },
)
