import { join } from 'node:path'
import t, { type Test } from 'tap'
import { COMMANDS } from '../../src/cli/main.js'
import { ENTRY_ID, exampleFolder, firstJournalId, helpExamples, removeFolder, runIn, runServe, writeExampleFile, type ExampleLine } from './help-examples.js'
import { azman, REPO_ROOT, type CliResult } from './run-cli.js'

// Every help text (azman --help, azman <command> --help) ends with an examples:
// section (src/cli/examples.ts): lines "  azman <command> ..." and "  # ..." comments.
// This file checks the format on every command of the registry and runs every
// example, in order, in a fresh folder laid out like the repository.

const commands = (lines: readonly ExampleLine[]) => lines.flatMap((l) => (l.kind === 'command' ? [l] : []))

function assertHelp(t: Test, run: CliResult, what: string): ExampleLine[] {
  t.equal(run.code, 0, `${what}: exit 0`)
  t.equal(run.stderr, '', `${what}: nothing on stderr`)
  t.ok(run.stdout.length > 0, `${what}: the help is on stdout`)
  t.ok(run.stdout.endsWith('\n') && !run.stdout.endsWith('\n\n'), `${what}: ends with one newline`)
  const examples = helpExamples(run.stdout)
  if (examples === undefined) {
    t.fail(`${what}: has an examples: section`)
    return []
  }
  t.ok(run.stdout.trimEnd().endsWith(examples.at(-1)?.line ?? '\0'), `${what}: the examples: section ends the help`)
  t.ok(commands(examples).length > 0, `${what}: at least one example`)
  for (const e of examples) t.match(e.line, /^  (azman |# )/, `${what}: "${e.line}" is "  azman ..." or "  # ..."`)
  return examples
}

t.test('the registry: one entry per command, every one in azman --help', async (t) => {
  const names = COMMANDS.map((c) => c.name)
  t.equal(new Set(names).size, names.length, 'command names are unique')
  const overview = (await azman('--help')).stdout
  const listed = overview.slice(overview.indexOf('\ncommands:\n') + 11, overview.indexOf('\n\n', overview.indexOf('\ncommands:\n')))
  t.equal(listed.split('\n').length, COMMANDS.length, 'azman --help lists as many commands as are registered')
  t.equal(COMMANDS.length, 31, 'the number of registered commands (update it, and docs/cli.md, when adding one)')
})

t.test('azman --help, -h and help: exit 0, the overview, examples of registered commands', async (t) => {
  const help = await azman('--help')
  const examples = assertHelp(t, help, 'azman --help')
  t.equal((await azman('-h')).stdout, help.stdout, 'azman -h')
  t.equal((await azman('help')).stdout, help.stdout, 'azman help')
  for (const e of commands(examples)) {
    t.equal(e.argv[0], 'azman', e.line)
    t.ok(
      COMMANDS.some((c) => c.name === e.argv[1]),
      `${e.line}: a registered command`,
    )
  }
})

t.test('azman <command> --help for every command: exit 0, stdout, examples of that command', async (t) => {
  let checked = 0
  for (const c of COMMANDS) {
    const help = await azman(c.name, '--help')
    const examples = assertHelp(t, help, `azman ${c.name} --help`)
    t.equal(help.stdout, `${c.usage}\n`, `azman ${c.name} --help prints its usage`)
    t.match(help.stdout, new RegExp(`^azman ${c.name}[ \\n]`), `azman ${c.name} --help starts with its usage line`)
    for (const e of commands(examples)) {
      t.equal(e.argv[0], 'azman', e.line)
      t.equal(e.argv[1], c.name, `${e.line}: an example of ${c.name}`)
      if (c.actions !== undefined) t.ok(c.actions.includes(e.argv[2] ?? ''), `${e.line}: an action of ${c.name} (${c.actions.join(', ')})`)
    }
    if (c.actions !== undefined) {
      for (const a of c.actions) t.ok(help.stdout.includes(a), `azman ${c.name} --help names its action ${a}`)
    }
    t.equal((await azman(c.name, '-h')).stdout, help.stdout, `azman ${c.name} -h`)
    t.equal((await azman('help', c.name)).stdout, help.stdout, `azman help ${c.name}`)
    checked++
  }
  t.equal(checked, COMMANDS.length, 'every registered command checked')
})

t.test('azman <command> <action> --help: the command’s help, for every action', async (t) => {
  const withActions = COMMANDS.filter((c) => c.actions !== undefined)
  t.same(
    withActions.map((c) => c.name),
    ['role-definition', 'task', 'role-assignment', 'scope', 'group', 'host', 'token'],
    'the commands with actions',
  )
  for (const c of withActions) {
    const own = (await azman(c.name, '--help')).stdout
    for (const a of c.actions ?? []) {
      for (const flag of ['--help', '-h']) {
        const run = await azman(c.name, a, flag)
        t.equal(run.code, 0, `azman ${c.name} ${a} ${flag}: exit 0`)
        t.equal(run.stdout, own, `azman ${c.name} ${a} ${flag}: the help of ${c.name}`)
      }
    }
  }
})

t.test('azman help with an unknown command is a usage error, as azman <unknown> --help is', async (t) => {
  for (const args of [
    ['help', 'shwo'],
    ['shwo', '--help'],
  ]) {
    const run = await azman(...args)
    t.equal(run.code, 3, `azman ${args.join(' ')}: exit 3`)
    t.match(run.stderr, /^azman: unknown command "shwo"; run azman --help for the list \[AZMAN_ERR_USAGE\]\n$/, `azman ${args.join(' ')}: says so`)
    t.equal(run.stdout, '', `azman ${args.join(' ')}: no help on stdout`)
  }
})

/**
 * Runs a help text's examples in order in a fresh folder holding copies of
 * store-samples/ and templates/ (as the repository is after the quick start):
 * "# FILE: JSON" lines write FILE, "# FILE: made/changed with azman ..." lines
 * run that command first; "# exits N" sets the exit code the next command must
 * end with (0 otherwise). Two liberties, both said in the examples themselves:
 * a journal entry id (rollback) is replaced by the first id of that store's
 * journal, and azman serve gets --port 0 and is stopped once it serves.
 */
async function runExamples(t: Test, what: string, help: string): Promise<void> {
  const dir = exampleFolder()
  process.chdir(dir)
  try {
    let expected = 0
    for (const e of helpExamples(help) ?? []) {
      if (e.kind === 'exits') expected = e.code
      if (e.kind === 'comment' || e.kind === 'exits') continue
      if (e.kind === 'file') {
        writeExampleFile(dir, e)
        continue
      }
      const argv = e.argv.slice(1).map((a) => (ENTRY_ID.test(a) ? firstJournalId(join(dir, e.argv[2] ?? '')) : a))
      const name = argv[0] ?? ''
      const run = name === 'serve' ? await runServe(dir, argv) : await runIn(dir, argv)
      const wanted = e.kind === 'command' ? expected : 0
      if (e.kind === 'command') expected = 0
      t.equal(run.code, wanted, `${what}: ${e.line.trim()} exits ${wanted}`, { stderr: run.stderr, stdout: run.stdout.slice(0, 2000) })
      t.notMatch(run.stderr, /\[AZMAN_ERR_|internal error/, `${what}: ${e.line.trim()}: no error`)
      if (e.kind === 'command') t.ok(run.stdout.length + run.stderr.length > 0, `${what}: ${e.line.trim()}: prints something`)
    }
  } finally {
    process.chdir(REPO_ROOT)
    removeFolder(dir)
  }
}

t.test('every example runs', async (t) => {
  await t.test('azman --help', async (t) => runExamples(t, 'azman --help', (await azman('--help')).stdout))
  for (const c of COMMANDS) await t.test(`azman ${c.name} --help`, async (t) => runExamples(t, c.name, c.usage))
})
