import t, { type Test } from 'tap'
import { Directory, LOGON_SIDS } from '../../src/directory/directory.js'
import { evaluateLdapQueryGroups } from '../../src/directory/ldap-query-groups.js'
import { resolveToken } from '../../src/directory/resolve-token.js'
import { sidNamesFor, sidsOf } from '../../src/directory/sid-names.js'
import { parseAccountName } from '../../src/model/account-name.js'
import { guidKey } from '../../src/model/policy.js'
import { dcSettings } from '../support/ad-store.js'
import { ensureDc, type TestDc } from '../support/samba-dc.js'
import { samplePolicy } from '../store/samples.js'

// Against the Samba AD DC the suite starts on loopback, with its fixture accounts
// (test/support/samba-dc.ts): alice in "Lab Operators", itself in "Lab Admins"; carol in "Lab Admins".

async function directory(t: Test): Promise<{ d: Directory; dc: TestDc }> {
  const dc = await ensureDc()
  const d = new Directory({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc))
  t.teardown(() => d.close())
  return { d, dc }
}

t.test('account names as people type them', async (t) => {
  t.same(parseAccountName('LAB\\alice'), { form: 'down-level', domain: 'LAB', name: 'alice' })
  t.same(parseAccountName(' alice@lab.test '), { form: 'upn', name: 'alice', suffix: 'lab.test' })
  t.same(parseAccountName('alice'), { form: 'bare', name: 'alice' })
  t.same(parseAccountName('\\alice'), { form: 'bare', name: '\\alice' }, 'no domain part: matched as a whole name')
})

t.test('resolveToken: the account, its transitive groups, and the SIDs of every logon', async (t) => {
  const { d, dc } = await directory(t)
  const domainUsers = `${dc.domainSid}-513`
  for (const name of ['AZLAB\\alice', 'azlab.test\\alice', 'alice@azlab.test', 'alice', dc.sids.alice ?? '']) {
    const token = await resolveToken(d, name)
    t.equal(token.account.sid, dc.sids.alice, `${name} is alice`)
    t.equal(token.account.name, 'AZLAB\\alice')
    t.same(
      [...token.sids].sort(),
      [dc.sids.alice, dc.sids['Lab Operators'], dc.sids['Lab Admins'], domainUsers, 'S-1-5-32-545', ...LOGON_SIDS].sort(),
      `${name}: own SID, Lab Operators, Lab Admins through it, Domain Users, BUILTIN\\Users, Everyone, Authenticated Users`,
    )
  }
  const bob = await resolveToken(d, 'AZLAB\\bob')
  t.notOk(bob.sids.includes(dc.sids['Lab Admins'] ?? ''), 'bob is in no lab group')
  const builtin = await resolveToken(d, 'BUILTIN\\Administrators')
  t.equal(builtin.account.sid, 'S-1-5-32-544', 'well-known names need no search')
})

t.test('unknown accounts and injection attempts resolve to nothing', async (t) => {
  const { d } = await directory(t)
  for (const name of ['AZLAB\\nobody', 'AZLAB\\*', 'AZLAB\\a*', 'AZLAB\\alice)(|(sAMAccountName=*', 'alice)(objectClass=*', '*@azlab.test', 'alice@azlab.test)(cn=*']) {
    await t.rejects(d.resolveAccount(name), { code: 'AZMAN_ERR_ACCOUNT_UNKNOWN', exitCode: 4 }, name)
  }
  await t.rejects(d.resolveAccount('OTHER\\alice'), { code: 'AZMAN_ERR_ACCOUNT_UNKNOWN', message: /serves the domain AZLAB \(azlab\.test\), not OTHER/ })
})

t.test('names for SIDs: domain accounts and builtin groups; foreign SIDs stay unnamed', async (t) => {
  const { d, dc } = await directory(t)
  const names = await d.names([dc.sids.alice ?? '', dc.sids['Lab Admins'] ?? '', 'S-1-5-32-544', 'S-1-5-21-1-2-3-1001', 'not a SID'])
  t.same(Object.fromEntries(names), { [dc.sids.alice ?? '']: 'AZLAB\\alice', [dc.sids['Lab Admins'] ?? '']: 'AZLAB\\LabAdmins', 'S-1-5-32-544': 'BUILTIN\\Administrators' })
  const policy = samplePolicy('hyperv-2008r2-delegated.xml')
  t.ok(sidsOf(policy).has('S-1-5-32-544'))
  t.same(Object.fromEntries(await sidNamesFor(d, policy)), { 'S-1-5-32-544': 'BUILTIN\\Administrators' }, 'the sample names foreign SIDs only, and BUILTIN\\Administrators')
  const many = Array.from({ length: 250 }, (_, i) => `${dc.domainSid}-${20000 + i}`)
  const before = await d.requests()
  await d.names([...many, dc.sids.bob ?? ''])
  t.equal((await d.requests()) - before, 3, '251 SIDs in three searches')
})

t.test('LDAP-query application groups are evaluated against the directory', async (t) => {
  const { d } = await directory(t)
  const alice = await d.resolveAccount('alice')
  const bob = await d.resolveAccount('bob')
  t.equal(await d.matchesQuery(alice, '(department=Lab)'), true)
  t.equal(await d.matchesQuery(bob, '(department=Lab)'), false)
  t.equal(await d.matchesQuery(alice, 'department=Lab'), true, 'a bare item, as AzMan accepts')
  t.equal(await d.matchesQuery(alice, '(&(objectClass=user)(memberOf:1.2.840.113556.1.4.1941:=CN=Lab Admins,CN=Users,DC=azlab,DC=test))'), true, 'nested membership with the in-chain rule')
  t.equal(await d.matchesQuery(alice, '(department=Lab'), undefined, 'a malformed filter: undecided')
  const policy = samplePolicy('hyperv-2008r2-delegated.xml')
  const results = await evaluateLdapQueryGroups(d, policy, alice)
  const labAdmins = policy.applications[0]?.groups.find((g) => g.name === 'Hyper-V Lab Admins')
  t.same([...results.entries()], [[guidKey(labAdmins?.guid ?? ''), true]], "the sample's (&(objectCategory=person)(objectClass=user)(department=Lab)) holds alice")
  t.same([...(await evaluateLdapQueryGroups(d, policy, bob)).values()], [false])
})
