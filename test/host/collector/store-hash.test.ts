/**
 * The collector's own SHA-256 (JScript has no hashing API usable on Server Core 2008) against
 * Node's crypto, over store files of many sizes: 0 bytes, the padding edges around 55/56/64 bytes,
 * the 64 KiB read chunk's edges, and more than 1 MB. The bytes come through ADODB.Stream and MSXML's
 * bin.hex as on a host (fakes in wsh/). Also: store locations that are not files, and a missing file.
 */
import { createHash, randomBytes } from 'node:crypto'
import t from 'tap'
import { readHostFacts } from '../../../src/host/facts/read-facts.js'
import { COLLECTOR_SOURCE } from './collector-source.js'
import { DEFAULT_STORE_PATH, DELEGATED_STORE, hyperVHost, STORE_MODIFIED, type HostOptions } from './hosts/base.js'
import { runWsh } from './wsh/sandbox.js'

function collect(options: HostOptions) {
  const run = runWsh(COLLECTOR_SOURCE, hyperVHost(options))
  return readHostFacts(run.stdout, 'facts.json')
}

t.test('SHA-256 of store files of every awkward size equals Node crypto', async (t) => {
  const sizes = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 65_535, 65_536, 65_537, 131_072, 1_300_000]
  let checked = 0
  for (const size of sizes) {
    const bytes = randomBytes(size)
    // Every byte value, in the first 256 bytes of the larger files: the hex path must be exact for each.
    for (let i = 0; i < Math.min(size, 256); i++) bytes[i] = i
    const store = collect({ storeBytes: bytes }).store
    t.equal(store?.size, size, `${size} bytes: size`)
    t.equal(store?.sha256, createHash('sha256').update(bytes).digest('hex'), `${size} bytes: sha256`)
    checked++
  }
  t.equal(checked, sizes.length)
  t.equal(checked, 19, 'nineteen sizes, 0 bytes to 1.3 MB')
})

t.test('a store the location names but that is not there: exists false, no size or hash', async (t) => {
  t.same(collect({ storeBytes: null }).store, { kind: 'msxml', location: `msxml://${DEFAULT_STORE_PATH}`, path: DEFAULT_STORE_PATH, exists: false })
})

t.test('store locations that are not msxml files are reported as they are', async (t) => {
  const ldap = 'msldap://CN=HyperVStore,CN=Program Data,DC=contoso,DC=com'
  t.same(collect({ storeLocation: ldap }).store, { kind: 'msldap', location: ldap })
  t.same(collect({ storeLocation: 'file://C:\\store.xml' }).store, { kind: 'other', location: 'file://C:\\store.xml' })
  const upper = `MSXML:///${DEFAULT_STORE_PATH.replace(/\\/g, '/')}`
  const facts = collect({ storeLocation: upper, registry: {} })
  t.equal(facts.store?.path, DEFAULT_STORE_PATH, 'msxml:///C:/... is the same file as msxml://C:\\... (the scheme in any case)')
})

t.test('a store file that cannot be hashed keeps its store fact, without sha256, and says why', async (t) => {
  const cases = [
    [{ 'activex:ADODB.Stream': "Automation server can't create object" }, "Automation server can't create object (0x800A01AD)"],
    [{ [`read:${DEFAULT_STORE_PATH}`]: '0x80070020 The process cannot access the file because it is being used by another process.' }, 'The process cannot access the file because it is being used by another process. (0x80070020)'],
    [{ [`read:${DEFAULT_STORE_PATH}`]: '0x80070005 Access is denied.' }, 'Access is denied. (0x80070005)'],
  ] as const
  let checked = 0
  for (const [failures, reason] of cases) {
    const run = runWsh(COLLECTOR_SOURCE, hyperVHost({ failures }))
    const facts = readHostFacts(run.stdout, 'facts.json')
    t.same(facts.store, { kind: 'msxml', location: `msxml://${DEFAULT_STORE_PATH}`, path: DEFAULT_STORE_PATH, exists: true, size: DELEGATED_STORE.length, modified: STORE_MODIFIED.toISOString() }, `${reason}: location, size and time kept`)
    t.same(facts.errors, [{ fact: 'store.sha256', reason: `${DEFAULT_STORE_PATH}: ${reason}` }], `${reason}: store.sha256 says why`)
    t.ok(facts.vms !== undefined && facts.os !== undefined, 'the other facts are there')
    t.equal(run.exitCode, 0)
    checked++
  }
  t.equal(checked, 3, 'three ways a store file cannot be read')
})
