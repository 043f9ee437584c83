import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { PolicyStore } from '../../../src/model/policy.js'
import { versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { withStoreLock } from '../../../src/fs/store-lock.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { NO_EXTRAS, SAMPLES, withApp } from './edit-helpers.js'

const sample = readFileSync(SAMPLES.delegated)

function addEveryone(p: PolicyStore): PolicyStore {
  return withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, members: [...r.members, 'S-1-1-0'] } : r)) }))
}

t.test('load reports the policy and a version that is the hash of the bytes', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const snapshot = await new XmlStore(join(dir, 'store.xml')).load()
  t.equal(snapshot.version, versionOf(sample))
  t.match(snapshot.version, /^sha256:[0-9a-f]{64}$/)
  t.equal(snapshot.policy.applications[0]?.name, 'Hyper-V services')
})

t.test('update writes only the difference, keeps the file mode, and leaves no temporary file', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  chmodSync(path, 0o640)
  const store = new XmlStore(path)
  const result = await store.update((s) => addEveryone(s.policy))
  t.equal(result.before, versionOf(sample))
  t.same(
    result.edits.map((e) => e.type),
    ['add'],
    'one object-level edit',
  )
  const written = readFileSync(path)
  t.equal(result.after, versionOf(written), 'the reported version is the new bytes')
  t.equal(written.length, sample.length + '<Member>S-1-1-0</Member>'.length, 'only the new member was added')
  t.equal(statSync(path).mode & 0o777, 0o640, 'file mode kept')
  t.same(readdirSync(dir).sort(), ['store.xml', 'store.xml.bak', 'store.xml.versions'], 'no temporary file or lock left; the backup and the version archive')
  const again = await store.update((s) => s.policy)
  t.same(again.edits, [], 'an update that changes nothing writes nothing')
  t.equal(again.before, again.after)
})

t.test('a stale precondition is refused and nothing is written', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  await t.rejects(
    new XmlStore(path).update((s) => addEveryone(s.policy), { expectedVersion: 'sha256:0000' }),
    { code: 'AZMAN_ERR_CONFLICT_STALE', exitCode: 5 },
  )
  t.ok(readFileSync(path).equals(sample), 'file unchanged')
})

t.test('a change that would not read back faithfully is refused before anything is written', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  // A character XML cannot hold, in a policy no plan makes (plans refuse it): the written text would
  // not even read back, and reading it back is what catches it.
  const change = (s: { policy: PolicyStore }): PolicyStore =>
    withApp(s.policy, (a) => ({
      ...a,
      scopes: [...a.scopes, { guid: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', name: 'Lines', description: 'bell \u0007', extras: NO_EXTRAS, groups: [], tasks: [], roleAssignments: [] }],
    }))
  await t.rejects(new XmlStore(path).update(change), { code: 'AZMAN_ERR_CHANGE_UNWRITABLE', exitCode: 4 })
  t.ok(readFileSync(path).equals(sample), 'file unchanged')
  t.same(readdirSync(dir), ['store.xml'], 'no temporary file left')
})

t.test('create writes a new store in AzMan layout and refuses to overwrite without being told', async (t) => {
  const dir = t.testdir({ 'existing.xml': 'keep me' })
  const source = await new XmlStore(SAMPLES.indented).load()
  const fresh = new XmlStore(join(dir, 'new.xml'))
  const created = await fresh.create(source.policy)
  const text = readFileSync(join(dir, 'new.xml'), 'utf8')
  t.match(
    text,
    /^<\?xml version="1\.0" encoding="utf-8"\?>\r\n<AzAdminManager MajorVersion="2" MinorVersion="0" Guid="c5217693-1a84-48ee-a9ae-65f0e10bd314" Description="This is the description">\r\n\t<AzApplication /,
  )
  const outsideRules = text.replace(/<BizRule>[\s\S]*?<\/BizRule>/g, '')
  t.equal(outsideRules.split('\r\n').length, 4, 'three CRLFs outside BizRule text: the body is on one line')
  t.notMatch(text, /[^\r]\n/, 'every line break is CRLF, inside BizRule text too')
  t.equal(created.version, versionOf(readFileSync(join(dir, 'new.xml'))))
  const existing = new XmlStore(join(dir, 'existing.xml'))
  await t.rejects(existing.create(source.policy), { code: 'AZMAN_ERR_CONFLICT_EXISTS', exitCode: 5 })
  t.equal(readFileSync(join(dir, 'existing.xml'), 'utf8'), 'keep me', 'existing file untouched')
  await existing.create(source.policy, { overwrite: true })
  t.match(readFileSync(join(dir, 'existing.xml'), 'utf8'), /^<\?xml/)
})

t.test('I/O failures become store errors with a reason a person understands', async (t) => {
  const dir = t.testdir({ folder: {} })
  await t.rejects(new XmlStore(join(dir, 'missing.xml')).load(), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: /no such file/ })
  await t.rejects(new XmlStore(join(dir, 'folder')).load(), { code: 'AZMAN_ERR_STORE_IO', message: /folder, not a file/ })
  await t.rejects(new XmlStore('C:\\ProgramData\\x.xml', 'msxml://C:\\ProgramData\\x.xml', true).load(), { code: 'AZMAN_ERR_STORE_UNSUPPORTED', message: /Windows path/ })
  writeFileSync(join(dir, 'empty.xml'), '')
  await t.rejects(new XmlStore(join(dir, 'empty.xml')).load(), { code: 'AZMAN_ERR_NOT_A_STORE', message: /empty/ })
})

