/**
 * The README's quick start, as a person runs it: `npm start`'s command on a
 * fresh data folder (a real process on a real port), then the README's curl
 * walkthrough, block as written, with real curl, against it.
 */
import type { ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { REPO_ROOT } from '../cli/run-cli.js'
import { serve } from './serve-process.js'

const run = promisify(execFile)

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
}

/** The shell block after the README's walkthrough marker. */
function walkthrough(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const at = readme.indexOf('<!-- rest-walkthrough')
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1]
  if (at < 0 || block === undefined) throw new Error('the README has no walkthrough block')
  return block
}

t.test('npm start serves copies of the samples with a first token, and the README walkthrough works with curl', async (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  t.equal(pkg.scripts.start, 'tsx src/bin.ts serve --data-dir data', 'npm start is azman serve --data-dir data')
  const dir = t.testdir({})
  const data = join(dir, 'data')
  const first = await serve(data)
  let code: number | null
  try {
    const token = /^\s+(azman_[A-Za-z0-9_-]{43})$/m.exec(first.stderr())?.[1] ?? ''
    t.match(first.stderr(), /created .*data\/ with writable copies/, 'says it made the data folder')
    t.ok(token, 'prints the first operator token')
    t.equal(first.stderr().split(token).length - 1, 1, 'once')
    t.notOk(readFileSync(join(data, 'tokens.json'), 'utf8').includes(token), 'the tokens file has no token')
    const block = walkthrough()
    const script = block.replace(/^export AZMAN=.*$/m, '')
    t.ok(block.split('\n').filter((l) => /^api /.test(l)).length >= 10, 'a call per workflow step')
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, AZMAN: first.url, TOKEN: token }, maxBuffer: 16 * 1024 * 1024 })
    const answers = stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const writes = answers.filter((a) => 'written' in a)
    t.equal(writes.length, 8, 'eight writes answered')
    t.ok(
      writes.every((w) => w.written === true),
      'each one wrote',
    )
    const check = answers.find((a) => 'results' in a) as { results: { decision: string }[] } | undefined
    t.same(
      check?.results.map((r) => r.decision),
      ['granted'],
      '1105 may start a VM in Lab VMs',
    )
    const history = answers.at(-1) as { entries: { actor: string; reason: string }[] }
    t.equal(history.entries.length, 8, 'journaled')
    t.ok(
      history.entries.every((e) => e.actor === 'admin' && e.reason === 'CHG-1234'),
      "as the token's name, with the reason",
    )
    t.ok(readFileSync(join(REPO_ROOT, 'store-samples', 'hyperv-2008r2.xml')).length > 0, 'the shipped sample is untouched (only the copy in data/ changed)')
    t.not(readFileSync(join(data, 'stores', 'hyperv-2008r2.xml'), 'utf8'), readFileSync(join(REPO_ROOT, 'store-samples', 'hyperv-2008r2.xml'), 'utf8'))
  } finally {
    code = await stop(first.child)
  }
  t.equal(code, 0, 'SIGTERM stops it cleanly')
  const again = await serve(data)
  try {
    t.notMatch(again.stderr(), /azman_|created/, 'a second start reuses the folder and prints no token')
  } finally {
    await stop(again.child)
  }
})
