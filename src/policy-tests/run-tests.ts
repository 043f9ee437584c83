import type { PolicyStore } from '../model/policy.js'
import { TestContext } from './context.js'
import { prepareAccess } from './kinds/access-test.js'
import { prepareAudit } from './kinds/audit-test.js'
import { prepareOnly } from './kinds/only-test.js'
import { prepareWhatCan } from './kinds/what-can-test.js'
import { prepareWhoCan } from './kinds/who-can-test.js'
import type { Locate } from './parse-test-file.js'
import type { TestOutcome, TestRun } from './outcome.js'
import type { PolicyTest, TestFile } from './schema/test-file.js'
import type { TemplateSource } from './template-source.js'

/** How to run a test file. */
export interface RunTestsOptions {
  /** The test file, as named in messages and the results. */
  readonly file: string
  /** The store, as named in the results (credentials redacted). */
  readonly store: string
  /** The store's version. */
  readonly version: string
  /** The application of tests and files that name none (`--app`); default: the store's only application. */
  readonly app?: string | undefined
  /** Where audit tests' templates and bindings come from. */
  readonly templates: TemplateSource
  /** Adds a JSON path's line to messages. */
  readonly locate?: Locate | undefined
}

function prepare(test: PolicyTest, at: string, context: TestContext): (() => TestOutcome) | Promise<() => TestOutcome> {
  switch (test.kind) {
    case 'access':
      return prepareAccess(test, at, context)
    case 'who-can':
      return prepareWhoCan(test, at, context)
    case 'what-can':
      return prepareWhatCan(test, at, context)
    case 'only':
      return prepareOnly(test, at, context)
    case 'audit':
      return prepareAudit(test, at, context)
  }
}

/**
 * Runs a parsed test file against a loaded store (XML or AD alike). Every
 * test is resolved first (applications, scopes, operations, groups,
 * templates), so a file naming something the store does not have fails
 * before any test runs; then each runs, in file order.
 *
 * @throws TestFileError `AZMAN_ERR_TEST_FILE` (exit 4, HTTP 400) naming the JSON path of a name the store does not have
 * @throws AccessTooDeepError, AccessLimitError for a store azman refuses to evaluate
 */
export async function runPolicyTests(policy: PolicyStore, file: TestFile, options: RunTestsOptions): Promise<TestRun> {
  const context = new TestContext(policy, options.file, file.app, options.app, options.templates, options.locate)
  const ready: (() => TestOutcome)[] = []
  for (const [i, test] of file.tests.entries()) ready.push(await prepare(test, `$.tests[${i}]`, context))
  const tests = ready.map((run) => run())
  const passed = tests.filter((t) => t.passed).length
  return { file: options.file, store: options.store, version: options.version, passed, failed: tests.length - passed, tests }
}
