import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import t from 'tap'
import { versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { archiveDirOf, archivePathOf, archiveVersion, loadVersion } from '../../../src/store/xml/version-archive.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { sidFor, withAdministratorMembers } from './children/members.js'
import { SAMPLES } from './edit-helpers.js'

const sample = readFileSync(SAMPLES.r2)

t.test('a version is stored gzipped under the hash of its bytes, once', async (t) => {
  const dir = t.testdir({})
  const path = join(dir, 'store.xml')
  const version = await archiveVersion(path, sample, 0o600)
  t.equal(version, versionOf(sample))
  const file = join(archiveDirOf(path), `${version.slice('sha256:'.length)}.xml.gz`)
  t.equal(archivePathOf(path, version), file)
  t.ok(gunzipSync(readFileSync(file)).equals(sample), 'gzip of the exact bytes')
  t.equal(statSync(file).mode & 0o777, 0o600, 'the mode asked for')
  t.equal(statSync(archiveDirOf(path)).mode & 0o777, 0o700, 'folder: searchable by whoever may read')
  const { ino, mtimeMs } = statSync(file)
  await archiveVersion(path, sample, 0o600)
  t.same({ ino: statSync(file).ino, mtimeMs: statSync(file).mtimeMs }, { ino, mtimeMs }, 'archiving it again leaves the file alone')
  t.same(readdirSync(archiveDirOf(path)), [`${version.slice('sha256:'.length)}.xml.gz`], 'no temporary file left')
  t.ok((await loadVersion(path, version)).equals(sample), 'loads the exact bytes')
})

t.test('loading checks that the version is there and intact', async (t) => {
  const dir = t.testdir({})
  const path = join(dir, 'store.xml')
  const version = await archiveVersion(path, sample, 0o644)
  const other = Buffer.concat([sample, Buffer.from('\n')])
  await t.rejects(loadVersion(path, versionOf(other), 'store.xml'), {
    code: 'AZMAN_ERR_STORE_IO',
    exitCode: 2,
    message: `version ${versionOf(other)} of store.xml is not in store.xml.versions, so it cannot be restored`,
  })
  writeFileSync(archivePathOf(path, version), gzipSync(other))
  await t.rejects(loadVersion(path, version, 'store.xml'), { code: 'AZMAN_ERR_STORE_IO', message: /is damaged \(its bytes hash to sha256:/ }, 'bytes that do not match the name')
  writeFileSync(archivePathOf(path, version), sample)
  await t.rejects(loadVersion(path, version, 'store.xml'), { code: 'AZMAN_ERR_STORE_IO', message: /is damaged \(not gzip data\)/ })
  t.throws(() => archivePathOf(path, 'sha256:../../etc/passwd'), { code: 'AZMAN_ERR_STORE_IO', message: /is not a store version/ }, 'a version never becomes a path outside the archive')
})

t.test('every write archives the version it replaced and the version it wrote', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path)
  const seen = [versionOf(sample)]
  for (const n of [1, 2, 3]) {
    const result = await store.update((s) => withAdministratorMembers(s.policy, (m) => [...m, sidFor(n)]))
    seen.push(result.after)
  }
  const archived = readdirSync(archiveDirOf(path)).sort()
  t.same(archived, seen.map((v) => `${v.slice('sha256:'.length)}.xml.gz`).sort(), 'the original and the three written versions')
  t.ok((await loadVersion(path, versionOf(readFileSync(path)))).equals(readFileSync(path)), 'the current bytes are restorable')
})
