/**
 * BUILTIN\Users (S-1-5-32-545) in a host token, from facts the collector wrote
 * (test/fixtures/hosts/): WMI namespace and DCOM security may grant rights to
 * BU, so a principal the host's Users group lists, directly or through a
 * domain group such as Domain Users, holds it.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { hostToken, localMemberships } from '../../../src/host/check/host-token.js'
import { readHostFacts } from '../../../src/host/facts/read-facts.js'
import { REPO_ROOT } from '../../cli/run-cli.js'
import { DOMAIN } from '../support/facts-builder.js'

const USERS = 'S-1-5-32-545'
const DOMAIN_USERS = `${DOMAIN}-513`

function fixtureFacts(name: string) {
  return readHostFacts(readFileSync(`${REPO_ROOT}test/fixtures/hosts/${name}.json`, 'utf8'), `${name}.json`)
}

t.test('the collector reports BUILTIN\\Users with its members', async (t) => {
  const users = fixtureFacts('win2008r2-core').localGroups?.find((g) => g.sid === USERS)
  t.same(
    users?.members.map((m) => m.sid),
    ['S-1-5-4', 'S-1-5-11', DOMAIN_USERS],
    'INTERACTIVE, Authenticated Users, Domain Users',
  )
})

t.test('a principal in Domain Users (its AD groups) gets BU; without them only through Authenticated Users', async (t) => {
  const facts = fixtureFacts('win2008r2-core')
  const user = `${DOMAIN}-1105`
  t.ok(hostToken(user, localMemberships(facts), [DOMAIN_USERS]).has(USERS), 'Users lists Authenticated Users and Domain Users')
  // A hardened host whose Users group lists Domain Users only (Authenticated Users removed).
  const hardened = { ...facts, localGroups: (facts.localGroups ?? []).map((g) => (g.sid === USERS ? { ...g, members: g.members.filter((m) => m.sid === DOMAIN_USERS) } : g)) }
  const memberships = localMemberships(hardened)
  t.ok(hostToken(user, memberships, [DOMAIN_USERS]).has(USERS), 'through Domain Users, from the directory')
  t.notOk(hostToken(user, memberships).has(USERS), 'without its AD groups, BU is not reached')
})
