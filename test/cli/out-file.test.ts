import { execFileSync } from 'node:child_process'
import { copyFileSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { writeFacts } from '../host/fleet/fleet-fixtures.js'
import { runCli, sample, STACK_LINE } from './run-cli.js'

// `--out FILE` of `host check` and `plan` (regression: both wrote with a plain writeFile, through symbolic links
// and into FIFOs): a regular file is written or replaced; a link, folder or FIFO is refused, exit 2, nothing written.

const CHANGES = { changes: [{ type: 'create-scope', app: 'Hyper-V services', name: 'Web VMs' }] }

function commands(dir: string): Record<string, (out: string) => string[]> {
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), store)
  const changes = join(dir, 'changes.json')
  writeFileSync(changes, JSON.stringify(CHANGES))
  const facts = writeFacts(dir, 'HV01')
  return {
    'host check': (out) => ['host', 'check', store, '--facts', facts, '--fail-on', 'none', '--out', out],
    plan: (out) => ['plan', store, changes, '--out', out],
  }
}

t.test('--out writes a new file and replaces a regular one', async (t) => {
  const dir = t.testdir({})
  let checked = 0
  for (const [name, args] of Object.entries(commands(dir))) {
    const out = join(dir, `${name.replace(' ', '-')}.out`)
    t.equal((await runCli(args(out))).code, 0, `${name}: a new file`)
    const first = readFileSync(out, 'utf8')
    t.ok(first.length > 0, `${name}: written`)
    writeFileSync(out, 'old')
    t.equal((await runCli(args(out))).code, 0, `${name}: an existing regular file`)
    t.not(readFileSync(out, 'utf8'), 'old', `${name}: replaced`)
    checked++
  }
  t.equal(checked, 2)
})

t.test('--out refuses a symbolic link, a folder and a FIFO: exit 2, a clear message, nothing written', async (t) => {
  const dir = t.testdir({ 'target.txt': 'keep me' })
  const link = join(dir, 'link.out')
  symlinkSync(join(dir, 'target.txt'), link)
  const folder = join(dir, 'folder.out')
  mkdirSync(folder)
  const fifo = join(dir, 'fifo.out')
  execFileSync('mkfifo', [fifo])
  const cases: [string, string, RegExp][] = [
    [link, 'link', /it is a symbolic link; azman writes --out only to a regular file it names/],
    [folder, 'folder', /it is a folder, not a file/],
    [fifo, 'FIFO', /it is not a regular file \(a device, FIFO or socket\)/],
  ]
  let checked = 0
  for (const [name, args] of Object.entries(commands(dir))) {
    for (const [path, what, message] of cases) {
      const run = await runCli(args(path))
      t.equal(run.code, 2, `${name} --out ${what}: exit 2`)
      t.match(run.stderr, message, `${name} --out ${what}: the reason`)
      t.notMatch(run.stderr, STACK_LINE, `${name} --out ${what}: no stack trace`)
      checked++
    }
  }
  t.equal(checked, 6)
  t.equal(readFileSync(join(dir, 'target.txt'), 'utf8'), 'keep me', 'the link target is unchanged')
  t.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link')
  t.ok(lstatSync(fifo).isFIFO(), 'the FIFO is still a FIFO')
})
