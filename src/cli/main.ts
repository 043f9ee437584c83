import { azmanVersion } from '../report/azman-version.js'
import { AzmanError, ExitCode } from '../errors/azman-error.js'
import { UsageError } from '../errors/usage-error.js'
import type { Command, GlobalOptions } from './command.js'
import { apply } from './commands/apply.js'
import { audit } from './commands/audit.js'
import { check } from './commands/check.js'
import { copy } from './commands/copy.js'
import { delegate, undelegate } from './commands/delegate.js'
import { expire } from './commands/expire.js'
import { diff } from './commands/diff.js'
import { group } from './commands/group.js'
import { matrix } from './commands/matrix.js'
import { history, rollback } from './commands/history.js'
import { host } from './commands/host.js'
import { revert } from './commands/revert.js'
import { plan } from './commands/plan.js'
import { roleAssignment } from './commands/role-assignment.js'
import { scope } from './commands/scope.js'
import { serve } from './commands/serve.js'
import { templates } from './commands/templates.js'
import { token } from './commands/token.js'
import { roleDefinition, task } from './commands/task.js'
import { exportCommand } from './commands/export.js'
import { show } from './commands/show.js'
import { validate } from './commands/validate.js'
import { verifyReportCommand, verifyScriptCommand } from './commands/verify.js'
import { migrate } from './commands/migrate.js'
import { whatCan } from './commands/what-can.js'
import { whoCan } from './commands/who-can.js'
import { test } from './commands/test.js'
import { examplesSection } from './examples.js'
import { processIo, safeIo, writeJson, type CliIo } from './io.js'
import { extractNamesOption, loadNamesOption, NAMES_OPTION_USAGE } from './names-option.js'
import { extractStoreOptions, STORE_OPTIONS_USAGE } from './store-options.js'

export const COMMANDS: readonly Command[] = [
  show,
  validate,
  audit,
  copy,
  exportCommand,
  roleDefinition,
  task,
  roleAssignment,
  scope,
  group,
  delegate,
  undelegate,
  templates,
  plan,
  apply,
  history,
  rollback,
  revert,
  expire,
  check,
  whoCan,
  whatCan,
  matrix,
  diff,
  test,
  host,
  verifyScriptCommand,
  verifyReportCommand,
  migrate,
  serve,
  token,
]

/**
 * The commands (and actions: `host check`) that only read. They never exit 4 ("an invalid change"): what
 * would be one in a write (a template that cannot be found or read, a
 * directory that refuses a read) exits 2 from them, the input they were
 * given cannot be used, with the same error code; an account a query cannot
 * find is `AZMAN_ERR_NOT_FOUND` (exit 3) at its source. `test` reads too, but is not
 * here: a test file that cannot be used is its exit 4 (AZMAN_ERR_TEST_FILE).
 */
export const READ_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  'show',
  'validate',
  'audit',
  'export',
  'templates',
  'history',
  'check',
  'who-can',
  'what-can',
  'matrix',
  'diff',
  'host collector',
  'host check',
  'verify-report',
])

/** Exit code of a run that failed through a bug in azman itself (sysexits EX_SOFTWARE). */
export const INTERNAL_ERROR = 70

