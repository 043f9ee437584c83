/**
 * Seeded property test of the access delta on random hostile stores
 * (test/access/adversarial-policy.ts) and three random edits of their member
 * and non-member lists: every token of up to three SIDs of the pool is checked
 * before and after, and
 * - every change the delta reports is what check says for that token;
 * - no change goes unmentioned: a token whose decision changes has a delta
 *   entry (a change or a `combined` entry) for that operation, in its scope
 *   or at application level;
 * - where no `combined` entry stands, a token of two SIDs that changes
 *   otherwise than its SIDs alone predict is reported (itself, or one of its
 *   SIDs with the same change; in a scope, or at application level, whose
 *   change a scope's own unchanged grants may soften).
 * AZMAN_PROPERTY_SEEDS sets the number of stores (default 100).
 */
import t from 'tap'
import { AccessIndex, makeToken } from '../../src/access/index.js'
import type { Tri } from '../../src/access/tri.js'
import { compareAccess, type AccessDelta } from '../../src/diff/access-delta.js'
import type { ApplicationGroup, PolicyStore } from '../../src/model/policy.js'
import { adversarialPolicy, POOL } from '../access/adversarial-policy.js'
import { prng } from '../support/prng.js'

const SEEDS = Number(process.env.AZMAN_PROPERTY_SEEDS ?? 100)
const RANK = { denied: 0, conditional: 1, granted: 2 } as const

/** Every group of the store, application and scopes, with a way to replace it. */
function editOneGroup(store: PolicyStore, random: () => number): PolicyStore {
  const app = store.applications[0]
  if (app === undefined) return store
  const all: ApplicationGroup[] = [...store.groups, ...app.groups, ...app.scopes.flatMap((s) => s.groups)]
  const target = all[Math.floor(random() * all.length)]
  if (target === undefined) return store
  const pick = (): string => POOL[Math.floor(random() * POOL.length)] as string
  const r = random()
  const edited: ApplicationGroup =
    r < 0.3 && target.nonMembers.length > 0
      ? { ...target, nonMembers: target.nonMembers.slice(1) }
      : r < 0.6
        ? { ...target, nonMembers: [...target.nonMembers, pick()] }
        : r < 0.8
          ? { ...target, members: [...target.members, pick()] }
          : { ...target, appNonMemberLinks: target.appNonMemberLinks.slice(1), appMemberLinks: target.appMemberLinks.slice(1) }
  const swap = (gs: readonly ApplicationGroup[]): ApplicationGroup[] => gs.map((g) => (g === target ? edited : g))
  return {
    ...store,
    groups: swap(store.groups),
    applications: [{ ...app, groups: swap(app.groups), scopes: app.scopes.map((s) => ({ ...s, groups: swap(s.groups) })) }],
  }
}

/** Tokens of zero to three SIDs of the pool, sorted. */
function tokens(): string[][] {
  const out: string[][] = [[]]
  const sorted = [...POOL].sort()
  for (let i = 0; i < sorted.length; i++) {
    out.push([sorted[i] as string])
    for (let j = i + 1; j < sorted.length; j++) {
      out.push([sorted[i] as string, sorted[j] as string])
      for (let k = j + 1; k < sorted.length; k++) out.push([sorted[i] as string, sorted[j] as string, sorted[k] as string])
    }
  }
  return out
}

t.test('the access delta on random edits of member and non-member lists: true, and silent about nothing', async (t) => {
  const all = tokens()
  let problems = 0
  let changedTokens = 0
  let reportedSeveral = 0
  let combined = 0
  const fail = (what: string): void => {
    problems++
    if (problems <= 5) t.fail(what)
  }
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { store: before } = adversarialPolicy(seed, { loops: false })
    const random = prng(seed * 7 + 1)
    const after = editOneGroup(editOneGroup(editOneGroup(before, random), random), random)
    const delta: AccessDelta = compareAccess(before, after)
    combined += delta.combined.length
    const a = AccessIndex.build(before, 'App')
    const b = AccessIndex.build(after, 'App')
    const tri = (index: AccessIndex, scope: string | null, sids: readonly string[], op: number): Tri => index.decideTri(makeToken(sids), index.where(scope ?? undefined), op)

    for (const c of delta.changes) {
      const sids = c.principal.sid === null ? [] : [c.principal.sid, ...c.principal.alsoHolds]
      const op = a.operation(c.operation.id ?? -1)
      const got = [tri(a, c.scope, sids, op), tri(b, c.scope, sids, op)]
      if (got[0] !== RANK[c.before] || got[1] !== RANK[c.after])
        fail(`seed ${seed}: reported ${sids.join('+')} op ${c.operation.id} in ${c.scope ?? '(app)'} ${c.before}>${c.after}, check says ${got.join('>')}`)
      if (c.principal.alsoHolds.length > 0) reportedSeveral++
    }

    for (const where of a.containers()) {
      const scope = where.scopeName ?? null
      for (let op = 0; op < a.context.operations.size; op++) {
        const id = a.context.operations.operation(op).operationId
        const mentioned = (c: { scope: string | null; operation: { id: number | null } }): boolean => String(c.operation.id) === id && (c.scope === scope || c.scope === null)
        const flagged = delta.combined.some(mentioned)
        const entries = delta.changes.filter(mentioned)
        const results = new Map<string, readonly [Tri, Tri]>()
        for (const sids of all) results.set(sids.join(','), [tri(a, scope, sids, op), tri(b, scope, sids, op)])
        for (const sids of all) {
          const [x, y] = results.get(sids.join(',')) ?? [0, 0]
          if (x === y) continue
          changedTokens++
          if (!flagged && entries.length === 0) {
            fail(`seed ${seed}: ${sids.join('+') || '(empty token)'} op ${id} in ${scope ?? '(app)'} ${x}>${y}, and the delta says nothing about op ${id} there`)
            continue
          }
          if (flagged || sids.length !== 2) continue
          const [p1, q1] = results.get(sids[0] as string) ?? [0, 0]
          const [p2, q2] = results.get(sids[1] as string) ?? [0, 0]
          if (Math.max(p1, p2) === x && Math.max(q1, q2) === y) continue
          const same = (c: (typeof entries)[number], token: readonly string[]): boolean => {
            const held = c.principal.sid === null ? [] : [c.principal.sid, ...c.principal.alsoHolds].sort()
            return held.join(',') === token.join(',') && RANK[c.before] === x && RANK[c.after] === y
          }
          // In a scope whose own role assignments did not change, the change is the application level's, reported there
          // (the scope's own grants may only soften it).
          const atAppLevel = (c: (typeof entries)[number]): boolean => c.scope === null && scope !== null && [c.principal.sid, ...c.principal.alsoHolds].sort().join(',') === sids.join(',')
          if (!entries.some((c) => same(c, sids) || same(c, [sids[0] as string]) || same(c, [sids[1] as string]) || atAppLevel(c))) {
            fail(`seed ${seed}: ${sids.join('+')} op ${id} in ${scope ?? '(app)'} ${x}>${y} (alone: ${p1}>${q1}, ${p2}>${q2}) is not reported`)
          }
        }
      }
    }
  }
  t.equal(problems, 0, `${changedTokens} changed tokens checked`)
  t.ok(changedTokens > 500, `the edits change access (${changedTokens} changed tokens)`)
  t.ok(reportedSeveral > 10, `tokens of several SIDs are reported (${reportedSeveral}; ${combined} combined entries)`)
})
