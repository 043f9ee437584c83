import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { REPO_ROOT, sample, STACK_LINE } from './run-cli.js'

// src/bin.ts: the process around main(). Regression: `azman ... | head -1`
// crashed with an EPIPE stack trace once head had gone (seen on a history
// example in the docs), instead of stopping quietly as command-line tools do.

/** The sample store with `count` more scopes, so that `show --json` prints far more than a pipe holds (64 KiB). */
function bigStore(dir: string, count: number): string {
  const scopes = Array.from({ length: count }, (_, i) => `<AzScope Guid="${randomUUID()}" Name="Scope ${i}"/>`).join('')
  const xml = readFileSync(sample('hyperv-2008r2.xml'), 'utf8').replace('</AzApplication>', `${scopes}</AzApplication>`)
  const path = join(dir, 'big.xml')
  writeFileSync(path, xml)
  return path
}

/** Runs the real binary with stdout on a pipe that is closed after the first chunk, as `| head -c 1` does. */
function runAndCloseEarly(args: readonly string[]): Promise<{ code: number | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' } })
    let stderr = ''
    let read = 0
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.once('data', (d: Buffer) => {
      read = d.length
      child.stdout.destroy()
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr, read }))
  })
}

t.test('stdout closed by the reader (azman show | head): a quiet stop, no stack trace', async (t) => {
  const store = bigStore(t.testdir({}), 3000)
  const run = await runAndCloseEarly(['show', store, '--json'])
  t.ok(run.read > 0 && run.read < 4 * 1024 * 1024, `the reader took the first chunk only (${run.read} bytes)`)
  t.equal(run.stderr, '', 'nothing on stderr')
  t.notMatch(run.stderr, STACK_LINE, 'no stack trace')
  t.equal(run.code, 0, 'the exit code of the command (the read succeeded)')
})
