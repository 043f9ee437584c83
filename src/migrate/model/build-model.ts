import { AccessIndex } from '../../access/index.js'
import type { Container } from '../../model/paths.js'
import { groupTypeOf, hasBizRule, operationNumber, type Application, type PolicyStore, type RoleAssignment, type Task } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { actionAncestors, acyclicParents } from './action-graph.js'
import { membershipCondition } from './membership-condition.js'
import type { MigrationAction, MigrationGrant, MigrationModel, Narrowed, Review, Untranslated } from './migration-model.js'
import { FALSE, TRUE } from './condition.js'

/** The id of an operation's action. */
export function operationActionId(name: string): string {
  return `op:${name}`
}

function taskId(task: Task, container: Container): string {
  const own = `${task.roleDefinition ? 'role' : 'task'}:${task.name}`
  return container.scope === undefined ? own : `${container.scope.name}/${own}`
}

function where(container: Container): string {
  return container.scope === undefined ? 'at application level' : `in scope ${quote(container.scope.name)}`
}

/** What the tasks of an application contain, each link resolved as AzMan resolves it; links it cannot follow are reported. */
class Actions {
  readonly ids = new Map<Task, string>()
  readonly children = new Map<string, string[]>()
  readonly untranslated: Untranslated[] = []

  constructor(private readonly index: AccessIndex) {
    const { context } = index
    for (const c of [context.appLevel, ...context.scopes]) for (const task of c.tasks) this.ids.set(task, taskId(task, c))
    for (const c of [context.appLevel, ...context.scopes])
      for (const task of c.tasks) if (!hasBizRule(task)) this.children.set(this.id(task), this.linked(c, task, `${task.roleDefinition ? 'role definition' : 'task'} ${quote(task.name)} ${where(c)}`))
  }

  id(task: Task): string {
    return this.ids.get(task) ?? taskId(task, this.index.context.taskContainer(task))
  }

  /** The action ids an object's links reach directly (tasks with a BizRule left out: they grant nothing here). */
  linked(c: Container, object: Pick<Task, 'operationLinks' | 'taskLinks'>, what: string): string[] {
    const { resolver } = this.index.context
    const out: string[] = []
    for (const guid of object.operationLinks) {
      const r = resolver.operation(c, guid)
      if (r.status === 'found') out.push(operationActionId(r.target.name))
      else this.untranslated.push({ object: `${what}: operation link ${guid}`, reason: `${r.status} (AzMan ignores it)` })
    }
    for (const guid of object.taskLinks) {
      const r = resolver.task(c, guid)
      if (r.status !== 'found') this.untranslated.push({ object: `${what}: task link ${guid}`, reason: `${r.status} (AzMan ignores it)` })
      else if (!hasBizRule(r.target)) out.push(this.id(r.target))
    }
    return out
  }
}

function operationActions(app: Application, parents: ReadonlyMap<string, readonly string[]>): MigrationAction[] {
  return app.operations.map((op) => {
    const id = operationActionId(op.name)
    // As AccessCheck reads it: a decimal 32-bit integer ("0x163" and "" are none).
    const operationId = operationNumber(op)
    return { id, kind: 'operation', name: op.name, scope: null, ...(operationId === undefined ? {} : { operationId }), parents: parents.get(id) ?? [] }
  })
}

function narrowedOf(index: AccessIndex, grants: readonly { ra: RoleAssignment; container: Container }[]): Narrowed[] {
  const { context } = index
  const linking = (guid: string) => grants.filter((g) => g.ra.taskLinks.includes(guid) || g.ra.appMemberLinks.includes(guid)).map((g) => g.ra.name)
  const out: Narrowed[] = []
  for (const c of [context.appLevel, ...context.scopes]) {
    for (const task of c.tasks) {
      if (!hasBizRule(task)) continue
      out.push({
        kind: task.roleDefinition ? 'role-definition' : 'task',
        name: task.name,
        scope: c.scope?.name ?? null,
        reason: 'bizrule',
        ...(task.language === undefined ? {} : { language: task.language }),
        size: task.script?.length ?? 0,
        grants: linking(task.guid),
      })
    }
  }
  for (const group of context.allGroups()) {
    const type = groupTypeOf(group)
    if (type === 'Basic') continue
    const scope = context.groupContainer(group)?.scope?.name ?? null
    if (type === 'LdapQuery') out.push({ kind: 'group', name: group.name, scope, reason: 'ldap-query', size: group.ldapQuery?.length ?? 0, grants: linking(group.guid) })
    else
      out.push({
        kind: 'group',
        name: group.name,
        scope,
        reason: 'bizrule-group',
        ...(group.language === undefined ? {} : { language: group.language }),
        size: group.script?.length ?? 0,
        grants: linking(group.guid),
      })
  }
  return out
}

