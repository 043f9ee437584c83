import type { Static, TSchema } from '@sinclair/typebox'
import { TestFileError } from '../errors/input-errors.js'
import { problemBefore, schemaProblem } from '../json/schema-check.js'
import { wellKnownAccountSid } from '../model/account-name.js'
import { quote } from '../model/quote.js'
import { parseSid } from '../model/sid.js'
import { TEST_SCHEMAS, TestFileShellSchema, TestHeadSchema, type PolicyTest, type TestFile } from './schema/test-file.js'

/** Says where a JSON path is in the file's text (`line 14`), when it can. */
export type Locate = (path: string) => string | undefined

/** The error for a problem at `path` of the file `source`. */
export function testFileError(source: string, path: string, message: string, locate?: Locate): TestFileError {
  const line = locate?.(path)
  return new TestFileError(`test file ${source}${line === undefined ? '' : ` (${line})`}: ${path}: ${message}`)
}

type Fail = (path: string, message: string) => TestFileError

function assertJson<T extends TSchema>(schema: T, value: unknown, base: string, unknown: string, fail: Fail): asserts value is Static<T> {
  const problem = schemaProblem(schema, value, base, unknown)
  if (problem !== undefined) throw fail(problem.path, problem.message)
}

/**
 * A principal as a test names it: a SID (canonical: `S-1-5-32-0544` is
 * `S-1-5-32-544`) or a well-known account name. Undefined otherwise.
 */
export function principalSid(text: string): string | undefined {
  return parseSid(text.trim()) ?? wellKnownAccountSid(text)
}

/** Every principal of a list is a SID or a well-known name. */
function checkPrincipals(values: readonly string[] | undefined, at: string, fail: Fail): void {
  for (const [i, value] of (values ?? []).entries()) {
    if (principalSid(value) === undefined) throw fail(`${at}[${i}]`, `${quote(value)} is neither a SID (S-1-5-21-...) nor a well-known account name (Everyone, BUILTIN\\Administrators, ...)`)
  }
}

/** One test: name and kind first, then its kind's fields, then what only code checks (principals, a comparison given). */
function parseTest(item: unknown, at: string, fail: Fail): PolicyTest {
  const head = schemaProblem(TestHeadSchema, item, at, 'is not a field of a test')
  if (head !== undefined) throw fail(head.path, head.message)
  const kind = (item as Static<typeof TestHeadSchema>).kind
  const schema = TEST_SCHEMAS[kind]
  const problem = schemaProblem(schema, item, at, `is not a field of a "${kind}" test`)
  if (problem !== undefined && problemBefore(problem, at, ['name', 'kind', 'app', 'sids', 'sid', 'principals'])) throw fail(problem.path, problem.message)
  const test = item as PolicyTest
  if (test.kind === 'access') checkPrincipals(test.sids, `${at}.sids`, fail)
  if (test.kind === 'what-can') checkPrincipals([test.sid], `${at}.sid`, (_path, message) => fail(`${at}.sid`, message))
  if (test.kind === 'only') checkPrincipals(test.principals, `${at}.principals`, fail)
  if (problem !== undefined) throw fail(problem.path, problem.message)
  if (test.kind === 'who-can') {
    for (const field of ['equals', 'includes', 'excludes'] as const) checkPrincipals(test[field], `${at}.${field}`, fail)
  }
  if ((test.kind === 'who-can' || test.kind === 'what-can') && test.equals === undefined && test.includes === undefined && test.excludes === undefined) {
    throw fail(at, `a "${test.kind}" test needs "equals", "includes" or "excludes"`)
  }
  return test
}

/**
 * Reads a parsed JSON or YAML value as a policy test file (`azman-tests/1`,
 * {@link TestFileShellSchema}, then each test against its kind's schema), as
 * a reader meets its fields. Names of applications, scopes and operations are
 * checked against the store when the tests run.
 *
 * @param source how the file is named in messages
 * @param locate adds the line of a JSON path to a message (YAML and JSON files)
 * @throws TestFileError `AZMAN_ERR_TEST_FILE` naming the JSON path of the first problem
 */
export function parseTestFile(value: unknown, source: string, locate?: Locate): TestFile {
  const fail: Fail = (path, message) => testFileError(source, path, message, locate)
  assertJson(TestFileShellSchema, value, '$', 'is not a field of a test file', fail)
  const tests = value.tests.map((item, i) => parseTest(item, `$.tests[${i}]`, fail))
  return { format: value.format, ...(value.app === undefined ? {} : { app: value.app }), tests }
}
