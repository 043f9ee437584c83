import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { SnapshotCache } from '../../../src/store/xml/snapshot-cache.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { manualClock } from '../../support/manual-clock.js'
import { root } from './edit-helpers.js'

const SAMPLE = join(root, 'store-samples', 'hyperv-2008r2.xml')
const DELEGATED = join(root, 'store-samples', 'hyperv-2008r2-delegated.xml')

t.test('a cached store gives the same snapshot while the file is unchanged, and the new one after any change', async (t) => {
  const path = join(t.testdir({}), 'store.xml')
  copyFileSync(SAMPLE, path)
  const store = new XmlStore(path, 'lab', false, { cacheSnapshots: true })
  const first = await store.load()
  t.equal((await store.load()).version, first.version)
  // Changed in place, same size class, right away: a change within the file-time granularity is still seen.
  copyFileSync(DELEGATED, path)
  const second = await store.load()
  t.not(second.version, first.version, 'an in-place change is seen at once')
  t.equal(second.policy.applications[0]?.scopes.length, 2)
  writeFileSync(path, readFileSync(SAMPLE))
  t.equal((await store.load()).version, first.version, 'and changed back')
  t.equal((await store.load()).policy, (await store.load()).policy, 'an unchanged file gives the same (immutable) snapshot object')
})

t.test('with revalidateMs, another process shows within that time; writes through the store at once', async (t) => {
  const clock = manualClock(t)
  const path = join(t.testdir({}), 'store.xml')
  copyFileSync(SAMPLE, path)
  const store = new XmlStore(path, 'lab', false, { cacheSnapshots: true, revalidateMs: 60_000 })
  const before = await store.load()
  const written = await store.update((s) => ({ ...s.policy, applications: s.policy.applications.map((a) => ({ ...a, description: 'changed through the store' })) }), {
    record: { actor: 't', changes: null },
  })
  const after = await store.load()
  t.equal(after.version, written.after, 'a write through the store shows at once')
  t.not(after.version, before.version)
  copyFileSync(SAMPLE, path) // another process, right after: the file has not settled, so it is looked at
  t.equal((await store.load()).version, before.version, 'a file changed less than 2 s ago is always looked at')
  clock.advance(2100) // let the file settle (the cache compares Date.now() with its change time): its identity is then trusted
  const settled = await store.load()
  copyFileSync(DELEGATED, path) // another process
  t.equal((await store.load()).version, settled.version, 'within revalidateMs a settled snapshot is reused (the documented staleness)')
  const fresh = new XmlStore(path, 'lab', false, { cacheSnapshots: true, revalidateMs: 0 })
  t.not((await fresh.load()).version, settled.version, 'with 0 every read looks at the file')
})

t.test('lookups made while one looks at the file share it, unless the file was written meanwhile', async (t) => {
  const path = join(t.testdir({}), 'store.xml')
  copyFileSync(SAMPLE, path)
  const cache = new SnapshotCache(path, { revalidateMs: 60_000 })
  const first = cache.lookup()
  t.equal(cache.lookup(), first, 'a second lookup waits for the first look (one stat for both)')
  const miss = await first
  t.notOk('hit' in miss, 'nothing cached yet')
  t.not(cache.lookup(), first, 'a lookup after the look is done looks again')
  const during = cache.lookup()
  cache.forget() // a write through this process
  t.not(cache.lookup(), during, 'a lookup after a write never shares a look begun before it')
  await during
})
