/**
 * The policy of the access-check benchmark, built twice from one seed: as an
 * AzMan store (the model, in memory) and as a node-casbin "RBAC with domains"
 * policy with the same principals, roles, scopes (domains) and operations.
 *
 * Application "Hyper-V services": the 34 Hyper-V operations; tasks and role
 * definitions (Administrator: every operation; VM Operator: nested power and
 * console tasks plus 335; IT Monitor; Hyper-V Manager Connect); at application
 * level (so in every scope) the role assignments Administrator
 * (BUILTIN\Administrators and 3 users), Hyper-V Manager Connect (the basic group
 * "VM Operators", 200 users) and Auditors (20 users); and `scopes` scopes, each
 * with three role assignments of 2 to 5 users: Operators (VM Operator),
 * Owners (Administrator) and Monitors (IT Monitor). Users come from a pool of
 * 5,000 domain SIDs.
 *
 * casbin: a role per role assignment (`<scope>/<name>`), `p, role, domain,
 * OperationID` for each operation it reaches, `g, sid, role, domain` per member,
 * the application level as domain "app" (which applies in every domain).
 */
import { NO_EXTRAS, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import { prng } from '../support/prng.js'
import { OPERATIONS } from './generate-store.js'

export const CASBIN_MODEL = `[request_definition]
r = sub, dom, obj

[policy_definition]
p = sub, dom, obj

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = (p.dom == r.dom && g(r.sub, p.sub, r.dom) || p.dom == "app" && g(r.sub, p.sub, "app")) && r.obj == p.obj
`

/** One check: a principal (its SID; the azman token adds SIDs no role names), a scope (undefined: application level), an OperationID. */
export interface BenchRequest {
  readonly sid: string
  readonly scope: string | undefined
  readonly operationId: number
}

export interface BenchPolicy {
  readonly store: PolicyStore
  /** casbin policy lines, `p, ...` and `g, ...`, as the casbin string adapter reads them. */
  readonly casbinPolicy: string
  readonly casbinLines: number
  readonly users: readonly string[]
  readonly scopeNames: readonly string[]
  /** Members of each scope's role assignments, to draw requests that are often granted. */
  readonly scopeMembers: readonly (readonly string[])[]
}

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'
const USERS = 5000

export function benchPolicy(scopes: number, seed: number): BenchPolicy {
  const random = prng(seed)
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1))
  let guids = 0
  const guid = (): string => `00000000-0000-4000-8000-${(++guids).toString(16).padStart(12, '0')}`
  const users = Array.from({ length: USERS }, (_, i) => `${DOMAIN}-${1100 + i}`)
  const pick = (n: number): string[] => {
    const out = new Set<string>()
    while (out.size < n) out.add(users[int(0, USERS - 1)] ?? '')
    return [...out].sort()
  }

  const operations: Operation[] = OPERATIONS.map(([id, name]) => ({ guid: guid(), name, operationId: String(id), extras: NO_EXTRAS }))
  const opGuid = new Map(OPERATIONS.map(([id], i) => [id, operations[i]?.guid ?? '']))
  const ops = (ids: readonly number[]): string[] => ids.map((id) => opGuid.get(id) ?? '')
  const task = (name: string, over: Partial<Task>): Task => ({ guid: guid(), name, roleDefinition: false, operationLinks: [], taskLinks: [], extras: NO_EXTRAS, ...over })
  const connect = task('Connect to Hyper-V Manager', { operationLinks: ops([100, 295]) })
  const monitorTask = task('Monitor Virtual Machine', { operationLinks: ops([100, 265, 270, 275, 280, 285, 290, 295, 335]) })
  const power = task('Operate Virtual Machine Power', { operationLinks: ops([315, 320, 325]) })
  const consoleTask = task('Use Virtual Machine Console', { operationLinks: ops([340, 345]) })
  const operate = task('Operate Virtual Machine', { operationLinks: ops([335]), taskLinks: [power.guid, consoleTask.guid] })
  const administrator = task('Administrator', { roleDefinition: true, operationLinks: operations.map((o) => o.guid) })
  const vmOperator = task('VM Operator', { roleDefinition: true, taskLinks: [operate.guid] })
  const itMonitor = task('IT Monitor', { roleDefinition: true, taskLinks: [connect.guid, monitorTask.guid] })
  const managerConnect = task('Hyper-V Manager Connect', { roleDefinition: true, taskLinks: [connect.guid] })
  const reach: ReadonlyMap<Task, readonly number[]> = new Map([
    [administrator, OPERATIONS.map(([id]) => id)],
    [vmOperator, [315, 320, 325, 335, 340, 345]],
    [itMonitor, [100, 265, 270, 275, 280, 285, 290, 295, 335]],
    [managerConnect, [100, 295]],
  ])

  const lines: string[] = []
  const ra = (domain: string, name: string, definition: Task, members: readonly string[], groups: readonly ApplicationGroup[] = []): RoleAssignment => {
    const role = `${domain}/${name}`
    for (const id of reach.get(definition) ?? []) lines.push(`p, ${role}, ${domain}, ${id}`)
    for (const sid of members) lines.push(`g, ${sid}, ${role}, ${domain}`)
    for (const g of groups) {
      lines.push(`g, group/${g.name}, ${role}, ${domain}`)
      for (const sid of g.members) lines.push(`g, ${sid}, group/${g.name}, ${domain}`)
    }
    return { guid: guid(), name, taskLinks: [definition.guid], operationLinks: [], appMemberLinks: groups.map((g) => g.guid), members, extras: NO_EXTRAS }
  }
  const operators: ApplicationGroup = { guid: guid(), name: 'VM Operators', groupType: 'Basic', members: pick(100), nonMembers: [], appMemberLinks: [], appNonMemberLinks: [], extras: NO_EXTRAS }
  const appRas = [
    ra('app', 'Administrator', administrator, ['S-1-5-32-544', ...pick(3)]),
    ra('app', 'Hyper-V Manager Connect', managerConnect, pick(200), [operators]),
    ra('app', 'Auditors', itMonitor, pick(20)),
  ]
  const scopeList: Scope[] = []
  const scopeMembers: string[][] = []
  for (let i = 1; i <= scopes; i++) {
    const name = `VM ${String(i).padStart(5, '0')}`
    const owners = pick(int(2, 5))
    const ops = pick(int(2, 5))
    const monitors = pick(int(2, 5))
    scopeList.push({
      guid: guid(),
      name,
      groups: [],
      tasks: [],
      roleAssignments: [ra(name, 'Operators', vmOperator, ops), ra(name, 'Owners', administrator, owners), ra(name, 'Monitors', itMonitor, monitors)],
      extras: NO_EXTRAS,
    })
    scopeMembers.push([...ops, ...owners, ...monitors])
  }
  const application: Application = {
    guid: guid(),
    name: 'Hyper-V services',
    operations,
    groups: [operators],
    tasks: [connect, monitorTask, power, consoleTask, operate, administrator, vmOperator, itMonitor, managerConnect],
    roleAssignments: appRas,
    scopes: scopeList,
    extras: NO_EXTRAS,
  }
  return {
    store: { majorVersion: '2', minorVersion: '0', applications: [application], groups: [], extras: NO_EXTRAS },
    casbinPolicy: lines.join('\n'),
    casbinLines: lines.length,
    users,
    scopeNames: scopeList.map((s) => s.name),
    scopeMembers,
  }
}

/**
 * `count` requests from a seeded generator: a random scope (1 in 10 at
 * application level), a random operation, and a principal that is half the
 * time a member of that scope's role assignments, otherwise any user.
 */
export function benchRequests(policy: BenchPolicy, count: number, seed: number): BenchRequest[] {
  const random = prng(seed)
  const int = (max: number): number => Math.floor(random() * max)
  const out: BenchRequest[] = []
  for (let i = 0; i < count; i++) {
    const s = int(policy.scopeNames.length)
    const appLevel = random() < 0.1
    const members = policy.scopeMembers[s] ?? []
    const sid = random() < 0.5 && members.length > 0 ? (members[int(members.length)] ?? '') : (policy.users[int(policy.users.length)] ?? '')
    const [id] = OPERATIONS[int(OPERATIONS.length)] ?? [100]
    out.push({ sid, scope: appLevel ? undefined : policy.scopeNames[s], operationId: id })
  }
  return out
}
