/**
 * Random AzMan policies for property tests of the evaluator, from a seed:
 * nested tasks and role definitions (with cycles), BizRule tasks (some with
 * a language but no script), scope-level tasks and role definitions, Basic,
 * LDAP-query and BizRule groups at store, application and scope level with
 * members, non-members, nested member and non-member groups (with loops),
 * links that are missing or not visible, operations linked directly on role
 * assignments, and SIDs written in lower case.
 */
import { NO_EXTRAS, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import { prng } from '../support/prng.js'

export const RANDOM_SIDS = ['S-1-1-0', 'S-1-5-11', 'S-1-5-32-544', 'S-1-5-32-545', ...Array.from({ length: 8 }, (_, i) => `S-1-5-21-1-2-3-${1100 + i}`)]

export interface RandomPolicy {
  readonly store: PolicyStore
  readonly application: Application
}

export function randomPolicy(seed: number): RandomPolicy {
  const random = prng(seed)
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1))
  const chance = (p: number): boolean => random() < p
  const pick = <T>(items: readonly T[]): T | undefined => items[int(0, items.length - 1)]
  const some = <T>(items: readonly T[], max: number): T[] => {
    const out = new Set<T>()
    const n = items.length === 0 ? 0 : int(0, max)
    for (let i = 0; i < n; i++) {
      const x = pick(items)
      if (x !== undefined) out.add(x)
    }
    return [...out]
  }
  let n = 0
  const guid = (): string => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`
  const sid = (): string => {
    const s = pick(RANDOM_SIDS) ?? 'S-1-1-0'
    return chance(0.1) ? s.toLowerCase() : s
  }
  const sids = (max: number): string[] => Array.from({ length: int(0, max) }, sid)

  const operations: Operation[] = Array.from({ length: int(3, 8) }, (_, i) => ({ guid: guid(), name: `Op ${i}`, operationId: String(i + 1), extras: NO_EXTRAS }))
  const opGuids = operations.map((o) => o.guid)
  const bizRule = (): Partial<Task> => {
    const r = random()
    if (r < 0.15) return { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' }
    if (r < 0.25) return { language: 'VBScript', script: '' }
    if (r < 0.3) return { language: 'VBScript', script: '   ' }
    return {}
  }
  const makeTasks = (count: number, prefix: string): Task[] =>
    Array.from({ length: count }, (_, i) => ({
      guid: guid(),
      name: `${prefix} task ${i}`,
      roleDefinition: chance(0.4),
      operationLinks: some(opGuids, 2),
      taskLinks: [],
      extras: NO_EXTRAS,
      ...bizRule(),
    }))
  const linkTasks = (tasks: Task[], visible: readonly Task[]): Task[] =>
    tasks.map((t) => ({
      ...t,
      taskLinks: [
        ...some(
          visible.map((v) => v.guid),
          3,
        ),
        ...(chance(0.05) ? [guid()] : []),
      ],
    }))
  const groupType = (): string => {
    const r = random()
    return r < 0.75 ? 'Basic' : r < 0.87 ? 'LdapQuery' : r < 0.97 ? 'Bizrule' : 'Mystery'
  }
  const makeGroups = (count: number, prefix: string): ApplicationGroup[] =>
    Array.from({ length: count }, (_, i) => {
      const type = groupType()
      return {
        guid: guid(),
        name: `${prefix} group ${i}`,
        groupType: type,
        members: type === 'Basic' ? sids(3) : [],
        nonMembers: type === 'Basic' && chance(0.5) ? sids(2) : [],
        appMemberLinks: [],
        appNonMemberLinks: [],
        extras: NO_EXTRAS,
        ...(type === 'LdapQuery' ? { ldapQuery: '(title=Manager)' } : {}),
        ...(type === 'Bizrule' ? (chance(0.7) ? { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' } : { language: 'VBScript' }) : {}),
      }
    })
  const linkGroups = (groups: ApplicationGroup[], visible: readonly ApplicationGroup[], invisible: readonly ApplicationGroup[]): ApplicationGroup[] =>
    groups.map((g) =>
      g.groupType !== 'Basic'
        ? g
        : {
            ...g,
            appMemberLinks: [
              ...some(
                visible.map((v) => v.guid),
                2,
              ),
              ...(chance(0.05) ? [pick(invisible)?.guid ?? guid()] : []),
            ],
            appNonMemberLinks: chance(0.3)
              ? some(
                  visible.map((v) => v.guid),
                  1,
                )
              : [],
          },
    )
  const makeRas = (count: number, prefix: string, tasks: readonly Task[], groups: readonly ApplicationGroup[], invisible: readonly ApplicationGroup[]): RoleAssignment[] =>
    Array.from({ length: count }, (_, i) => ({
      guid: guid(),
      name: `${prefix} role ${i}`,
      taskLinks: some(
        tasks.map((t) => t.guid),
        2,
      ),
      operationLinks: chance(0.15) ? some(opGuids, 1) : [],
      appMemberLinks: [
        ...some(
          groups.map((g) => g.guid),
          2,
        ),
        ...(chance(0.05) ? [pick(invisible)?.guid ?? guid()] : []),
      ],
      members: sids(2),
      extras: NO_EXTRAS,
    }))

  let storeGroups = makeGroups(int(0, 2), 'store')
  storeGroups = linkGroups(storeGroups, storeGroups, [])
  let appGroups = makeGroups(int(1, 4), 'app')
  let appTasks = makeTasks(int(2, 6), 'app')
  appTasks = linkTasks(appTasks, appTasks)
  const scopeCount = int(0, 3)
  const rawScopes = Array.from({ length: scopeCount }, (_, i) => ({ name: `Scope ${i}`, groups: makeGroups(int(0, 2), `s${i}`), tasks: makeTasks(int(0, 3), `s${i}`) }))
  const allScopeGroups = rawScopes.flatMap((s) => s.groups)
  appGroups = linkGroups(appGroups, [...storeGroups, ...appGroups], allScopeGroups)
  const scopes: Scope[] = rawScopes.map((s) => {
    const groups = linkGroups(
      s.groups,
      [...storeGroups, ...appGroups, ...s.groups],
      allScopeGroups.filter((g) => !s.groups.includes(g)),
    )
    const tasks = linkTasks(s.tasks, [...appTasks, ...s.tasks])
    const visibleGroups = [...storeGroups, ...appGroups, ...groups]
    return {
      guid: guid(),
      name: s.name,
      groups,
      tasks,
      roleAssignments: makeRas(
        int(0, 3),
        s.name,
        [...appTasks, ...tasks],
        visibleGroups,
        allScopeGroups.filter((g) => !s.groups.includes(g)),
      ),
      extras: NO_EXTRAS,
    }
  })
  const application: Application = {
    guid: guid(),
    name: 'App',
    operations,
    groups: appGroups,
    tasks: appTasks,
    roleAssignments: makeRas(int(1, 4), 'app', appTasks, [...storeGroups, ...appGroups], allScopeGroups),
    scopes,
    extras: NO_EXTRAS,
  }
  return { store: { majorVersion: '2', minorVersion: '0', applications: [application], groups: storeGroups, extras: NO_EXTRAS }, application }
}

/** A random token: 0 to 4 SIDs from the pool, plus sometimes one the store never names. */
export function randomToken(random: () => number): string[] {
  const out: string[] = []
  const count = Math.floor(random() * 5)
  for (let i = 0; i < count; i++) out.push(RANDOM_SIDS[Math.floor(random() * RANDOM_SIDS.length)] ?? 'S-1-1-0')
  if (random() < 0.2) out.push('S-1-5-21-9-9-9-500')
  return out
}
