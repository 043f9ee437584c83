import { InvalidChangeError } from '../../errors/change-errors.js'
import { guidKey, type ApplicationGroup, type PolicyStore, type RoleAssignment, type Task } from '../../model/policy.js'
import type { Visited } from '../../model/walk.js'
import type { Change } from '../change.js'
import type { PrincipalRef } from '../schema/shared.js'
import { changedObjects, indexObjects, type ObjectIndex } from './object-index.js'

/**
 * The inverse of one journaled write, as a change set against the store as
 * it is now: what turns every object the write changed back into what it
 * was, and touches nothing else.
 *
 * Why it is computed this way: the journal keeps the change set a write was
 * asked for, but a change set says what was wanted, not what changed (a
 * create that found its object was in place; a delete of a scope took
 * everything in it; account names were resolved). Inverting change types by
 * hand would undo what was asked, not what happened. The version archive
 * keeps the exact store before and after the write, so the objects it changed
 * are those whose content differs between the two versions (compared by
 * GUID), and for each of them the version before says what it must become:
 *
 * 1. objects the write deleted are created again with their own GUIDs (the
 *    GUIDs are given to the planner in the order the creates draw them), first
 *    without their links;
 * 2. objects it changed get their fields back (scopes renamed last, so that
 *    the changes before them can name their container as it is now);
 * 3. links and members it added are removed and those it removed added back,
 *    and the links of the objects created in 1 are made;
 * 4. objects it created are deleted: role assignments, then role definitions
 *    and tasks, groups, operations, scopes.
 *
 * Objects are named as they are at that point of the change set: as in the
 * store now for 1 and 2, as before the write for 3 and 4. The planner then
 * runs the change set like any other (same refusals, same guards, the
 * broad-principal guard included), and {@link assertExactRevert} checks the
 * result object by object against the version before the write, so what
 * a change set cannot say (unknown XML, a role assignment's direct operation
 * links, a group's type) is refused instead of reverted in part.
 */
export interface InverseChanges {
  readonly changes: readonly Change[]
  /** GUIDs for the objects the changes create, in order. */
  readonly guids: readonly string[]
  /** The objects the write changed, by GUID key. */
  readonly touched: ReadonlySet<string>
}

/** The three versions an inverse is computed from, indexed. */
interface Versions {
  /** Before the write (what touched objects become). */
  readonly before: ObjectIndex
  /** After the write. */
  readonly after: ObjectIndex
  /** The store now. */
  readonly now: ObjectIndex
}

type Phase = 'create' | 'set' | 'rename-scope' | 'link' | 'delete'

class ChangeList {
  readonly phases: Record<Phase, Change[]> = { create: [], set: [], 'rename-scope': [], link: [], delete: [] }
  readonly guids: string[] = []
  constructor(readonly v: Versions) {}

  /** An object's name as the store has it now (before the inverse renames it back). */
  nowName(key: string): string {
    return (this.v.now.get(key) ?? this.v.before.get(key) ?? this.v.after.get(key))?.object.name ?? key
  }

  /** An object's name once the inverse has renamed it back. */
  finalName(key: string): string {
    return (this.v.before.get(key) ?? this.v.now.get(key) ?? this.v.after.get(key))?.object.name ?? key
  }

  /** `{app, scope?}` of an object's container, scope named `now` or `final`. */
  place(v: Visited, when: 'now' | 'final'): { app?: string; scope?: string } {
    if (v.kind === 'application' || v.container === undefined) return {}
    const { application, scope } = v.container
    if (scope === undefined) return { app: application.name }
    const key = guidKey(scope.guid)
    return { app: application.name, scope: when === 'now' ? this.nowName(key) : this.finalName(key) }
  }

  /** The final state of a linked object, to name it. */
  linked(guid: string): Visited | undefined {
    const key = guidKey(guid)
    return this.v.before.get(key) ?? this.v.now.get(key)
  }
}

function unexpressible(what: string): InvalidChangeError {
  return new InvalidChangeError('AZMAN_ERR_CHANGE_REVERT_INEXACT', `the entry changed ${what}, which no change set can change back; restore it with azman rollback instead`)
}

