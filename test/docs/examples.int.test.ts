/**
 * The CLI examples of README.md and docs/*.md run, in the order written, as a
 * user runs them after the quick start: `npx azman ...` in the clone, on the
 * sample stores. Each page runs in its own bash, in a temporary folder holding
 * copies of store-samples/, templates/ and test/fixtures/ (the paths the
 * examples name), so state carries from one block of a page to the next as it
 * does for a reader. Every command must exit as the page says (0, or the
 * `# exit N` at the end of its line), and the samples must come out unchanged:
 * examples write to copies they make themselves (`cp store-samples/... lab.xml`).
 * Where a page shows what a command prints (a ```text block right after its
 * example), the command must print exactly that.
 *
 * `npx azman` is a shell function that runs this checkout's CLI: the built
 * dist/bin.js when it is newer than every file of src/ (a fresh clone
 * after `npm ci`, whose `prepare` builds it; about 0.5 s a command), else
 * src/bin.ts through tsx (several times slower, but never a stale build).
 * The real npx would also find this package's bin, but takes seconds to start.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { REPO_ROOT } from '../cli/run-cli.js'
import { examplePages, pageExamples, type ExampleBlock } from './doc-examples.js'

const run = promisify(execFile)

// Several dozen CLI starts (the pages run side by side): more than the suite's default per file.
t.setTimeout(600_000)

/** The folders the examples read, copied into each page's working folder. */
const COPIED = ['store-samples', 'templates', 'test/fixtures']

/** At least this many example commands run, so the test cannot pass by finding none. */
const MIN_COMMANDS = 50
const MIN_BLOCKS = 15

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

function newest(dir: string): number {
  return Math.max(...files(dir).map((f) => statSync(f).mtimeMs))
}

/** Every file of a folder with the SHA-256 of its bytes, by path relative to the folder. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of files(dir).sort()) out[relative(dir, f)] = createHash('sha256').update(readFileSync(f)).digest('hex')
  return out
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`

/** How `npx azman` runs this checkout's CLI (see the file comment). */
function azmanCommand(): string[] {
  const bin = join(REPO_ROOT, 'dist/bin.js')
  let built: number
  try {
    built = statSync(bin).mtimeMs
  } catch {
    built = 0
  }
  if (built >= newest(join(REPO_ROOT, 'src'))) return [process.execPath, bin]
  return [process.execPath, '--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'src/bin.ts')]
}

/** The bash script of one page: each command followed by a marker with its line and exit code. */
function script(blocks: readonly ExampleBlock[]): string {
  const azman = azmanCommand().map(shellQuote).join(' ')
  const out = ['exec 2>&1 </dev/null', 'set -o pipefail', `npx() { if [ "$1" = azman ]; then shift; ${azman} "$@"; else command npx "$@"; fi; }`]
  for (const block of blocks) {
    for (const l of block.lines) {
      if (l.text.trim() === '' || l.text.trimStart().startsWith('#')) continue
      out.push(`printf '\\n@@example %d\\n' ${l.line}`, l.text, `printf '\\n@@exit %d %d\\n' ${l.line} $?`)
    }
  }
  return `${out.join('\n')}\n`
}

interface PageRun {
  readonly page: string
  readonly blocks: readonly ExampleBlock[]
  readonly exits: ReadonlyMap<number, number>
  readonly output: string
  readonly samplesAfter: Record<string, string>
}

async function runPage(page: string, blocks: readonly ExampleBlock[], dir: string): Promise<PageRun> {
  for (const d of COPIED) cpSync(join(REPO_ROOT, d), join(dir, d), { recursive: true })
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' }
  for (const k of Object.keys(env)) if (k.startsWith('AZMAN_')) delete env[k]
  const { stdout } = await run('bash', ['-c', script(blocks)], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 })
  const exits = new Map<number, number>()
  for (const m of stdout.matchAll(/^@@exit (\d+) (\d+)$/gm)) exits.set(Number(m[1]), Number(m[2]))
  return { page, blocks, exits, output: stdout, samplesAfter: snapshot(join(dir, 'store-samples')) }
}

/** What a command printed: the text between its markers. */
function outputOf(output: string, line: number): string {
  const start = output.indexOf(`\n@@example ${line}\n`)
  const end = output.indexOf(`\n@@exit ${line} `, start)
  return start < 0
    ? ''
    : output
        .slice(start, end < 0 ? undefined : end)
        .split('\n')
        .slice(2)
        .join('\n')
        .slice(-4000)
}

t.test('the CLI examples of the README and docs/ run as written, and leave the samples unchanged', async (t) => {
  const samplesBefore = snapshot(join(REPO_ROOT, 'store-samples'))
  const templatesBefore = snapshot(join(REPO_ROOT, 'templates'))
  const pages = examplePages(REPO_ROOT)
    .map((page) => ({ page, blocks: pageExamples(REPO_ROOT, page) }))
    .filter((p) => p.blocks.length > 0)
  const root = t.testdir({})
  const runs = await Promise.all(pages.map((p, i) => runPage(p.page, p.blocks, join(root, String(i)))))
  let commands = 0
  let blocks = 0
  let outputs = 0
  for (const r of runs) {
    blocks += r.blocks.length
    for (const block of r.blocks) {
      for (const l of block.lines) {
        if (l.text.trim() === '' || l.text.trimStart().startsWith('#')) continue
        if (l.azman) commands++
        const exit = r.exits.get(l.line)
        const ok = t.equal(exit, l.expectedExit, `${r.page}:${l.line}: ${l.text}`)
        if (!ok) t.comment(`${r.page}:${l.line} printed:\n${outputOf(r.output, l.line)}`)
      }
      const last = block.lines.findLast((l) => l.text.trim() !== '' && !l.text.trimStart().startsWith('#'))
      if (block.output !== undefined && last !== undefined) {
        outputs++
        t.equal(outputOf(r.output, last.line).trimEnd(), block.output.text.trimEnd(), `${r.page}:${block.output.line}: the output shown is what ${last.text.slice(0, 60)}... prints`)
      }
    }
    t.same(r.samplesAfter, samplesBefore, `${r.page}: the examples leave store-samples/ as shipped (they write to copies)`)
  }
  t.ok(commands >= MIN_COMMANDS, `ran ${commands} azman commands (at least ${MIN_COMMANDS})`)
  t.ok(blocks >= MIN_BLOCKS, `ran ${blocks} example blocks (at least ${MIN_BLOCKS})`)
  t.ok(outputs >= 1, `compared ${outputs} shown outputs (the README's check proof among them)`)
  t.ok(
    runs.some((r) => r.page === 'README.md'),
    'the README has examples that ran',
  )
  t.same(snapshot(join(REPO_ROOT, 'store-samples')), samplesBefore, "the repository's store-samples/ is unchanged")
  t.same(snapshot(join(REPO_ROOT, 'templates')), templatesBefore, "the repository's templates/ is unchanged")
})
