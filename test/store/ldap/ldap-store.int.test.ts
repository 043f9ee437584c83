import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { applyChangeSet } from '../../../src/change-set/apply-changes.js'
import { parseChangeSet } from '../../../src/change-set/parse-change-set.js'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import { validateStore } from '../../../src/model/integrity/validate.js'
import { NO_EXTRAS, type PolicyStore } from '../../../src/model/policy.js'
import { filter } from '../../../src/ldap/filter.js'
import { LdapStore } from '../../../src/store/ldap/ldap-store.js'
import { LdapSession } from '../../../src/ldap/session.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { exportStore } from '../../../src/views/export-json.js'
import { adStoreWith, dcSettings, entryExists, freshAdStore, removeAtEnd, storeUrl, uniqueStoreDn } from '../../support/ad-store.js'
import { LdapProxy } from '../../support/ldap-proxy.js'
import { ensureDc } from '../../support/samba-dc.js'
import { BASE } from '../contract.js'
import { samplePolicy, withoutGroups } from '../samples.js'

// Against the Samba AD DC the suite starts on loopback (test/support/samba-dc.ts).

t.test('XML -> AD -> model is lossless for every sample Samba accepts; a load is StartTLS, bind and one search', async (t) => {
  const samples: [string, PolicyStore][] = [
    ['hyperv-2008.xml', samplePolicy('hyperv-2008.xml')],
    ['hyperv-2008r2.xml', samplePolicy('hyperv-2008r2.xml')],
    ['hyperv-2008r2-delegated.xml without application groups', withoutGroups(samplePolicy('hyperv-2008r2-delegated.xml'))],
  ]
  for (const [name, policy] of samples) {
    const { store } = await adStoreWith(t, policy, { label: 'sample' })
    const before = store.stats.requests
    const loaded = await store.load()
    t.same(diffPolicies(loaded.policy, policy), [], `${name}: every object, link and member read back`)
    t.equal(store.stats.requests - before, 3, `${name}: one load is 3 LDAP requests (StartTLS, bind, one paged search)`)
    t.same(
      validateStore(loaded.policy).filter((f) => f.severity === 'error'),
      [],
      `${name}: valid`,
    )
  }
})

t.test('a store with application groups is refused by Samba: a clear error, and no partial store left', async (t) => {
  const { store, dn } = await freshAdStore(t, { label: 'groups' })
  await t.rejects(store.create(samplePolicy('hyperv-2008r2-delegated.xml')), {
    code: 'AZMAN_ERR_LDAP_UNSUPPORTED',
    exitCode: 4,
    message: /does not support AzMan application groups .*samldb: Unrecognized account type!.*nothing was left in the directory/,
  })
  t.notOk(await entryExists(await ensureDc(), dn), 'the store DN is gone')
})

t.test('adding a member is one write; a no-op is none', async (t) => {
  const { store } = await adStoreWith(t, BASE, { label: 'one-write' })
  const writes = store.stats.writes
  await store.update((s) => ({
    ...s.policy,
    applications: s.policy.applications.map((a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, members: [...r.members, 'S-1-5-11'] } : r)) })),
  }))
  t.equal(store.stats.writes - writes, 1, 'one modify')
  await store.update((s) => s.policy)
  t.equal(store.stats.writes - writes, 1, 'nothing more')
  // Samba finds two objects for S-1-5-11; removing it works too.
  await store.update((s) => ({
    ...s.policy,
    applications: s.policy.applications.map((a) => ({
      ...a,
      roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, members: r.members.filter((m) => m !== 'S-1-5-11') } : r)),
    })),
  }))
  t.same(diffPolicies((await store.load()).policy, BASE), [], 'back to the start')
})

