import { join } from 'node:path'
import t, { type Test } from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import type { PolicyStore } from '../../../src/model/policy.js'
import { LdapStore } from '../../../src/store/ldap/ldap-store.js'
import { Secret, type LdapSettings } from '../../../src/ldap/settings.js'
import { FakeLdapServer, type FakeServerOptions } from '../../support/fake-ldap-server.js'
import { storeContract } from '../contract.js'
import { samplePolicy } from '../samples.js'

// Samba refuses application groups (groupType 16 and 32) and every msDS-NonMembers write, so those
// paths are tested here against a fake LDAP server on loopback that speaks BER and answers as a
// Windows DC does (test/support/fake-ldap-server.ts). Samba's refusals themselves are tested against
// the real test DC (ldap-store.int.test.ts, ldap-commands.int.test.ts).

const SETTINGS: LdapSettings = { user: 'LAB\\admin', password: new Secret('fake-dc-password'), insecure: true }

async function fakeDc(t: Test, options: FakeServerOptions = {}): Promise<{ server: FakeLdapServer; url: (name: string) => string }> {
  const server = new FakeLdapServer(options)
  const port = await server.listen()
  t.teardown(() => server.close())
  return { server, url: (name) => `msldap://127.0.0.1:${port}/CN=${name},CN=Program Data,${server.baseDn}` }
}

const DELEGATED = samplePolicy('hyperv-2008r2-delegated.xml')

t.test('a store with application groups, members, non-members and app-member links goes to a Windows DC and reads back whole', async (t) => {
  const { server, url } = await fakeDc(t)
  const store = new LdapStore(url('Delegated'), SETTINGS)
  await store.create(DELEGATED)
  const adds = server.requests.filter((r) => r.type === 'add')
  const groups = adds.filter((r) => (r.detail as Record<string, string[]>).objectClass?.[0] === 'group').map((r) => r.detail as Record<string, string[]>)
  t.same(groups.map((g) => g.groupType?.[0]).sort(), ['16', '16', '16', '32'], 'Basic groups as groupType 16, the LDAP query group as 32')
  const vmOperators = groups.find((g) => g.member?.includes('<SID=S-1-5-21-1004336348-1177238915-682003330-1105>'))
  t.same(vmOperators?.['msDS-NonMembers'], ['<SID=S-1-5-21-1004336348-1177238915-682003330-1107>'], 'non-members written as <SID=...> in the same add')
  const query = groups.find((g) => g.groupType?.[0] === '32')
  t.same(query?.['msDS-AzLDAPQuery'], ['(&(objectCategory=person)(objectClass=user)(department=Lab))'])
  const labAdmins = adds.find((r) => r.dn.startsWith('CN=Lab Administrators,'))?.detail as Record<string, string[]>
  t.ok(
    labAdmins['msDS-MembersForAzRole']?.every((v) => v.startsWith('CN=Lab Owners,') || v.startsWith('CN=Hyper-V Lab Admins,')),
    "app-member links written as the groups' DNs",
  )
  t.equal(server.requests.filter((r) => r.type === 'add').length, adds.length)
  const loaded = await store.load()
  t.same(diffPolicies(loaded.policy, DELEGATED), [], 'every group, member, non-member and link reads back')
})

t.test('group edits are single modifies of member and msDS-NonMembers values', async (t) => {
  const { server, url } = await fakeDc(t)
  const store = new LdapStore(url('Edits'), SETTINGS)
  await store.create(DELEGATED)
  const change = (p: PolicyStore): PolicyStore => ({
    ...p,
    applications: p.applications.map((a) => ({
      ...a,
      groups: a.groups.map((g) =>
        g.name === 'VM Operators'
          ? {
              ...g,
              members: g.members.filter((m) => !m.endsWith('-1106')),
              nonMembers: [...g.nonMembers, 'S-1-5-21-1004336348-1177238915-682003330-1199'],
              appNonMemberLinks: [p.groups[0]?.guid ?? ''],
            }
          : g,
      ),
    })),
  })
  const before = server.requests.length
  await store.update((s) => change(s.policy))
  const writes = server.requests.slice(before).filter((r) => r.type !== 'search' && r.type !== 'bind' && r.type !== 'unbind' && r.type !== 'extended')
  t.equal(writes.length, 1, 'one write')
  t.match(writes[0], { type: 'modify', dn: /^CN=VM Operators,/ })
  const detail = writes[0]?.detail as [string, string, string[]][]
  t.same(
    detail.map(([op, attribute, values]) => [op, attribute, values.map((v) => v.replace(/^<GUID=[^>]+>$/, '<GUID>').replace(/^CN=Hyper-V Auditors,.*$/, 'CN=Hyper-V Auditors,...'))]),
    [
      ['delete', 'member', ['<GUID>']],
      ['add', 'msDS-NonMembers', ['<SID=S-1-5-21-1004336348-1177238915-682003330-1199>']],
      ['add', 'msDS-NonMembers', ['<GUID>']],
    ],
    'a member removed by its GUID, a non-member SID and a non-member group added',
  )
  t.same(diffPolicies((await store.load()).policy, change(DELEGATED)), [])
})

t.test('attributes a Windows DC cuts into ranges are read whole', async (t) => {
  const { server, url } = await fakeDc(t, { rangeLimit: 2 })
  const store = new LdapStore(url('Ranged'), SETTINGS)
  const policy = {
    ...DELEGATED,
    groups: DELEGATED.groups.map((g) => ({ ...g, members: ['S-1-5-21-1-2-3-1001', 'S-1-5-21-1-2-3-1002', 'S-1-5-21-1-2-3-1003', 'S-1-5-21-1-2-3-1004', 'S-1-5-21-1-2-3-1005'] })),
  }
  await store.create(policy)
  const loaded = await store.load()
  t.same(loaded.policy.groups[0]?.members, policy.groups[0]?.members, 'all five members')
  t.same(diffPolicies(loaded.policy, policy), [], 'and everything else')
  t.ok(
    server.requests.some((r) => r.type === 'search' && (r.detail as { attributes: string[] }).attributes.includes('member;range=2-*')),
    'the rest was asked for with member;range=2-*',
  )
})

t.test('a server without StartTLS never gets the password unless --ldap-insecure', async (t) => {
  const { server, url } = await fakeDc(t, { startTls: 'refuse' })
  const store = new LdapStore(url('Plain'), { ...SETTINGS, insecure: false })
  await t.rejects(store.load(), { code: 'AZMAN_ERR_LDAP_INSECURE', exitCode: 3, message: /does not offer StartTLS.*--ldap-insecure/ })
  t.same(
    server.requests.map((r) => r.type),
    ['extended'],
    'only the StartTLS request was sent: no bind, so no password',
  )
  t.notMatch(JSON.stringify(server.requests), /fake-dc-password/)
})

t.test('the store contract holds against the Windows-like server too', async (t) => {
  let n = 0
  const server = new FakeLdapServer()
  const port = await server.listen()
  t.teardown(() => server.close())
  storeContract(t, {
    fresh: async (t) => new LdapStore(`msldap://127.0.0.1:${port}/CN=Contract${++n},CN=Program Data,${server.baseDn}`, SETTINGS, 'fake', { journal: join(t.testdir(), 'journal.jsonl') }),
  })
})