/**
 * One application of a store as the targets export it: operations as actions, tasks and role
 * definitions as action groups (acyclic), each role assignment as a grant whose holders are a
 * condition over a token's SIDs (its member SIDs and groups, non-members excluding), never wider
 * than the store: BizRules and LDAP queries grant nothing ({@link Narrowed}).
 */
export function migrationModel(policy: PolicyStore, store: { readonly reference: string; readonly version: string }, app: Application): MigrationModel {
  const index = AccessIndex.build(policy, app)
  index.buildAll()
  const actions = new Actions(index)
  const groups = [...actions.children.keys()]
  const parents = acyclicParents(groups, actions.children)
  const taskActions: MigrationAction[] = []
  for (const [task, id] of actions.ids) {
    const scope = index.context.taskContainer(task).scope?.name ?? null
    taskActions.push({ id, kind: task.roleDefinition ? 'role-definition' : 'task', name: task.name, scope, parents: parents.get(id) ?? [] })
  }
  const all = [...operationActions(app, parents), ...taskActions]
  const placed: { ra: RoleAssignment; container: Container }[] = []
  const grants: MigrationGrant[] = []
  for (const c of [index.context.appLevel, ...index.context.scopes]) {
    for (const ra of c.roleAssignments) {
      placed.push({ ra, container: c })
      const indexed = index.roleAssignment(ra)
      if (indexed === undefined) continue
      const memberGroups = ra.appMemberLinks.map((guid) => index.context.resolver.group(c, guid)).flatMap((r) => (r.status === 'found' ? [r.target.name] : []))
      grants.push({
        roleAssignment: ra.name,
        scope: c.scope?.name ?? null,
        actions: [...new Set(actions.linked(c, ra, `role assignment ${quote(ra.name)} ${where(c)}`))],
        who: membershipCondition(indexed.membership),
        members: ra.members,
        memberGroups,
      })
    }
  }
  const ids = new Set<string>()
  const untranslated = [...actions.untranslated]
  for (const a of all) {
    if (ids.has(a.id)) untranslated.push({ object: `${a.kind} ${quote(a.name)}`, reason: `its action id ${quote(a.id)} is another object's too` })
    ids.add(a.id)
  }
  const narrowed = narrowedOf(index, placed)
  const reviews = reviewsOf(index, actions, placed, grants, narrowed, actionAncestors(all))
  return { store: store.reference, version: store.version, app: app.name, scopes: app.scopes.map((s) => s.name), actions: all, grants, narrowed, reviews, untranslated }
}

/**
 * The placeholders `--conditions` writes (none that would name no operation): for each role assignment that links a BizRule task or
 * role definition, the operations it reaches through it (directly, or through tasks without a rule:
 * a rule inside a rule is its own object) held by the role assignment's SIDs; for each that links an
 * LDAP-query or BizRule group, the role assignment's operations, held by whoever the rule admits.
 */
function reviewsOf(
  index: AccessIndex,
  actions: Actions,
  placed: readonly { ra: RoleAssignment; container: Container }[],
  grants: readonly MigrationGrant[],
  narrowed: readonly Narrowed[],
  ancestors: ReadonlyMap<string, readonly string[]>,
): Review[] {
  const operationsUnder = (ids: readonly string[]) => [...ancestors.entries()].filter(([id, up]) => id.startsWith('op:') && (ids.includes(id) || up.some((a) => ids.includes(a)))).map(([id]) => id)
  const out: Review[] = []
  for (const { ra, container } of placed) {
    const grant = grants.find((g) => g.roleAssignment === ra.name && g.scope === (container.scope?.name ?? null))
    const scope = container.scope?.name ?? null
    for (const guid of ra.taskLinks) {
      const r = index.context.resolver.task(container, guid)
      if (r.status !== 'found' || !hasBizRule(r.target)) continue
      const n = narrowed.find((x) => x.kind !== 'group' && x.name === r.target.name && x.scope === (index.context.taskContainer(r.target).scope?.name ?? null))
      const linked = actions.linked(index.context.taskContainer(r.target), r.target, `task ${quote(r.target.name)}`)
      const ops = operationsUnder(linked)
      if (n !== undefined && ops.length > 0) out.push({ narrowed: n, roleAssignment: ra.name, scope, operations: ops, who: grant?.who ?? FALSE, rule: r.target.script ?? '' })
    }
    for (const guid of ra.appMemberLinks) {
      const r = index.context.resolver.group(container, guid)
      if (r.status !== 'found' || groupTypeOf(r.target) === 'Basic') continue
      const n = narrowed.find((x) => x.kind === 'group' && x.name === r.target.name)
      const ops = operationsUnder(grant?.actions ?? [])
      if (n !== undefined && ops.length > 0) out.push({ narrowed: n, roleAssignment: ra.name, scope, operations: ops, who: TRUE, rule: r.target.ldapQuery ?? r.target.script ?? '' })
    }
  }
  return out
}
