import type { Static, TSchema } from '@sinclair/typebox'
import { TestFileError } from '../errors/input-errors.js'
import { problemBefore, schemaProblem } from '../json/schema-check.js'
import { wellKnownAccountSid } from '../model/account-name.js'
import { quote } from '../model/quote.js'
import { parseSid } from '../model/sid.js'
import { sidForName, type NamesTable } from '../directory/names-file.js'
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

/** The SID of a principal a test names: {@link principalSid}, else an account of the names file (null: it names two SIDs). */
function resolvePrincipal(text: string, names: NamesTable | undefined): string | null | undefined {
  return principalSid(text) ?? (names === undefined ? undefined : sidForName(names, text))
}

/** The SIDs of a list of principals, in order; a principal that names no SID, or two, fails at its path. */
function resolvePrincipals(values: readonly string[], at: string, names: NamesTable | undefined, fail: Fail): string[] {
  return values.map((value, i) => {
    const sid = resolvePrincipal(value, names)
    if (sid === null) throw fail(`${at}[${i}]`, `${quote(value)} names two SIDs in the names file; give the SID`)
    if (sid === undefined) {
      const known = names === undefined ? '' : ' nor an account of the names file'
      throw fail(`${at}[${i}]`, `${quote(value)} is neither a SID (S-1-5-21-...) nor a well-known account name (Everyone, BUILTIN\\Administrators, ...)${known}`)
    }
    return sid
  })
}

/** The test with every principal it names as its SID. */
function withSids(test: PolicyTest, at: string, names: NamesTable | undefined, fail: Fail): PolicyTest {
  const sids = (values: readonly string[] | undefined, path: string): string[] | undefined => (values === undefined ? undefined : resolvePrincipals(values, path, names, fail))
  switch (test.kind) {
    case 'access':
      return { ...test, sids: sids(test.sids, `${at}.sids`) ?? [] }
    case 'what-can':
      return { ...test, sid: resolvePrincipals([test.sid], `${at}.sid`, names, (_path, message) => fail(`${at}.sid`, message))[0] ?? test.sid }
    case 'only':
      return { ...test, principals: sids(test.principals, `${at}.principals`) ?? [] }
    case 'who-can': {
      const equals = sids(test.equals, `${at}.equals`)
      const includes = sids(test.includes, `${at}.includes`)
      const excludes = sids(test.excludes, `${at}.excludes`)
      return { ...test, ...(equals === undefined ? {} : { equals }), ...(includes === undefined ? {} : { includes }), ...(excludes === undefined ? {} : { excludes }) }
    }
    default:
      return test
  }
}

/** One test: name and kind first, then its kind's fields, then what only code checks (principals, a comparison given). */
function parseTest(item: unknown, at: string, names: NamesTable | undefined, fail: Fail): PolicyTest {
  const head = schemaProblem(TestHeadSchema, item, at, 'is not a field of a test')
  if (head !== undefined) throw fail(head.path, head.message)
  const kind = (item as Static<typeof TestHeadSchema>).kind
  const schema = TEST_SCHEMAS[kind]
  const problem = schemaProblem(schema, item, at, `is not a field of a "${kind}" test`)
  if (problem !== undefined && problemBefore(problem, at, ['name', 'kind', 'app', 'sids', 'sid', 'principals'])) throw fail(problem.path, problem.message)
  const test = item as PolicyTest
  if (test.kind === 'access') resolvePrincipals(test.sids, `${at}.sids`, names, fail)
  if (test.kind === 'what-can') resolvePrincipals([test.sid], `${at}.sid`, names, (_path, message) => fail(`${at}.sid`, message))
  if (test.kind === 'only') resolvePrincipals(test.principals, `${at}.principals`, names, fail)
  if (problem !== undefined) throw fail(problem.path, problem.message)
  const resolved = withSids(test, at, names, fail)
  if ((test.kind === 'who-can' || test.kind === 'what-can') && test.equals === undefined && test.includes === undefined && test.excludes === undefined) {
    throw fail(at, `a "${test.kind}" test needs "equals", "includes" or "excludes"`)
  }
  return resolved
}

/**
 * Reads a parsed JSON or YAML value as a policy test file (`azman-tests/1`,
 * {@link TestFileShellSchema}, then each test against its kind's schema), as
 * a reader meets its fields, with every principal as its SID. Names of
 * applications, scopes and operations are checked against the store when the
 * tests run.
 *
 * @param source how the file is named in messages
 * @param locate adds the line of a JSON path to a message (YAML and JSON files)
 * @param names accounts (`DOMAIN\\name`) the tests may name, from a names file (`--names`)
 * @throws TestFileError `AZMAN_ERR_TEST_FILE` naming the JSON path of the first problem
 */
export function parseTestFile(value: unknown, source: string, locate?: Locate, names?: NamesTable): TestFile {
  const fail: Fail = (path, message) => testFileError(source, path, message, locate)
  assertJson(TestFileShellSchema, value, '$', 'is not a field of a test file', fail)
  const tests = value.tests.map((item, i) => parseTest(item, `$.tests[${i}]`, names, fail))
  return { format: value.format, ...(value.app === undefined ? {} : { app: value.app }), tests }
}
