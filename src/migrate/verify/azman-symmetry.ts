import type { AccessIndex } from '../../access/index.js'
import type { Container } from '../../model/paths.js'
import { canonicalSid } from '../../model/sid.js'
import { operationActionId } from '../model/build-model.js'
import { pushTo } from './push-to.js'
import type { Symmetry } from './symmetry.js'

/**
 * What azman's AccessCheck treats alike in one place of an application (docs/migrate.md#speed).
 *
 * A SID's label is every member list that names it: the members and non-members of each group the
 * application can meet, and the members of each role assignment at application level and in the
 * place. AccessCheck tests a token's SIDs only for being in such lists, so two SIDs with one label
 * can be swapped in any token without changing a decision. An operation's label is every task, role
 * definition and role assignment whose links reach it directly, each link followed as AccessCheck
 * follows it; two with one label stand in the same places of the task graph. Lists and containers
 * are told apart by the object, not by its GUID (two objects may share one, or have none).
 */
export class AzmanSymmetry {
  private readonly ids = new Map<object, number>()
  private readonly groupSids = new Map<string, string[]>()

  constructor(private readonly index: AccessIndex) {
    for (const g of index.context.allGroups()) {
      for (const m of g.members) mention(this.groupSids, m, `gm${this.id(g)}`)
      for (const m of g.nonMembers) mention(this.groupSids, m, `gn${this.id(g)}`)
    }
  }

  private id(object: object): number {
    let id = this.ids.get(object)
    if (id === undefined) this.ids.set(object, (id = this.ids.size))
    return id
  }

  /** The symmetry in a container (the application level, or a scope as AccessCheck finds it by name). */
  at(container: Container): Symmetry {
    const { appLevel } = this.index.context
    const places = container === appLevel ? [appLevel] : [appLevel, container]
    const lists = new Map<string, string[]>()
    for (const [sid, where] of this.groupSids) lists.set(sid, [...where])
    for (const c of places) for (const ra of c.roleAssignments) for (const m of ra.members) mention(lists, m, `ra${this.id(ra)}`)
    const sids = new Map<string, string>()
    for (const [sid, where] of lists) sids.set(sid, [...new Set(where)].sort().join(' '))
    return { sids, actions: this.operationLabels(places) }
  }

  private operationLabels(places: readonly Container[]): Map<string, string> {
    const { resolver, operations } = this.index.context
    const containers = new Map<object, Set<string>>()
    const link = (c: Container, guid: string, where: string) => {
      const r = resolver.operation(c, guid)
      if (r.status !== 'found') return
      const set = containers.get(r.target) ?? new Set<string>()
      containers.set(r.target, set.add(where))
    }
    for (const c of places) {
      for (const t of c.tasks) for (const op of t.operationLinks) link(c, op, `t${this.id(t)}`)
      for (const ra of c.roleAssignments) for (const op of ra.operationLinks) link(c, op, `ra${this.id(ra)}`)
    }
    const all = operations.operations
    const names = new Map<string, number>()
    for (const op of all) names.set(op.name, (names.get(op.name) ?? 0) + 1)
    const actions = new Map<string, string>()
    for (const op of all) {
      // Two operations of one name share an action id: neither can stand for the other.
      if (names.get(op.name) !== 1) continue
      actions.set(operationActionId(op.name), [...(containers.get(op) ?? [])].sort().join(' '))
    }
    return actions
  }
}

/** Notes that a member list names `member`, in the canonical form AccessCheck compares (whatever its spelling). */
function mention(into: Map<string, string[]>, member: string, where: string): void {
  pushTo(into, canonicalSid(member), where)
}