/** Values in `a` and not in `b`, without regard to case. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const drop = new Set(b.map((s) => s.toLowerCase()))
  return a.filter((s) => !drop.has(s.toLowerCase()))
}

function operationIds(list: ChangeList, guids: readonly string[]): number[] {
  return guids.map((g) => {
    const op = list.linked(g)
    if (op?.kind !== 'operation') throw unexpressible(`a link to an object that is not an operation (${g})`)
    return Number(op.object.operationId)
  })
}

function taskNames(list: ChangeList, guids: readonly string[]): string[] {
  return guids.map((g) => list.finalName(guidKey(g)))
}

function groupRefs(list: ChangeList, guids: readonly string[]): PrincipalRef[] {
  return guids.map((g) => ({ group: list.finalName(guidKey(g)) }))
}

const sids = (values: readonly string[]): PrincipalRef[] => values.map((sid) => ({ sid }))

/** A task's or role definition's business rule as a change gives it, or undefined for none. */
function bizRuleOf(t: Task | ApplicationGroup): { language: 'VBScript' | 'JScript'; script: string; importedPath?: string } | undefined {
  if (t.script === undefined || (t.language !== 'VBScript' && t.language !== 'JScript')) return undefined
  return { language: t.language, script: t.script, ...(t.importedPath === undefined ? {} : { importedPath: t.importedPath }) }
}

const optional = <K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: T }))

/** Links of a task or role definition: what to add and remove to go from `from` to `to`. */
function taskLinkChanges(list: ChangeList, v: Visited & { kind: 'task' | 'role-definition' }, from: Task | undefined, to: Task): void {
  const addOps = minus(to.operationLinks, from?.operationLinks ?? [])
  const removeOps = minus(from?.operationLinks ?? [], to.operationLinks)
  const addTasks = minus(to.taskLinks, from?.taskLinks ?? [])
  const removeTasks = minus(from?.taskLinks ?? [], to.taskLinks)
  if (addOps.length + removeOps.length + addTasks.length + removeTasks.length === 0) return
  list.phases.link.push({
    type: v.kind === 'task' ? 'update-task' : 'update-role-definition',
    ...(list.place(v, 'final') as { app: string; scope?: string }),
    name: list.finalName(guidKey(to.guid)),
    ...(addOps.length > 0 ? { addOperations: operationIds(list, addOps) } : {}),
    ...(removeOps.length > 0 ? { removeOperations: operationIds(list, removeOps) } : {}),
    ...(addTasks.length > 0 ? { addTasks: taskNames(list, addTasks) } : {}),
    ...(removeTasks.length > 0 ? { removeTasks: taskNames(list, removeTasks) } : {}),
  })
}

/** Role definitions and tasks linked to a role assignment, split as its changes name them. */
function raTasks(list: ChangeList, guids: readonly string[]): { roleDefinitions?: string[]; tasks?: string[] } {
  const roleDefinitions = guids.filter((g) => list.linked(g)?.kind === 'role-definition').map((g) => list.finalName(guidKey(g)))
  const tasks = guids.filter((g) => list.linked(g)?.kind !== 'role-definition').map((g) => list.finalName(guidKey(g)))
  return { ...(roleDefinitions.length > 0 ? { roleDefinitions } : {}), ...(tasks.length > 0 ? { tasks } : {}) }
}

function raLinkChanges(list: ChangeList, v: Visited, from: RoleAssignment | undefined, to: RoleAssignment): void {
  const where = { ...(list.place(v, 'final') as { app: string; scope?: string }), roleAssignment: list.finalName(guidKey(to.guid)) }
  const addTasks = minus(to.taskLinks, from?.taskLinks ?? [])
  const removeTasks = minus(from?.taskLinks ?? [], to.taskLinks)
  if (removeTasks.length > 0) list.phases.link.push({ type: 'remove-role-assignment-tasks', ...where, ...raTasks(list, removeTasks) })
  if (addTasks.length > 0) list.phases.link.push({ type: 'add-role-assignment-tasks', ...where, ...raTasks(list, addTasks) })
  const remove = [...sids(minus(from?.members ?? [], to.members)), ...groupRefs(list, minus(from?.appMemberLinks ?? [], to.appMemberLinks))]
  const add = [...sids(minus(to.members, from?.members ?? [])), ...groupRefs(list, minus(to.appMemberLinks, from?.appMemberLinks ?? []))]
  if (remove.length > 0) list.phases.link.push({ type: 'remove-role-assignment-members', ...where, members: remove })
  if (add.length > 0) list.phases.link.push({ type: 'add-role-assignment-members', ...where, members: add })
}

