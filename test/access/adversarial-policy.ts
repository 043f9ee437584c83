/**
 * Random small stores built to be hostile to the evaluator (independent of
 * random-policy.ts): up to 40 operations (so bit 31 and a second word of the
 * operation bit sets are used), store, application and scope groups of every
 * type (and an unknown one) linking groups they can and cannot see, member
 * and non-member links, tasks and role definitions at both levels linking
 * tasks they can and cannot see (cycles included), BizRule tasks, empty
 * BizRules with a language, scope role assignments linking application role
 * definitions, and operations linked directly on role assignments.
 *
 * With `loops: false` group links only go "down" a fixed order, so the
 * store has no group loop (AzMan refuses them); task cycles stay allowed.
 */
import { NO_EXTRAS, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import { prng } from '../support/prng.js'

export const POOL = ['S-1-1-0', 'S-1-5-11', 'S-1-5-32-544', 'S-1-5-32-545', 'S-1-5-21-5-6-7-513', 'S-1-5-21-5-6-7-1001', 'S-1-5-21-5-6-7-1002', 'S-1-5-21-5-6-7-1003', 'S-1-5-21-5-6-7-1004']

export interface Generated {
  readonly store: PolicyStore
  readonly app: Application
}

export function adversarialPolicy(seed: number, options: { readonly loops: boolean }): Generated {
  const random = prng(seed)
  const int = (a: number, b: number): number => a + Math.floor(random() * (b - a + 1))
  const chance = (p: number): boolean => random() < p
  const pickSome = <T>(xs: readonly T[], max: number): T[] => {
    const out = new Set<T>()
    if (xs.length === 0) return []
    for (let i = int(0, max); i > 0; i--) out.add(xs[int(0, xs.length - 1)] as T)
    return [...out]
  }
  let n = 0
  const guid = (): string => `0000abcd-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`
  const sid = (): string => {
    const s = POOL[int(0, POOL.length - 1)] as string
    return chance(0.1) ? s.toLowerCase() : s
  }
  const sids = (max: number): string[] => Array.from({ length: int(0, max) }, sid)

  const opCount = chance(0.3) ? int(30, 40) : int(2, 8)
  const operations: Operation[] = Array.from({ length: opCount }, (_, i) => ({ guid: guid(), name: `Op ${i}`, operationId: String(100 + i), extras: NO_EXTRAS }))
  const opLinks = (): string[] => {
    // Bias towards the last operations, so high bit positions are exercised.
    const out = pickSome(operations, 2).map((o) => o.guid)
    if (opCount > 31 && chance(0.4)) out.push((operations[int(30, opCount - 1)] as Operation).guid)
    return out
  }
  const bizRule = (): Partial<Task> => {
    const r = random()
    if (r < 0.2) return { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' }
    if (r < 0.3) return { language: 'VBScript', script: '' }
    if (r < 0.35) return { language: 'VBScript' }
    return {}
  }
  const tasks = (count: number, prefix: string): Task[] =>
    Array.from({ length: count }, (_, i) => ({ guid: guid(), name: `${prefix} t${i}`, roleDefinition: chance(0.5), operationLinks: opLinks(), taskLinks: [], extras: NO_EXTRAS, ...bizRule() }))
  const groupType = (): string => {
    const r = random()
    return r < 0.7 ? 'Basic' : r < 0.82 ? 'LdapQuery' : r < 0.94 ? 'Bizrule' : 'Dynamic'
  }
  const groups = (count: number, prefix: string): ApplicationGroup[] =>
    Array.from({ length: count }, (_, i) => {
      const type = groupType()
      return {
        guid: guid(),
        name: `${prefix} g${i}`,
        groupType: type,
        members: sids(3),
        nonMembers: chance(0.4) ? sids(2) : [],
        appMemberLinks: [],
        appNonMemberLinks: [],
        extras: NO_EXTRAS,
        ...(type === 'LdapQuery' ? { ldapQuery: '(department=Lab)' } : {}),
        ...(type === 'Bizrule' ? { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' } : {}),
      }
    })

  const storeGroups = groups(int(0, 3), 'store')
  const appGroups = groups(int(0, 4), 'app')
  const appTasks = tasks(int(1, 6), 'app')
  const rawScopes = Array.from({ length: int(0, 3) }, (_, i) => ({ guid: guid(), name: `Scope ${i}`, groups: groups(int(0, 3), `s${i}`), tasks: tasks(int(0, 3), `s${i}`) }))
  // Every group, in one order: links go to any group (visible or not), but only to earlier ones when loops are off.
  const allGroups = [...storeGroups, ...appGroups, ...rawScopes.flatMap((s) => s.groups)]
  const allTasks = [...appTasks, ...rawScopes.flatMap((s) => s.tasks)]
  const linked = new Map<ApplicationGroup, ApplicationGroup>()
  allGroups.forEach((g, i) => {
    const targets = options.loops ? allGroups : allGroups.slice(0, i)
    linked.set(g, { ...g, appMemberLinks: pickSome(targets, 2).map((x) => x.guid), appNonMemberLinks: chance(0.45) ? pickSome(targets, 2).map((x) => x.guid) : [] })
  })
  const linkedTasks = new Map<Task, Task>()
  for (const t of allTasks) linkedTasks.set(t, { ...t, taskLinks: pickSome(allTasks, 3).map((x) => x.guid) })
  const ras = (count: number, prefix: string): RoleAssignment[] =>
    Array.from({ length: count }, (_, i) => ({
      guid: guid(),
      name: `${prefix} ra${i}`,
      taskLinks: pickSome(allTasks, 2).map((x) => x.guid),
      operationLinks: chance(0.15) ? opLinks() : [],
      appMemberLinks: pickSome(allGroups, 3).map((x) => x.guid),
      members: sids(2),
      extras: NO_EXTRAS,
    }))
  const g = (xs: readonly ApplicationGroup[]): ApplicationGroup[] => xs.map((x) => linked.get(x) as ApplicationGroup)
  const t = (xs: readonly Task[]): Task[] => xs.map((x) => linkedTasks.get(x) as Task)
  const scopes: Scope[] = rawScopes.map((s) => ({ guid: s.guid, name: s.name, groups: g(s.groups), tasks: t(s.tasks), roleAssignments: ras(int(0, 3), s.name), extras: NO_EXTRAS }))
  const app: Application = { guid: guid(), name: 'App', operations, groups: g(appGroups), tasks: t(appTasks), roleAssignments: ras(int(1, 3), 'app'), scopes, extras: NO_EXTRAS }
  return { store: { majorVersion: '2', minorVersion: '0', applications: [app], groups: g(storeGroups), extras: NO_EXTRAS }, app }
}

/** A token of 0 to 4 pool SIDs, sometimes with one the store never names. */
export function tokenFrom(random: () => number): string[] {
  const out: string[] = []
  for (let k = Math.floor(random() * 5); k > 0; k--) out.push(POOL[Math.floor(random() * POOL.length)] as string)
  if (random() < 0.15) out.push('S-1-5-21-9-9-9-4242')
  return out
}
