/**
 * `azman serve --data-dir DIR` serves DIR/stores/*.xml by file name. A file
 * there that cannot be served (a name that is not a store name, a second name
 * differing only in case, a folder or a FIFO ending in .xml) used to stop the
 * whole server from starting; it is skipped with a warning naming it, and the
 * other stores are served.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { prepareDataDir } from '../../src/service-config/data-dir.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { sample } from '../cli/run-cli.js'
import { serve } from './serve-process.js'

/** A data folder with a tokens file, two good stores and one of each kind of unservable entry. */
async function dataDir(dir: string): Promise<{ token: string; unservable: readonly string[] }> {
  const stores = join(dir, 'stores')
  mkdirSync(stores, { recursive: true })
  const { token } = await addToken(join(dir, 'tokens.json'), 'admin', 'reader')
  copyFileSync(sample('hyperv-2008r2.xml'), join(stores, 'LAB.xml'))
  copyFileSync(sample('hyperv-2008.xml'), join(stores, 'old.xml'))
  const unservable = ['my lab.xml', '.hidden.xml', 'lab.xml', 'x\u001b[31mred.xml', 'folder.xml', 'pipe.xml']
  for (const name of unservable.slice(0, 4)) copyFileSync(sample('hyperv-2008r2.xml'), join(stores, name))
  mkdirSync(join(stores, 'folder.xml'))
  const fifo = spawnSync('mkfifo', [join(stores, 'pipe.xml')])
  if (fifo.status !== 0) throw new Error(`mkfifo failed: ${fifo.stderr.toString()}`)
  // Side files next to a store (a journal, a lock) are expected and skipped without a word.
  copyFileSync(sample('hyperv-2008r2.xml'), join(stores, 'lab.xml.bak'))
  return { token, unservable }
}

t.test('prepareDataDir skips what it cannot serve and says why', async (t) => {
  const dir = t.testdir({})
  const { unservable } = await dataDir(dir)
  const data = await prepareDataDir(dir)
  t.same(
    data.stores.map((s) => s.name),
    ['LAB', 'old'],
    'the servable stores (of two names differing in case, the first in sort order)',
  )
  t.same(data.skipped.map((s) => s.file).sort(), [...unservable].sort(), 'each unservable entry, by name')
  const reasons = new Map(data.skipped.map((s) => [s.file, s.reason]))
  t.match(reasons.get('my lab.xml'), /letters, digits/)
  t.match(reasons.get('lab.xml'), /"LAB\.xml"/, 'a name differing only in case names the one served')
  t.match(reasons.get('folder.xml'), /not a regular file/)
  t.match(reasons.get('pipe.xml'), /not a regular file/)
  t.equal(data.skipped.length, 6)
})

t.test('serve --data-dir starts with the servable stores and warns about each skipped file', async (t) => {
  const dir = t.testdir({})
  const { token, unservable } = await dataDir(dir)
  const started = await serve(dir)
  try {
    const warnings = started
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('azman: warning: skipped'))
    t.equal(warnings.length, unservable.length, started.stderr())
    t.ok(
      warnings.some((w) => w.includes('my lab.xml"')),
      'names the file',
    )
    t.notOk(started.stderr().includes('\u001b'), 'a file name cannot send escape sequences to the terminal')
    t.match(started.stderr(), /serving 2 stores \(LAB, old\)/)
    const response = await fetch(`${started.url}/stores/old`, { headers: { authorization: `Bearer ${token}` } })
    t.equal(response.status, 200, 'a servable store is served')
  } finally {
    await new Promise((resolve) => {
      started.child.once('exit', resolve)
      started.child.kill('SIGTERM')
    })
  }
})