function groupLinkChanges(list: ChangeList, v: Visited, from: ApplicationGroup | undefined, to: ApplicationGroup, created: boolean): void {
  const where = { ...list.place(v, 'final'), group: list.finalName(guidKey(to.guid)) }
  // A group created again got its SID members with its create.
  const members = (x: ApplicationGroup | undefined, y: ApplicationGroup | undefined): PrincipalRef[] => [
    ...(created ? [] : sids(minus(x?.members ?? [], y?.members ?? []))),
    ...groupRefs(list, minus(x?.appMemberLinks ?? [], y?.appMemberLinks ?? [])),
  ]
  const nonMembers = (x: ApplicationGroup | undefined, y: ApplicationGroup | undefined): PrincipalRef[] => [
    ...(created ? [] : sids(minus(x?.nonMembers ?? [], y?.nonMembers ?? []))),
    ...groupRefs(list, minus(x?.appNonMemberLinks ?? [], y?.appNonMemberLinks ?? [])),
  ]
  const removeM = members(from, to)
  const removeN = nonMembers(from, to)
  if (removeM.length + removeN.length > 0) {
    list.phases.link.push({ type: 'remove-group-members', ...where, ...(removeM.length > 0 ? { members: removeM } : {}), ...(removeN.length > 0 ? { nonMembers: removeN } : {}) })
  }
  const addM = members(to, from)
  const addN = nonMembers(to, from)
  if (addM.length + addN.length > 0) {
    list.phases.link.push({ type: 'add-group-members', ...where, ...(addM.length > 0 ? { members: addM } : {}), ...(addN.length > 0 ? { nonMembers: addN } : {}) })
  }
}

/** Creates an object the write deleted, with its own GUID and without its links (made in the link phase). */
function recreate(list: ChangeList, v: Visited): void {
  const o = v.object
  const place = list.place(v, 'now')
  const app = place.app ?? ''
  const description = optional('description', o.description)
  const creates = list.phases.create
  switch (v.kind) {
    case 'application':
      throw unexpressible(`application ${JSON.stringify(o.name)} (created or deleted)`)
    case 'scope':
      creates.push({ type: 'create-scope', app, name: o.name, ...description })
      break
    case 'operation':
      creates.push({ type: 'create-operation', app, name: o.name, operationId: Number(v.object.operationId), ...description })
      break
    case 'task':
    case 'role-definition':
      creates.push({
        type: v.kind === 'task' ? 'create-task' : 'create-role-definition',
        app,
        ...optional('scope', place.scope),
        name: o.name,
        ...description,
        ...optional('bizRule', bizRuleOf(v.object)),
      })
      taskLinkChanges(list, v, undefined, v.object)
      break
    case 'role-assignment':
      creates.push({ type: 'create-role-assignment', app, ...optional('scope', place.scope), name: o.name, ...description })
      raLinkChanges(list, v, undefined, v.object)
      break
    case 'group': {
      const g = v.object
      const basic = g.groupType !== 'LdapQuery'
      creates.push({
        type: 'create-group',
        ...place,
        name: o.name,
        groupType: basic ? 'Basic' : 'LdapQuery',
        ...description,
        ...(basic ? { members: sids(g.members), nonMembers: sids(g.nonMembers) } : optional('ldapQuery', g.ldapQuery)),
      })
      groupLinkChanges(list, v, undefined, g, true)
      break
    }
  }
  list.guids.push(o.guid)
}

/** A description as an update gives it: the old one back, or null to remove one the write added. */
function descriptionBack(from: Visited, to: Visited): { description?: string | null } {
  return from.object.description === to.object.description ? {} : { description: to.object.description ?? null }
}