t.test('a write may not introduce an integrity error, but existing ones do not block unrelated edits', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path)
  const cases: [string, (p: PolicyStore) => PolicyStore, string][] = [
    [
      'a new name with a forbidden character',
      (p) => withApp(p, (a) => ({ ...a, scopes: a.scopes, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, name: 'Audit: all' } : r)) })),
      'AZ_NAME_FORBIDDEN_CHARACTER',
    ],
    ['a malformed SID', (p) => withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, members: ['not-a-sid'] } : r)) })), 'AZ_MALFORMED_SID'],
    [
      'a link to nothing',
      (p) => withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, taskLinks: ['00000000-0000-4000-8000-000000000000'] } : r)) })),
      'AZ_DANGLING_LINK',
    ],
    ['a duplicate name', (p) => withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, name: 'administrator' } : r)) })), 'AZ_DUPLICATE_NAME'],
  ]
  for (const [what, change, code] of cases) {
    await t.rejects(
      store.update((s) => change(s.policy)),
      { code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', exitCode: 4, message: new RegExp(code) },
      what,
    )
  }
  await t.rejects(
    store.update((s) =>
      withApp(s.policy, (a) => ({ ...a, scopes: [...a.scopes, { guid: '0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0', name: 'Upper', extras: NO_EXTRAS, groups: [], tasks: [], roleAssignments: [] }] })),
    ),
    { code: 'AZMAN_ERR_CHANGE_INVALID_GUID' },
    'new GUIDs are lowercase',
  )
  t.ok(readFileSync(path).equals(sample), 'nothing was written')

  // A store that already breaks a rule can still be edited elsewhere.
  const broken = sample.toString('utf8').replace('Name="Auditors"', 'Name="Audit: all"')
  writeFileSync(path, broken)
  const result = await store.update((s) =>
    addEveryone({
      ...s.policy,
      applications: s.policy.applications.map((a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Audit: all' ? { ...r, members: [...r.members, 'S-1-1-0'] } : r)) })),
    }),
  )
  t.equal(result.edits.length, 1, 'the unrelated edit is written')
  t.match(readFileSync(path, 'utf8'), /Name="Audit: all"/, 'the existing name is kept as it was')
})

t.test('replacing a whole store (copy --force) waits for the lock of a writer under way', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const replacement = readFileSync(SAMPLES.delegated.replace('hyperv-2008r2-delegated.xml', 'hyperv-2008r2.xml'))
  const order: string[] = []
  let replaced: Promise<void> | undefined
  await withStoreLock(path, { displayName: 'store.xml' }, async () => {
    replaced = new XmlStore(path).writeBytes(replacement, { overwrite: true }).then(() => {
      order.push('replaced')
    })
    // Give the replacement every chance to run while the lock is held. A fixed wait on purpose: what is tested is that
    // nothing happens while the lock is held, and no event marks "the other writer tried and is waiting".
    await new Promise((resolve) => setTimeout(resolve, 300))
    t.ok(readFileSync(path).equals(sample), 'not replaced while another writer holds the lock')
    order.push('writer done')
  })
  await replaced
  t.same(order, ['writer done', 'replaced'])
  t.ok(readFileSync(path).equals(replacement))
})
