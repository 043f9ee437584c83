/**
 * A deliberately naive reference evaluator, written from
 * docs/access-evaluation.md#5-the-evaluation alone and sharing no code with
 * src/access (nor LinkResolver): linear scans, recursion, no index, no memo.
 * Three-valued (0 no, 1 conditional, 2 yes), Kleene logic.
 *
 * Group loops (which AzMan refuses, so only a corrupt store has them) are
 * treated conservatively: a group met again while its own membership is being
 * computed counts as "unknown" (conditional). So a loop can never produce a
 * certain grant nor a certain exclusion; everything else is the ordinary
 * least fixed point.
 */
import type { Application, ApplicationGroup, PolicyStore, RoleAssignment, Scope, Task } from '../../src/model/policy.js'

export type T3 = 0 | 1 | 2
const or = (a: T3, b: T3): T3 => (a > b ? a : b)
const and = (a: T3, b: T3): T3 => (a < b ? a : b)
const not = (a: T3): T3 => (2 - a) as T3

/** Case-insensitive GUID comparison, braces ignored. */
export function sameGuid(a: string, b: string): boolean {
  const k = (g: string): string =>
    g
      .trim()
      .toLowerCase()
      .replace(/^\{(.*)\}$/, '$1')
  return k(a) === k(b)
}

/** `s-1-5-32-544` -> `S-1-5-32-544` (only the prefix's case; the evaluator under test does the same). */
export function refSid(sid: string): string {
  const s = sid.trim()
  return /^s-/.test(s) ? `S${s.slice(1)}` : s
}

function scriptOf(x: { script?: string }): boolean {
  return x.script !== undefined && x.script.trim() !== ''
}

/** Where an object lives: undefined for store level, null for application level, or the scope. */
type Home = undefined | null | Scope

export class ReferenceEvaluator {
  constructor(
    readonly store: PolicyStore,
    readonly app: Application,
  ) {}

  scope(name: string | undefined): Scope | null {
    if (name === undefined || name === '') return null
    const s = this.app.scopes.find((x) => x.name.toLowerCase() === name.toLowerCase())
    if (s === undefined) throw new Error(`no scope ${name}`)
    return s
  }

  /** Tasks visible from `home` (the application level, or a scope): app-level tasks, plus that scope's. */
  private findTask(home: Scope | null, guid: string): Task | undefined {
    const own = home === null ? [] : home.tasks
    return [...this.app.tasks, ...own].find((t) => sameGuid(t.guid, guid))
  }

  private taskHome(task: Task): Scope | null {
    for (const s of this.app.scopes) if (s.tasks.includes(task)) return s
    return null
  }

  private groupHome(group: ApplicationGroup): Home {
    if (this.store.groups.includes(group)) return undefined
    if (this.app.groups.includes(group)) return null
    for (const s of this.app.scopes) if (s.groups.includes(group)) return s
    throw new Error('group of another application')
  }

  /** Groups visible from `home`: store level always; application level unless home is the store; the same scope. */
  private findGroup(home: Home, guid: string): ApplicationGroup | undefined {
    const candidates = [...this.store.groups]
    if (home !== undefined) candidates.push(...this.app.groups)
    if (home !== undefined && home !== null) candidates.push(...home.groups)
    return candidates.find((g) => sameGuid(g.guid, guid))
  }

  /** YES: a path with no BizRule; MAYBE: only paths through a BizRule task; NO: none. */
  reach(ra: RoleAssignment, home: Scope | null, opGuid: string): T3 {
    const ops = this.app.operations
    const isTarget = (guid: string): boolean => sameGuid(guid, opGuid) && ops.some((o) => sameGuid(o.guid, guid))
    if (ra.operationLinks.some(isTarget)) return 2
    let best: T3 = 0
    const seen = new Set<string>()
    const walk = (task: Task, biz: boolean): void => {
      const b = biz || scriptOf(task)
      const key = `${task.guid}|${b}`
      if (seen.has(key)) return
      seen.add(key)
      if (task.operationLinks.some(isTarget)) best = or(best, b ? 1 : 2)
      const h = this.taskHome(task)
      for (const l of task.taskLinks) {
        const child = this.findTask(h, l)
        if (child) walk(child, b)
      }
    }
    for (const l of ra.taskLinks) {
      const t = this.findTask(home, l)
      if (t) walk(t, false)
    }
    return best
  }

  /** Membership of the token in a group; `stack`: groups being computed (a loop back to one is unknown). */
  group(g: ApplicationGroup, token: ReadonlySet<string>, stack: readonly ApplicationGroup[] = []): T3 {
    if (stack.includes(g)) return 1
    if (g.groupType !== 'Basic') return 1
    const inner = [...stack, g]
    const home = this.groupHome(g)
    let member: T3 = g.members.some((s) => token.has(refSid(s))) ? 2 : 0
    for (const l of g.appMemberLinks) {
      const x = this.findGroup(home, l)
      if (x) member = or(member, this.group(x, token, inner))
    }
    let non: T3 = g.nonMembers.some((s) => token.has(refSid(s))) ? 2 : 0
    for (const l of g.appNonMemberLinks) {
      const x = this.findGroup(home, l)
      if (x) non = or(non, this.group(x, token, inner))
    }
    return and(member, not(non))
  }

  member(ra: RoleAssignment, home: Scope | null, token: ReadonlySet<string>): T3 {
    let m: T3 = ra.members.some((s) => token.has(refSid(s))) ? 2 : 0
    for (const l of ra.appMemberLinks) {
      const g = this.findGroup(home, l)
      if (g) m = or(m, this.group(g, token))
    }
    return m
  }

  /** The decision for `sids` (the whole token) on the operation with that GUID, in `scopeName` or at application level. */
  decide(sids: readonly string[], scopeName: string | undefined, opGuid: string): T3 {
    const token = new Set(sids.map(refSid))
    const scope = this.scope(scopeName)
    const where: [RoleAssignment[], Scope | null][] = [[[...this.app.roleAssignments], null]]
    if (scope !== null) where.push([[...scope.roleAssignments], scope])
    let result: T3 = 0
    for (const [ras, home] of where) {
      for (const ra of ras) {
        const p = this.reach(ra, home, opGuid)
        if (p === 0) continue
        result = or(result, and(p, this.member(ra, home, token)))
      }
    }
    return result
  }

  /** Whether the store has any loop of group links (member or non-member). */
  hasGroupLoop(): boolean {
    const all: [ApplicationGroup, Home][] = [
      ...this.store.groups.map((g): [ApplicationGroup, Home] => [g, undefined]),
      ...this.app.groups.map((g): [ApplicationGroup, Home] => [g, null]),
      ...this.app.scopes.flatMap((s) => s.groups.map((g): [ApplicationGroup, Home] => [g, s])),
    ]
    const visit = (g: ApplicationGroup, stack: ApplicationGroup[]): boolean => {
      if (stack.includes(g)) return true
      const home = this.groupHome(g)
      for (const l of [...g.appMemberLinks, ...g.appNonMemberLinks]) {
        const x = this.findGroup(home, l)
        if (x && visit(x, [...stack, g])) return true
      }
      return false
    }
    return all.some(([g]) => visit(g, []))
  }
}