t.test('a change made by someone else between our read and our write makes the write fail, not overwrite it; our earlier writes are undone', async (t) => {
  const dc = await ensureDc()
  const { store, dn } = await adStoreWith(t, { ...BASE, description: 'original' }, { label: 'race', journaled: false })
  const attempt = store.update((s) => {
    // Another administrator changes the description now, after our read and before our writes (ldapmodify, synchronously).
    execFileSync('ldapmodify', ['-x', '-H', `ldap://${dc.host}:${dc.port}`, '-D', dc.user, '-w', dc.password], {
      input: `dn: ${dn}\nchangetype: modify\nreplace: description\ndescription: theirs\n`,
      stdio: ['pipe', 'ignore', 'inherit'],
    })
    // A new operation (an add, written first) and the description (a modify, written after it).
    return {
      ...s.policy,
      description: 'ours',
      applications: s.policy.applications.map((a) => ({ ...a, operations: [...a.operations, { guid: randomUUID(), name: 'Ours', operationId: '4242', extras: NO_EXTRAS }] })),
    }
  })
  await t.rejects(attempt, { code: 'AZMAN_ERR_LDAP_CONCURRENT', exitCode: 4, message: /another writer changed the store.*nothing was changed \(the 1 write\(s\) already made were undone\)/ })
  const now = (await store.load()).policy
  t.equal(now.description, 'theirs', 'the other write stands')
  t.notOk(
    now.applications[0]?.operations.some((o) => o.name === 'Ours'),
    'the operation we had added is removed again',
  )
})

t.test('names that look like DN syntax stay names: no object lands outside the store', async (t) => {
  const dc = await ensureDc()
  const { store, dn } = await adStoreWith(t, BASE, { label: 'inject' })
  const evil = ['Admins,CN=Users,DC=azlab,DC=test', 'a+b=c;#d', '#leading', 'CN=x']
  await store.update((s) => ({
    ...s.policy,
    applications: s.policy.applications.map((a) => ({
      ...a,
      roleAssignments: [...a.roleAssignments, ...evil.map((name) => ({ guid: randomUUID(), name, taskLinks: [], operationLinks: [], appMemberLinks: [], members: [], extras: NO_EXTRAS }))],
    })),
  }))
  const loaded = await store.load()
  for (const name of evil)
    t.ok(
      loaded.policy.applications[0]?.roleAssignments.some((r) => r.name === name),
      `${JSON.stringify(name)} reads back as itself`,
    )
  const s = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc))
  try {
    const inUsers = await s.search(`CN=Users,${dc.baseDn}`, { scope: 'one', filter: filter`(objectClass=msDS-AzRole)`, attributes: ['1.1'] })
    t.same(inUsers, [], 'nothing was created in CN=Users')
    const roles = await s.search(dn, { scope: 'sub', filter: filter`(objectClass=msDS-AzRole)`, attributes: ['cn'] })
    t.ok(
      roles.every((r) => r.dn.toLowerCase().endsWith(dn.toLowerCase())),
      'every role assignment sits under the store',
    )
  } finally {
    await s.close()
  }
})

const CHANGES = parseChangeSet({
  changes: [
    { type: 'create-scope', app: 'Hyper-V services', name: 'Dev VMs' },
    { type: 'create-role-definition', app: 'Hyper-V services', scope: 'Dev VMs', name: 'Dev Operator', tasks: ['Operate Virtual Machine'] },
    { type: 'create-role-assignment', app: 'Hyper-V services', scope: 'Dev VMs', name: 'Dev Operators', roleDefinitions: ['Dev Operator'] },
    { type: 'add-role-assignment-members', app: 'Hyper-V services', scope: 'Dev VMs', roleAssignment: 'Dev Operators', members: [{ sid: 'S-1-5-21-1-2-3-2001' }, { sid: 'S-1-5-32-555' }] },
    { type: 'add-role-assignment-members', app: 'Hyper-V services', roleAssignment: 'Auditors', members: [{ sid: 'S-1-5-32-559' }] },
    { type: 'update-task', app: 'Hyper-V services', name: 'Monitor Virtual Machine', description: 'watched', addOperations: [330] },
    { type: 'delete-role-assignment', app: 'Hyper-V services', scope: 'Production VMs', name: 'Production Monitors' },
  ],
})

