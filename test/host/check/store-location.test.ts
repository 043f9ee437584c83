import t from 'tap'
import { comMask, DCOM_REMOTE_ACTIVATION, DEFAULT_LAUNCH_RESTRICTION } from '../../../src/host/check/dcom-rights.js'
import { hostToken, localMemberships } from '../../../src/host/check/host-token.js'
import { isAtLeast2012R2 } from '../../../src/host/check/not-enforced.js'
import { storeKey } from '../../../src/host/check/store-location.js'
import { missingRights } from '../../../src/host/sddl/evaluate-dacl.js'
import { parseSddl } from '../../../src/host/sddl/parse-sddl.js'
import { DOMAIN, hostFacts } from '../support/facts-builder.js'

t.test('storeKey: files by name without case, msldap by DN without server, case or spaces', async (t) => {
  const cases: [string, string, string][] = [
    ['msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml', 'file', 'initialstore.xml'],
    ['MSXML://C:\\stores\\InitialStore.XML', 'file', 'initialstore.xml'],
    ['./store-samples/hyperv-2008r2.xml', 'file', 'hyperv-2008r2.xml'],
    ['file:///tmp/a.xml', 'file', 'a.xml'],
    ['msldap://CN=Store, DC=contoso ,DC=com', 'msldap', 'cn=store,dc=contoso,dc=com'],
    ['MSLDAP://dc01.contoso.com:389/CN=Store,DC=contoso,DC=com', 'msldap', 'cn=store,dc=contoso,dc=com'],
    ['http://example/store.xml', 'other', 'http://example/store.xml'],
  ]
  let checked = 0
  for (const [ref, kind, key] of cases) {
    t.same(storeKey(ref), { kind, key }, ref)
    checked++
  }
  t.equal(checked, 7)
})

t.test('isAtLeast2012R2: 6.3 and later', async (t) => {
  t.same(['6.0.6002', '6.1.7601', '6.2.9200', '6.3.9600', '10.0.17763'].map(isAtLeast2012R2), [false, false, false, true, true])
})

t.test('the default DCOM launch restriction: Administrators and Distributed COM Users remote, Everyone local only', async (t) => {
  const sd = parseSddl(DEFAULT_LAUNCH_RESTRICTION)
  const user = `${DOMAIN}-1105`
  const only = (sids: string[]) => missingRights(sd, new Set(sids), DCOM_REMOTE_ACTIVATION, { mapMask: comMask })
  t.equal(only([user, 'S-1-1-0', 'S-1-5-11', 'S-1-5-2']), 0x10, 'a plain user: remote activation missing')
  t.equal(only([user, 'S-1-1-0', 'S-1-5-32-562']), 0)
  t.equal(only(['S-1-5-32-544']), 0)
  t.equal(comMask(0x1), 0x1f, 'the legacy format')
  t.equal(comMask(0xb), 0xb)
})

t.test('hostToken: own SID, AD groups, remote-logon SIDs, and the local groups listing any of them', async (t) => {
  const user = `${DOMAIN}-1105`
  const group = `${DOMAIN}-2001`
  const facts = hostFacts({ dcomUsers: [group] })
  const memberships = localMemberships(facts)
  const token = hostToken(user, memberships, [group])
  t.same([...token].sort(), [group, user, 'S-1-1-0', 'S-1-5-11', 'S-1-5-2', 'S-1-5-32-562'].sort())
  t.notOk(hostToken(user, memberships).has('S-1-5-32-562'), 'without its AD groups, the local group is not reached')
  t.ok(hostToken(`${DOMAIN}-512`, memberships).has('S-1-5-32-544'), 'Domain Admins is in the local Administrators')
  t.ok(
    hostToken(user.toLowerCase().replace('s-1-5', 'S-1-5'), localMemberships(hostFacts({ dcomUsers: [user.replace('S-1-5-21', 's-1-5-21')] }))).has('S-1-5-32-562'),
    'members matched in canonical form',
  )
})
