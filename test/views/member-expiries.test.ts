import t from 'tap'
import type { PrincipalAccess } from '../../src/access/queries/who-can.js'
import type { ExpiryEntry } from '../../src/expiry/expiry-schema.js'
import { memberExpiries, NO_EXPIRIES, principalExpiry } from '../../src/views/member-expiries.js'

const SID = 'S-1-5-21-1-2-3-1105'
const RA1 = '70e4dbb9-1f1e-4179-ba35-2713e5b237d0'
const RA2 = '80e4dbb9-1f1e-4179-ba35-2713e5b237d0'
const RA3 = '90e4dbb9-1f1e-4179-ba35-2713e5b237d0'
const entry = (guid: string, expiresAt: string): ExpiryEntry => ({ app: 'A', roleAssignment: { name: guid, guid }, sid: SID, expiresAt })
const grant = (guid: string, viaGroup = false): PrincipalAccess['because'][number] => ({
  type: 'grant',
  certainty: 'certain',
  roleAssignment: { name: guid, guid: guid.toUpperCase(), scope: null },
  path: [],
  member: viaGroup
    ? [
        { type: 'sid', sid: SID, name: null },
        { type: 'group', name: 'G', guid: RA3, groupType: 'Basic', level: 'application', scope: null },
      ]
    : [{ type: 'sid', sid: SID, name: null }],
  conditions: [],
})
const principal = (...because: PrincipalAccess['because']): PrincipalAccess => ({ sid: SID, name: null, decision: 'granted', because })

t.test('principalExpiry: the latest of direct memberships that all end; none when one grant stays', async (t) => {
  const expiry = memberExpiries([entry(RA1, '2099-01-31T18:00:00.000Z'), entry(RA2, '2099-03-01T00:00:00.000Z')])
  const cases: readonly [string, PrincipalAccess, string | undefined][] = [
    ['one expiring grant (GUIDs compared case-insensitively)', principal(grant(RA1)), '2099-01-31T18:00:00.000Z'],
    ['two expiring grants: the later', principal(grant(RA1), grant(RA2)), '2099-03-01T00:00:00.000Z'],
    ['one grant without an expiry', principal(grant(RA1), grant(RA3)), undefined],
    ['a grant through a group', principal(grant(RA1), grant(RA2, true)), undefined],
    ['no proof', principal(), undefined],
  ]
  for (const [name, p, expected] of cases) t.equal(principalExpiry(p, expiry), expected, name)
  t.equal(cases.length, 5)
  t.equal(memberExpiries([]), NO_EXPIRIES, 'no entries: no lookup')
})
