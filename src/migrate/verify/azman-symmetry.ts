import { canonicalSid } from '../../model/sid.js'
import { guidKey, type Application, type PolicyStore, type RoleAssignment, type Task } from '../../model/policy.js'
import { operationActionId } from '../model/build-model.js'
import type { Symmetry } from './symmetry.js'

/**
 * What azman's AccessCheck treats alike in one place of an application (docs/migrate.md#speed).
 *
 * A SID's label is every member list that names it: the members and non-members of each group the
 * application can meet, and the members of each role assignment at application level and in the
 * place. AccessCheck tests a token's SIDs only for being in such lists, so two SIDs with one label
 * can be swapped in any token without changing a decision. An operation's label is every container
 * that links it directly: the tasks and role definitions of the application and of the place, and
 * the role assignments there; two with one label stand in the same places of the task graph.
 */
export class AzmanSymmetry {
  private readonly groupSids = new Map<string, string[]>()
  private readonly appTasks: readonly Task[]
  private readonly appAssignments: readonly RoleAssignment[]

  constructor(
    policy: PolicyStore,
    private readonly app: Application,
  ) {
    const groups = [...policy.groups, ...app.groups, ...app.scopes.flatMap((s) => s.groups)]
    for (const g of groups) {
      for (const m of g.members) this.mention(this.groupSids, m, `gm:${guidKey(g.guid)}`)
      for (const m of g.nonMembers) this.mention(this.groupSids, m, `gn:${guidKey(g.guid)}`)
    }
    this.appTasks = app.tasks
    this.appAssignments = app.roleAssignments
  }

  /** Notes that a member list names `member`, in the canonical form AccessCheck compares (whatever its spelling). */
  private mention(into: Map<string, string[]>, member: string, where: string): void {
    const sid = canonicalSid(member)
    const list = into.get(sid)
    if (list === undefined) into.set(sid, [where])
    else list.push(where)
  }

  /** The symmetry at a scope, or at the application level (null). */
  at(scopeName: string | null): Symmetry {
    const scope = scopeName === null ? undefined : this.app.scopes.find((s) => s.name === scopeName)
    const assignments = [...this.appAssignments, ...(scope?.roleAssignments ?? [])]
    const tasks = [...this.appTasks, ...(scope?.tasks ?? [])]
    const lists = new Map<string, string[]>()
    for (const [sid, where] of this.groupSids) lists.set(sid, [...where])
    for (const ra of assignments) for (const m of ra.members) this.mention(lists, m, `ra:${guidKey(ra.guid)}`)
    const sids = new Map<string, string>()
    for (const [sid, where] of lists) sids.set(sid, [...new Set(where)].sort().join(' '))
    return { sids, actions: this.operationLabels(tasks, assignments) }
  }

  private operationLabels(tasks: readonly Task[], assignments: readonly RoleAssignment[]): Map<string, string> {
    const containers = new Map<string, Set<string>>()
    const link = (op: string, where: string) => {
      const key = guidKey(op)
      const set = containers.get(key) ?? new Set<string>()
      containers.set(key, set.add(where))
    }
    for (const t of tasks) for (const op of t.operationLinks) link(op, `t:${guidKey(t.guid)}`)
    for (const ra of assignments) for (const op of ra.operationLinks) link(op, `ra:${guidKey(ra.guid)}`)
    const actions = new Map<string, string>()
    const names = new Map<string, number>()
    for (const op of this.app.operations) names.set(op.name, (names.get(op.name) ?? 0) + 1)
    for (const op of this.app.operations) {
      // Two operations of one name share an action id: neither can stand for the other.
      if (names.get(op.name) !== 1) continue
      actions.set(operationActionId(op.name), [...(containers.get(guidKey(op.guid)) ?? [])].sort().join(' '))
    }
    return actions
  }
}
