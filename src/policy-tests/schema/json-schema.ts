import { MESSAGE, NULL_IS_ABSENT } from '../../json/schema-messages.js'
import { TESTS_FORMAT, TestFileSchema } from './test-file.js'

/** Where the published schema is, in the repository. */
export const TESTS_SCHEMA_FILE = 'docs/schemas/azman-tests-1.schema.json'

/**
 * The `azman-tests/1` schema as a plain JSON Schema (draft-07) document, for
 * editors and other tools: {@link TestFileSchema} without azman's own
 * keywords, with `$schema`, `$id` and a title. What azman checks beyond it
 * (SIDs, a who-can or what-can comparison given, names the store has) is in
 * docs/policy-tests.md.
 */
export function testsJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(TestFileSchema, (key: string, value: unknown) => (key === MESSAGE || key === NULL_IS_ABSENT ? undefined : value))) as Record<string, unknown>
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: 'urn:azman:schema:azman-tests:1', title: `Policy tests (${TESTS_FORMAT})`, ...plain }
}

/** The published schema file's text: two-space JSON and a final line break. */
export function testsJsonSchemaText(): string {
  return `${JSON.stringify(testsJsonSchema(), null, 2)}\n`
}
