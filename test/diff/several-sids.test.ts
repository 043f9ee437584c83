/**
 * Tokens of several SIDs in the access delta: exact when the SIDs that
 * matter are few (a nested exclusion needs three SIDs to show), and a
 * `combined` entry naming the SIDs when they are too many to combine.
 */
import t from 'tap'
import { AccessIndex, checkAccess } from '../../src/access/index.js'
import { renderDiff } from '../../src/cli/render/diff-text.js'
import { compareAccess } from '../../src/diff/access-delta.js'
import { diffStores } from '../../src/diff/store-diff.js'
import type { ApplicationGroup, PolicyStore } from '../../src/model/policy.js'
import { application, group, operation, roleAssignment, roleDefinition, store } from '../model/factories.js'

const sid = (rid: number): string => `S-1-5-21-1-2-3-${rid}`
const X = sid(1002)
const S = sid(1001)
const Y = sid(1003)

/** App with Read (1); role assignment "Readers" (Reader) held by group "Staff"; `banned` its non-member group. */
function build(staff: Partial<ApplicationGroup>, banned: Partial<ApplicationGroup>): PolicyStore {
  const read = operation('Read', '1', { guid: '10000000-0000-4000-8000-000000000001' })
  const reader = roleDefinition('Reader', { guid: '20000000-0000-4000-8000-000000000001', operationLinks: [read.guid] })
  const bannedGroup = group('Banned', { guid: '30000000-0000-4000-8000-000000000002', ...banned })
  const staffGroup = group('Staff', { guid: '30000000-0000-4000-8000-000000000001', appNonMemberLinks: [bannedGroup.guid], ...staff })
  const app = application('App', {
    guid: '60000000-0000-4000-8000-000000000001',
    operations: [read],
    tasks: [reader],
    groups: [bannedGroup, staffGroup],
    roleAssignments: [roleAssignment('Readers', { guid: '50000000-0000-4000-8000-000000000001', taskLinks: [reader.guid], appMemberLinks: [staffGroup.guid] })],
  })
  return store({ applications: [app] })
}

function decision(policy: PolicyStore, sids: string[]): string | undefined {
  return checkAccess(AccessIndex.build(policy, 'App'), { sids, operations: [1] })[0]?.decision
}

t.test('a nested exclusion: only a token of three SIDs changes, and the delta reports exactly that token', async (t) => {
  // Staff = {X} minus Banned; Banned = {S} minus {Y}. Removing Y from Banned's non-members: {X, S, Y} was
  // granted (Y took S out of Banned, so Banned did not exclude) and is now denied. Every smaller token is unchanged.
  const before = build({ members: [X] }, { members: [S], nonMembers: [Y] })
  const after = build({ members: [X] }, { members: [S] })
  t.same([decision(before, [X, S, Y]), decision(after, [X, S, Y])], ['granted', 'denied'])
  for (const sids of [[X], [S], [Y], [X, S], [X, Y], [S, Y]]) t.equal(decision(before, sids), decision(after, sids), `${sids.join('+')} unchanged`)
  const delta = compareAccess(before, after)
  t.same(
    delta.changes.map((c) => [c.principal.sid, c.principal.alsoHolds, c.before, c.after, c.change]),
    [[X, [S, Y], 'granted', 'denied', 'lost']],
  )
  t.same(delta.combined, [], 'three SIDs are few enough to try every combination: nothing left unsure')
  const text = renderDiff(diffStores(before, after), 'a.xml', 'b.xml')
  t.match(text, `  LOSES ${X} holding also ${S}, ${Y}: 1 "Read" in the application level of "App" (granted -> denied)\n`)
})

t.test('too many SIDs to combine: pairs are tried, and a combined entry names the SIDs involved', async (t) => {
  // Staff = {X} minus 13 SIDs; removing them all: X holding any of them gains Read.
  const excluded = Array.from({ length: 13 }, (_, i) => sid(2000 + i))
  const before = build({ members: [X], nonMembers: excluded, appNonMemberLinks: [] }, {})
  const after = build({ members: [X], appNonMemberLinks: [] }, {})
  const d = diffStores(before, after)
  t.notOk(d.same)
  t.same(
    d.combined.map((c) => [c.scope, c.operation.id, c.sids]),
    [[null, 1, [X, ...excluded]]],
  )
  const pairs = d.access.filter((c) => c.principal.alsoHolds.length === 1)
  t.equal(pairs.length, 13, 'X with each excluded SID')
  t.ok(pairs.every((c) => c.principal.sid === X && c.before === 'denied' && c.after === 'granted'))
  t.same([decision(before, [X, sid(2005)]), decision(after, [X, sid(2005)])], ['denied', 'granted'])
  const text = renderDiff(d, 'a.xml', 'b.xml')
  t.match(
    text,
    /Tokens of several SIDs \(1 operation whose non-member exclusions changed; not every combination is evaluated\):\n {2}MAY CHANGE 1 "Read" in the application level of "App" for a token holding several of: S-1-5-21-1-2-3-1002, S-1-5-21-1-2-3-2000, /,
  )
  t.match(text, /The stores differ\.\n$/)
})

t.test('no exclusion involved: tokens of one SID decide, nothing more is reported', async (t) => {
  const before = build({ members: [X], appNonMemberLinks: [] }, {})
  const after = build({ members: [X, S], appNonMemberLinks: [] }, {})
  const delta = compareAccess(before, after)
  t.same(
    delta.changes.map((c) => [c.principal.sid, c.principal.alsoHolds, c.change]),
    [[S, [], 'gained']],
  )
  t.same(delta.combined, [])
})

t.test('an exclusion that did not change, but a change it can hide: the member who also holds the non-member SID', async (t) => {
  // Before: X holds Readers through Staff (minus S) and directly. After: only through Staff. X alone keeps
  // Read; X holding also S loses it.
  const before = build({ members: [X], nonMembers: [S], appNonMemberLinks: [] }, {})
  const withDirect = ((): PolicyStore => {
    const app = before.applications[0]
    if (app === undefined) throw new Error('no app')
    return { ...before, applications: [{ ...app, roleAssignments: app.roleAssignments.map((r) => ({ ...r, members: [X] })) }] }
  })()
  const delta = compareAccess(withDirect, before)
  t.same(
    delta.changes.map((c) => [c.principal.sid, c.principal.alsoHolds, c.before, c.after]),
    [[X, [S], 'granted', 'denied']],
  )
})