/** What a person compares: the export, without GUIDs (new objects get random ones), lists sorted. */
function readable(policy: PolicyStore): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'guid')
          .map(([k, x]) => [k, strip(x)]),
      )
    return v
  }
  return strip(exportStore(policy))
}

t.test('a connection lost in the middle of an apply: the error says what was applied, no link dangles, applying again completes it', async (t) => {
  const dc = await ensureDc()
  const dn = uniqueStoreDn(dc, 'cut')
  removeAtEnd(t, dc, dn)
  const journal = `${t.testdir()}/journal.jsonl`
  const direct = new LdapStore(storeUrl(dc, dn), dcSettings(dc), 'direct', { journal })
  await direct.create(BASE)
  // Plain LDAP through a proxy that cuts the connection instead of forwarding the 3rd write (the test DC allows --ldap-insecure).
  const proxy = new LdapProxy({ host: dc.host, port: dc.port }, { cutBeforeWrite: 3 })
  const port = await proxy.listen()
  t.teardown(() => proxy.close())
  const cut = new LdapStore(storeUrl(dc, dn, port), dcSettings(dc, { insecure: true }), 'through the proxy', { journal })
  const error = await applyChangeSet(cut, CHANGES, { actor: 'alice' }).then(
    () => undefined,
    (e: unknown) => e,
  )
  t.match(error, {
    code: 'AZMAN_ERR_LDAP_PARTIAL',
    exitCode: 2,
    message: /2 of \d+ write\(s\) applied: add CN=[0-9a-f-]{36},CN=089bb868.* \| add CN=AzTaskObjectContainer-.*; not applied: add .*apply the same change set again/,
  })
  t.equal((error as { applied?: unknown[] }).applied?.length, 2, 'exactly the two writes the server answered')
  const halfway = (await direct.load()).policy
  t.same(
    validateStore(halfway).filter((f) => f.severity === 'error'),
    [],
    'the half-written store is valid: no link points to a missing object',
  )
  t.ok(
    halfway.applications[0]?.scopes.some((s) => s.name === 'Dev VMs'),
    'what was applied is there',
  )
  const journaled = await direct.history()
  t.match(journaled.at(-1), { actor: 'alice', after: 'ad:unknown', changes: { interrupted: { applied: [/^add /, /^add /] } } }, 'the journal says what was applied')

  const done = await applyChangeSet(direct, CHANGES, { actor: 'alice' })
  t.ok(done.result.edits.length > 0, 'the rest is written')
  const expected = await (async () => {
    const xml = new XmlStore(`${t.testdir()}/expected.xml`)
    await xml.create(BASE)
    await applyChangeSet(xml, CHANGES, { actor: 'alice' })
    return (await xml.load()).policy
  })()
  t.same(readable((await direct.load()).policy), readable(expected), 'the store is as if the change set had been applied in one go')
  t.same((await applyChangeSet(direct, CHANGES, { actor: 'alice' })).result.edits, [], 'applying it once more changes nothing')
})

t.test('a server that goes away in the middle of a load is a connection error, not a partial store', async (t) => {
  const dc = await ensureDc()
  const { dn } = await adStoreWith(t, BASE, { label: 'gone' })
  const proxy = new LdapProxy({ host: dc.host, port: dc.port }, { cutBeforeWrite: 1 })
  const port = await proxy.listen()
  t.teardown(() => proxy.close())
  const store = new LdapStore(storeUrl(dc, dn, port), dcSettings(dc, { insecure: true }))
  const loaded = await store.load()
  t.same(diffPolicies(loaded.policy, BASE), [], 'plain LDAP through the proxy reads fine')
  await t.rejects(
    store.update((s) => ({ ...s.policy, description: 'x' })),
    { code: 'AZMAN_ERR_LDAP_CONNECT', exitCode: 2, message: /was lost/ },
    'the first write: nothing applied, so a plain connection error',
  )
  await proxy.close()
  await t.rejects(store.load(), { code: 'AZMAN_ERR_LDAP_CONNECT', exitCode: 2, message: /connection refused/ }, 'the proxy is gone')
})