/** Gives an object the write changed its fields back (and its links, in the link phase). */
function restore(list: ChangeList, from: Visited, to: Visited): void {
  const key = guidKey(to.object.guid)
  const renamed = from.object.name === to.object.name ? {} : { newName: to.object.name }
  const place = list.place(to, 'now')
  const app = place.app ?? ''
  const head = { ...optional('scope', place.scope), name: list.nowName(key), ...renamed, ...descriptionBack(from, to) }
  const fields = Object.keys(head).length > (place.scope === undefined ? 1 : 2)
  if (from.kind === 'application' || from.kind !== to.kind) throw unexpressible(`${from.kind} ${JSON.stringify(from.object.name)} (its kind or own fields)`)
  if (from.kind === 'scope' && to.kind === 'scope') {
    if (from.object.description !== to.object.description) throw unexpressible(`the description of scope ${JSON.stringify(to.object.name)}`)
    if ('newName' in renamed) list.phases['rename-scope'].push({ type: 'rename-scope', app, name: list.nowName(key), newName: to.object.name })
  } else if (from.kind === 'operation' && to.kind === 'operation') {
    const id = from.object.operationId === to.object.operationId ? {} : { operationId: Number(to.object.operationId) }
    if (fields || 'operationId' in id) list.phases.set.push({ type: 'update-operation', app, name: list.nowName(key), ...renamed, ...descriptionBack(from, to), ...id })
  } else if ((from.kind === 'task' || from.kind === 'role-definition') && (to.kind === 'task' || to.kind === 'role-definition')) {
    const rule = JSON.stringify(bizRuleOf(from.object) ?? null) === JSON.stringify(bizRuleOf(to.object) ?? null) ? {} : { bizRule: bizRuleOf(to.object) ?? null }
    if (fields || 'bizRule' in rule) list.phases.set.push({ type: from.kind === 'task' ? 'update-task' : 'update-role-definition', app, ...head, ...rule })
    taskLinkChanges(list, to, from.object, to.object)
  } else if (from.kind === 'role-assignment' && to.kind === 'role-assignment') {
    if (fields) list.phases.set.push({ type: 'update-role-assignment', app, ...head })
    raLinkChanges(list, to, from.object, to.object)
  } else if (from.kind === 'group' && to.kind === 'group') {
    const query = from.object.ldapQuery === to.object.ldapQuery ? {} : optional('ldapQuery', to.object.ldapQuery)
    if (fields || 'ldapQuery' in query) list.phases.set.push({ type: 'update-group', ...place, ...head, ...query })
    groupLinkChanges(list, to, from.object, to.object, false)
  }
}

/** Deletion order of what the write created: what links to others goes first. */
const DELETE_ORDER: readonly Visited['kind'][] = ['role-assignment', 'role-definition', 'task', 'group', 'operation', 'scope', 'application']

function remove(list: ChangeList, v: Visited): void {
  const key = guidKey(v.object.guid)
  const place = list.place(v, 'final')
  const app = place.app ?? ''
  const name = list.nowName(key)
  const types = {
    'role-assignment': 'delete-role-assignment',
    'role-definition': 'delete-role-definition',
    task: 'delete-task',
    group: 'delete-group',
  } as const
  if (v.kind === 'application') throw unexpressible(`application ${JSON.stringify(name)} (created)`)
  if (v.kind === 'scope') list.phases.delete.push({ type: 'delete-scope', app, name })
  else if (v.kind === 'operation') list.phases.delete.push({ type: 'delete-operation', app, name })
  else if (v.kind === 'group') list.phases.delete.push({ type: 'delete-group', ...place, name })
  else list.phases.delete.push({ type: types[v.kind], app, ...optional('scope', place.scope), name })
}

/**
 * The inverse of a write that took the store from `before` to `after`, as a
 * change set against `now` (see {@link InverseChanges}).
 */
export function inverseChanges(before: PolicyStore, after: PolicyStore, now: PolicyStore): InverseChanges {
  const touched = changedObjects(before, after)
  if (touched.has('')) throw unexpressible("the store's own fields (description, versions)")
  const list = new ChangeList({ before: indexObjects(before), after: indexObjects(after), now: indexObjects(now) })
  const created: Visited[] = []
  // Scopes first, so that what is created in them finds them.
  const order = (v: Visited): number => (v.kind === 'scope' ? 0 : v.kind === 'operation' ? 1 : 2)
  const recreated: Visited[] = []
  for (const key of touched) {
    const was = list.v.before.get(key)
    const is = list.v.after.get(key)
    if (was !== undefined && is === undefined) recreated.push(was)
    else if (was === undefined && is !== undefined) created.push(is)
    else if (was !== undefined && is !== undefined) restore(list, is, was)
  }
  for (const v of recreated.sort((a, b) => order(a) - order(b))) recreate(list, v)
  // Objects inside a created scope go with it.
  const inCreatedScope = (v: Visited): boolean => v.container?.scope !== undefined && created.some((c) => c.kind === 'scope' && guidKey(c.object.guid) === guidKey(v.container?.scope?.guid ?? ''))
  for (const kind of DELETE_ORDER) for (const v of created) if (v.kind === kind && !inCreatedScope(v)) remove(list, v)
  const { phases } = list
  return { changes: [...phases.create, ...phases.set, ...phases['rename-scope'], ...phases.link, ...phases.delete], guids: list.guids, touched }
}
