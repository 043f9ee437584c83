import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import type { TestRun } from '../../policy-tests/outcome.js'
import { pinComment, pinTests, testFileText } from '../../policy-tests/pin-tests.js'
import { readTestFile } from '../../policy-tests/read-test-file.js'
import { renderTestsJunit } from '../../policy-tests/render/test-junit.js'
import { renderTestsTap } from '../../policy-tests/render/test-tap.js'
import { renderTestsText, totals } from '../../policy-tests/render/test-text.js'
import { runPolicyTests } from '../../policy-tests/run-tests.js'
import { besideFile } from '../../policy-tests/template-source.js'
import { writeTestFile } from '../../policy-tests/write-test-file.js'
import { redactStoreRef } from '../../report/redact-ref.js'
import { parseCommandArgs } from '../args.js'
import type { Command, GlobalOptions } from '../command.js'
import { examplesSection } from '../examples.js'
import { writeJson, type CliIo } from '../io.js'
import { loadStore } from '../load-store.js'
import { reportFormatOption } from '../report-options.js'

const FORMATS = ['text', 'tap', 'junit', 'json'] as const
const RENDER = { text: renderTestsText, tap: renderTestsTap, junit: renderTestsJunit } as const
const SAMPLE = 'store-samples/hyperv-2008r2-delegated.xml'

/** `--init`: pins the store's effective access in a new test file. */
async function init(
  store: string,
  values: { readonly out?: string | undefined; readonly app?: string | undefined; readonly force?: boolean | undefined },
  io: CliIo,
  globals: GlobalOptions,
): Promise<ExitCode> {
  if (values.out === undefined) throw new UsageError('test --init: give the file to write with --out FILE (.json for JSON, YAML otherwise); see azman test --help')
  const { policy, version } = await loadStore(store, io, globals.store)
  const apps = policy.applications
  const app = values.app ?? (apps.length === 1 ? apps[0]?.name : undefined)
  if (app === undefined) throw new UsageError(`test --init: the store has ${apps.length === 0 ? 'no application' : 'several applications'}: name one with --app`)
  const file = pinTests(policy, app)
  const json = values.out.toLowerCase().endsWith('.json')
  await writeTestFile(values.out, testFileText(file, json, pinComment(file.app ?? app, redactStoreRef(store), version)), { force: values.force === true })
  if (globals.json) writeJson(io, { written: values.out, application: file.app, tests: file.tests.length, version })
  else io.stdout.write(`wrote ${values.out}: ${file.tests.length} tests pinning who can do what in application "${file.app ?? app}"\n`)
  return ExitCode.Ok
}

export const test: Command = {
  name: 'test',
  summary: 'run policy tests (azman-tests/1 files) against a store, for CI',
  usage: `azman test <store> FILE... [--app A] [--format text|tap|junit] [--json]
azman test --init <store> --out FILE [--app A] [--force] [--json]

Runs the assertions of policy test files (azman-tests/1, YAML or JSON; see
docs/policy-tests.md) against the store: a token granted, denied or not conditional
for operations in a scope (access); who can perform an operation (who-can) and what a
SID can do (what-can) equal, include or exclude a list; no one outside a list holds
some operations anywhere (only); the audit against templates has no finding at or
above a severity (audit). Each failure comes with azman's proof or counterexample.

  --app A          the application of tests and files that name none; default: the
                   store's only application
  --format F       text (default), tap (TAP version 14) or junit (JUnit XML)
  --json           the results as JSON
  --init           write a test file that pins today's effective access: for every
                   operation, at application level and in every scope, who can
                   perform it (who-can equals); it passes on the store as it is and
                   fails once anyone gains or loses an operation
  --out FILE       with --init: the file to write (.json for JSON, YAML otherwise)
  --force          with --init: replace --out if it exists

Exit 0 when every test passes, 1 when one fails; 4 for a test file that cannot be
used (not YAML or JSON, an unknown field, an application, scope, operation, group
or template the store does not have, a malformed SID: AZMAN_ERR_TEST_FILE, the JSON
path named); 5 when --out exists without --force.

${examplesSection(
  `azman test ${SAMPLE} store-samples/hyperv-2008r2-delegated.tests.yaml`,
  `azman test ${SAMPLE} store-samples/hyperv-2008r2-delegated.tests.yaml --format tap`,
  `azman test ${SAMPLE} store-samples/hyperv-2008r2-delegated.tests.yaml --format junit`,
  `azman test --init ${SAMPLE} --out pinned.tests.yaml`,
  `azman test ${SAMPLE} pinned.tests.yaml --json`,
)}`,
  async run(args, io, globals) {
    const flags = { app: { type: 'string' }, format: { type: 'string' }, init: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } } as const
    const { values, positionals } = parseCommandArgs('test', args, flags, { min: 1, max: 1000, names: 'a <store> and one test file or more (with --init: a <store> alone)' })
    const [store = '', ...files] = positionals
    if (values.init === true) {
      if (files.length > 0 || values.format !== undefined) throw new UsageError('test --init takes a <store> alone (and --out FILE); see azman test --help')
      return init(store, values, io, globals)
    }
    if (values.out !== undefined || values.force !== undefined) throw new UsageError('test: --out and --force go with --init; see azman test --help')
    if (files.length === 0) throw new UsageError('test takes a <store> and one test file or more; see azman test --help')
    const format = reportFormatOption('test', values.format, globals.json, FORMATS)
    const parsed = []
    for (const file of files) parsed.push({ file, ...(await readTestFile(file, globals.names)) })
    const { policy, version } = await loadStore(store, io, globals.store)
    const runs: TestRun[] = []
    for (const { file, tests, locate } of parsed) {
      runs.push(await runPolicyTests(policy, tests, { file, store: redactStoreRef(store), version, app: values.app, templates: besideFile(file), locate }))
    }
    const { passed, failed } = totals(runs)
    if (format === 'json') writeJson(io, { passed, failed, runs })
    else io.stdout.write(RENDER[format](runs))
    return failed > 0 ? ExitCode.Negative : ExitCode.Ok
  },
}
