/**
 * Stores and JSON inputs are read only from regular files, up to a size limit
 * (issue #11, defect 8): a device, a FIFO, a socket or a folder is refused at
 * once (a FIFO used to block `validate` forever, /dev/zero made `show` read
 * until it ran out of memory), and a file over the limit is refused with the
 * limit named. The CLI runs as a child process with a timeout, so a hang fails
 * the test instead of stopping it.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { readBytes } from '../../../src/fs/file-system.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { runCli, sample, spawnCli, STACK_LINE } from '../../cli/run-cli.js'

function fifo(dir: string, name = 'pipe.xml'): string {
  const path = join(dir, name)
  execFileSync('mkfifo', [path])
  return path
}

t.test('the CLI refuses a FIFO, a device and a folder as a store at once (exit 2), without a stack trace', async (t) => {
  const dir = t.testdir({})
  const cases = [
    ['validate', fifo(dir)],
    ['show', fifo(dir, 'other.xml')],
    ['show', '/dev/zero'],
    ['validate', '/dev/null'],
    ['show', dir],
  ]
  let checked = 0
  for (const [command = '', path = ''] of cases) {
    const started = Date.now()
    const run = spawnCli([command, path])
    t.equal(run.code, 2, `${command} ${path}: exit 2`)
    t.match(run.stderr, /^azman: cannot read .*: (it is not a regular file \(a device, FIFO or socket\)|it is a folder, not a file).*\[AZMAN_ERR_STORE_IO\]\n$/, `${command} ${path}: says why`)
    t.notMatch(run.stderr, STACK_LINE)
    t.ok(Date.now() - started < 30_000, `${command} ${path}: answers without waiting on the file`)
    checked++
  }
  t.equal(checked, 5)
})

t.test('a change set, template or binding file that is a FIFO is refused too', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'store.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const pipe = fifo(dir)
  for (const args of [
    ['apply', store, pipe],
    ['audit', store, '--template', pipe],
  ]) {
    const run = spawnCli(args)
    t.equal(run.code, 2, `${args[0] ?? ''}: exit 2`)
    t.match(run.stderr, /not a regular file/, `${args[0] ?? ''}: says why`)
  }
})

t.test('a store over the size limit is refused, the limit named; --max-store-bytes and AZMAN_MAX_STORE_BYTES set it', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'store.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  await t.rejects(new XmlStore(store, store, false, { maxBytes: 100 }).load(), { code: 'AZMAN_ERR_STORE_IO', message: /too large for a store \(\d+ bytes, over the 100-byte limit/ })
  t.ok((await new XmlStore(store, store, false, { maxBytes: 100_000 }).load()).policy.applications.length > 0, 'a larger limit reads it')
  // In this process (runCli): only the FIFO cases above need a child process that a hang cannot stop.
  const flag = await runCli(['show', store, '--max-store-bytes', '100'])
  t.equal(flag.code, 2, '--max-store-bytes 100: exit 2')
  t.match(flag.stderr, /over the 100-byte limit/)
  const env = await runCli(['show', store], { AZMAN_MAX_STORE_BYTES: '100' })
  t.equal(env.code, 2, 'AZMAN_MAX_STORE_BYTES=100: exit 2')
  t.equal((await runCli(['show', store], { AZMAN_MAX_STORE_BYTES: '100000' })).code, 0, 'AZMAN_MAX_STORE_BYTES=100000 reads it')
  for (const bad of ['0', '-5', '1.5', 'abc', '1e400', '99999999999999999999']) {
    const run = await runCli(['show', store, '--max-store-bytes', bad])
    t.equal(run.code, 3, `--max-store-bytes ${bad}: a usage error`)
    t.match(run.stderr, /^azman: --max-store-bytes must be a whole number of bytes above 0, not "[^"]*" \[AZMAN_ERR_USAGE\]\n$/, `--max-store-bytes ${bad}: one line`)
  }
})

t.test('readBytes: a file that grows past the limit while read is refused; one at the limit is read', async (t) => {
  const dir = t.testdir({})
  const path = join(dir, 'f')
  writeFileSync(path, Buffer.alloc(1000, 0x61))
  t.equal((await readBytes(path, 1000)).length, 1000, 'exactly at the limit')
  await t.rejects(readBytes(path, 999), { code: 'EAZMAN_TOO_LARGE' })
  writeFileSync(path, '')
  t.equal((await readBytes(path, 10)).length, 0, 'an empty file')
})
