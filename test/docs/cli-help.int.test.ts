import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { COMMANDS } from '../../src/cli/main.js'
import { CLI_MD, helpBlocks, helpTopics, regenerate, renderHelp, REPO_ROOT } from './cli-help-blocks.js'

// docs/cli.md cannot drift from the CLI's help texts: each help text is in it
// once, verbatim, in an <!-- azman-help: ARGV --> block (cli-help-blocks.ts).

const FIX = 'run `npm run docs:cli` to refill docs/cli.md from the help texts'
const markdown = readFileSync(CLI_MD, 'utf8')
const label = (argv: readonly string[]) => ['azman', ...argv, '--help'].join(' ')

/** Blocks whose text is not the current help text: an empty list when the markdown is up to date. */
async function stale(md: string): Promise<string[]> {
  const out: string[] = []
  for (const b of helpBlocks(md)) if (b.body !== (await renderHelp(b.argv))) out.push(label(b.argv))
  return out
}

t.test('every help block of docs/cli.md is the current help text', async (t) => {
  const blocks = helpBlocks(markdown)
  t.equal(blocks.length, COMMANDS.length + 1, 'a block for azman --help and one per registered command')
  for (const b of blocks) {
    const help = await renderHelp(b.argv)
    t.ok(b.body === help, `docs/cli.md: ${label(b.argv)} is up to date${b.body === help ? '' : `; it is not: ${FIX}`}`)
  }
  t.equal(await regenerate(markdown), markdown, `regenerating docs/cli.md changes nothing (else ${FIX})`)
})

t.test('every help text has exactly one block, and every block is a help text', async (t) => {
  const topics = helpTopics()
  t.equal(topics.length, COMMANDS.length + 1, 'the help texts: azman --help and one per registered command')
  const blocks = helpBlocks(markdown).map((b) => b.argv.join(' '))
  for (const argv of topics) {
    const count = blocks.filter((b) => b === argv.join(' ')).length
    t.equal(count, 1, `docs/cli.md has one block for ${label(argv)}${count === 0 ? ` (missing: ${FIX}, after adding <!-- azman-help: ${argv.join(' ')} --> ... <!-- /azman-help -->)` : ''}`)
  }
  const known = new Set(topics.map((a) => a.join(' ')))
  for (const b of blocks) t.ok(known.has(b), `docs/cli.md: the block <!-- azman-help: ${b} --> is a help text the CLI has (commands with actions have one help text: use the command's)`)
})

t.test('a doctored docs/cli.md is detected, and regenerate repairs it', async (t) => {
  // Doctored from the refilled docs/cli.md, so that this test holds whether or not the file is up to date.
  const fresh = await regenerate(markdown)
  t.same(await stale(fresh), [], 'the refilled docs/cli.md has no stale block')
  const show = helpBlocks(fresh).find((b) => b.argv.join(' ') === 'show')
  if (!show) {
    t.fail('docs/cli.md has a show block')
    return
  }
  const doctored = fresh.slice(0, show.start) + fresh.slice(show.start, show.end).replace('[--json]', '[--json] [--yaml]') + fresh.slice(show.end)
  t.not(doctored, fresh, 'the doctored copy differs')
  t.same(await stale(doctored), ['azman show --help'], 'the changed block is the stale one')
  t.equal(await regenerate(doctored), fresh, 'regenerate restores it')
  const outdated = fresh.replace('<!-- azman-help: copy -->\n```text\n', '<!-- azman-help: copy -->\n```text\nan old line\n')
  t.not(outdated, fresh, 'a line added to the copy block')
  t.same(await stale(outdated), ['azman copy --help'], 'a line too many is detected')
})

t.test('helpBlocks: argv, body and offsets; malformed blocks are errors', async (t) => {
  const md = 'intro\n<!-- azman-help: -->\n```text\ntop\n```\n<!-- /azman-help -->\ntext\n<!-- azman-help: token add -->\n```text\nA\nB\n```\n<!-- /azman-help -->\n'
  const blocks = helpBlocks(md)
  t.same(
    blocks.map((b) => ({ argv: b.argv, body: b.body })),
    [
      { argv: [], body: 'top\n' },
      { argv: ['token', 'add'], body: 'A\nB\n' },
    ],
  )
  t.equal(md.slice(blocks[0]?.start, blocks[0]?.end), '<!-- azman-help: -->\n```text\ntop\n```\n<!-- /azman-help -->')
  t.equal(md.slice(blocks[1]?.end), '\n')
  t.throws(() => helpBlocks('<!-- azman-help: show -->\n```\nx\n```\n<!-- /azman-help -->'), /line 1: an azman-help marker must be followed by a ```text fence/)
  t.throws(() => helpBlocks('a\n<!-- azman-help: show -->\n```text\nx\n```\n'), /line 2:/)
  t.throws(() => helpBlocks('x\n<!-- /azman-help -->\n'), /line 2: <!-- \/azman-help --> without its opening marker/)
  t.equal(await regenerate('no blocks\n'), 'no blocks\n', 'markdown without blocks is left alone')
})

t.test('help texts do not depend on the terminal, the environment or the working directory', async (t) => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'azman-help-cwd-'))
  t.teardown(() => rmSync(elsewhere, { recursive: true, force: true }))
  for (const argv of [[], ['serve'], ['check']]) {
    const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'src/bin.ts'), ...argv, '--help'], {
      cwd: elsewhere,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '', COLUMNS: '40', LINES: '10', TERM: 'dumb', LANG: 'C', AZMAN_LDAP_URL: 'ldaps://dc1.example.com', AZMAN_LDAP_USER: 'EXAMPLE\\someone' },
      timeout: 60_000,
    })
    t.equal(child.status, 0, `${label(argv)} in another folder and environment: exit 0`)
    t.equal(child.stdout, await renderHelp(argv), `${label(argv)}: the same text as rendered for docs/cli.md`)
  }
})
