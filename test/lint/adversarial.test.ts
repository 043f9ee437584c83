/**
 * Hostile spellings for the lint rules that read member lists: SIDs in lower
 * case and GUID links with braces or in upper case mean the same to AzMan, so
 * they must give the same warnings.
 */
import t from 'tap'
import { lintStore } from '../../src/lint/lint-store.js'
import { LintCode } from '../../src/lint/lint-warning.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { ALICE, baseStore, group, ra, rd, withAdded } from '../audit/hyperv-store.js'

function codes(policy: PolicyStore, code: string): number {
  return lintStore(policy).filter((w) => w.code === code).length
}

t.test('LINT_BROAD_PRINCIPAL through two nested groups, Everyone in lower case', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Viewer', 335)
  const inner = group('Inner', { members: ['s-1-1-0'] })
  const outer = group('Outer', { appMemberLinks: [inner.guid] })
  t.equal(codes(withAdded(p, { tasks: [def], groups: [inner, outer], roleAssignments: [ra('Viewers', [def], [], [outer])] }), LintCode.BroadPrincipal), 1)
})

t.test('LINT_NON_MEMBERS_EXCLUDE_ALL: Everyone as a non-member written in lower case', async (t) => {
  const g = group('Nobody', { members: [ALICE], nonMembers: ['s-1-1-0'] })
  t.equal(codes(withAdded(baseStore(), { groups: [g] }), LintCode.NonMembersExcludeAll), 1)
})

t.test('LINT_NON_MEMBERS_EXCLUDE_ALL: the same member SID, in another case, as a non-member', async (t) => {
  const g = group('Nobody', { members: [ALICE], nonMembers: [ALICE.toLowerCase()] })
  t.equal(codes(withAdded(baseStore(), { groups: [g] }), LintCode.NonMembersExcludeAll), 1)
})

t.test('LINT_NON_MEMBERS_EXCLUDE_ALL: the same group linked as member and, with braces, as non-member', async (t) => {
  const inner = group('Inner', { members: [ALICE] })
  const g = group('Nobody', { appMemberLinks: [inner.guid], appNonMemberLinks: [`{${inner.guid.toUpperCase()}}`] })
  t.equal(codes(withAdded(baseStore(), { groups: [inner, g] }), LintCode.NonMembersExcludeAll), 1)
})