function version(): string {
  return azmanVersion()
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return `azman: read, edit, explain and audit Microsoft Authorization Manager (AzMan) stores

usage: azman <command> [arguments] [--json] [--debug]

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

<store> is a file path, msxml://C:\\path\\store.xml, msxml:///path/store.xml, or an
Active Directory store: msldap://dc.example.com/CN=Store,CN=Program Data,DC=example,DC=com

${STORE_OPTIONS_USAGE}
${NAMES_OPTION_USAGE}

Run azman <command> --help for a command's arguments. Exit codes: 0 success,
1 negative answer, 2 unreadable input, 3 wrong usage, 4 invalid change,
5 conflict.

${examplesSection(
  `azman show store-samples/hyperv-2008r2-delegated.xml`,
  `azman check store-samples/hyperv-2008r2-delegated.xml --app "Hyper-V services" --scope "Lab VMs" --sid S-1-5-21-1004336348-1177238915-682003330-1105 --operation 315`,
  `# writes go to a copy, never to the samples`,
  `azman copy store-samples/hyperv-2008r2.xml lab.xml`,
  `azman delegate lab.xml --app "Hyper-V services" --scope "Lab VMs" --template hyperv-vm-operator --sid S-1-5-21-1004336348-1177238915-682003330-1105 --reason CHG-1234`,
  `azman history lab.xml`,
  `azman audit lab.xml --template templates/`,
)}
`
}

/** What the CLI is given by its composition root (`src/bin.ts`) rather than importing: the REST service. */
export type CliServices = Pick<GlobalOptions, 'startService'>

/**
 * Runs one azman command line and returns its exit code. The single exit
 * point: every error ends here as one line on stderr (and a JSON error
 * object on stdout with --json), with no stack trace unless --debug.
 * `services`: what `azman serve` starts (without it, `serve` fails).
 */
export async function main(argv: readonly string[], given: CliIo = processIo(), services: CliServices = {}): Promise<number> {
  const io = safeIo(given)
  let globals: GlobalOptions = { json: argv.includes('--json'), debug: argv.includes('--debug'), store: {}, ...services }
  let running: string | undefined
  try {
    const { args, store } = await extractStoreOptions(
      argv.filter((a) => a !== '--json' && a !== '--debug'),
      io,
    )
    const named = extractNamesOption(args, io)
    globals = { ...globals, store }
    const [name, ...rest] = named.args
    if (name === undefined) {
      io.stdout.write(overview())
      throw new UsageError('no command given; run azman --help for the list')
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      // azman help <command>: that command's help; an unknown one is refused as azman <unknown> --help is.
      const wanted = name === 'help' ? rest.find((a) => !a.startsWith('-')) : undefined
      const topic = wanted === undefined ? undefined : COMMANDS.find((c) => c.name === wanted)
      if (wanted !== undefined && topic === undefined) throw new UsageError(`unknown command "${wanted}"; run azman --help for the list`)
      io.stdout.write(topic ? `${topic.usage}\n` : overview())
      return ExitCode.Ok
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${version()}\n`)
      return ExitCode.Ok
    }
    const command = COMMANDS.find((c) => c.name === name)
    if (!command) throw new UsageError(`unknown command "${name}"; run azman --help for the list`)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.usage}\n`)
      return ExitCode.Ok
    }
    // A command with actions is read-only action by action (`host check` reads, `host script` grants).
    running = command.actions !== undefined && rest[0] !== undefined && command.actions.includes(rest[0]) ? `${command.name} ${rest[0]}` : command.name
    const names = await loadNamesOption(named.file, io)
    return await command.run(rest, io, names === undefined ? globals : { ...globals, names })
  } catch (error) {
    return report(error, io, globals, running !== undefined && READ_ONLY_COMMANDS.has(running))
  }
}

function report(error: unknown, io: CliIo, globals: GlobalOptions, readOnly: boolean): number {
  if (error instanceof AzmanError) {
    const exitCode = readOnly && error.exitCode === ExitCode.InvalidChange ? ExitCode.Unreadable : error.exitCode
    io.stderr.write(`azman: ${error.message} [${error.code}]\n`)
    if (globals.debug && error.stack) io.stderr.write(`${error.stack}\n`)
    if (globals.json) {
      writeJson(io, {
        error: {
          code: error.code,
          exitCode,
          message: error.message,
          ...(error.position ? { line: error.position.line, column: error.position.column } : {}),
        },
      })
    }
    return exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr.write(`azman: internal error: ${message}${globals.debug ? '' : ' (run again with --debug for details, and report it)'}\n`)
  if (globals.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
  if (globals.json) writeJson(io, { error: { code: 'AZMAN_ERR_INTERNAL', exitCode: INTERNAL_ERROR, message } })
  return INTERNAL_ERROR
}
