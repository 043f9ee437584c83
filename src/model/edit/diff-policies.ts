import { LINK_FIELDS, linksIn, type LinkHolders } from '../links.js'
import { guidKey, type Application, type ApplicationGroup, type Operation, type PolicyObject, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../policy.js'
import { finish, OBJECTS_PER_STEP, type Steps } from '../steps.js'
import type { EditableField, EditableKind, EditableList, EditedObject, ParentRef, PolicyEdit } from './policy-edit.js'

/**
 * The object-level edits that turn `before` into `after`. Objects are matched
 * by GUID within their parent; an object that moved to another parent is a
 * delete and a create. Link values compare by GUID key (case and braces do
 * not matter), SIDs and other values by exact text. The order is stable:
 * store fields, store groups, then each application as `after` lists them;
 * deletions of an object's children come before the object's own creation of
 * replacements.
 */
export function diffPolicies(before: PolicyStore, after: PolicyStore): PolicyEdit[] {
  return finish(diffPolicySteps(before, after))
}

/**
 * {@link diffPolicies} in steps (see `model/steps.ts`): yields after every
 * `OBJECTS_PER_STEP` objects compared, so that a caller can let other work run.
 */
export function* diffPolicySteps(before: PolicyStore, after: PolicyStore): Steps<PolicyEdit[]> {
  const edits: PolicyEdit[] = []
  for (const field of ['description', 'majorVersion', 'minorVersion'] as const) {
    if (before[field] !== after[field]) edits.push({ type: 'set-store', field, from: before[field], value: after[field] })
  }
  const store: ParentRef = {}
  yield* diffChildren(edits, store, 'group', before.groups, after.groups, diffGroup)
  yield* diffChildren(edits, store, 'application', before.applications, after.applications, diffApplication)
  return edits
}

type Differ<T> = (edits: PolicyEdit[], parent: ParentRef, before: T, after: T) => void | Steps<void>

function wrap(kind: EditableKind, object: PolicyObject): EditedObject {
  return { kind, object } as EditedObject
}

/**
 * Pairs each object of `after` with one of `before` with its GUID: the very
 * same object first, then in document order. A store may already hold two
 * objects with one GUID (AZ_DUPLICATE_GUID); each must still find its own
 * counterpart, or an untouched duplicate would look deleted and created.
 */
function pairByGuid<T extends PolicyObject>(before: readonly T[], after: readonly T[]): Map<T, T> {
  const unmatched = new Map<string, T[]>()
  for (const b of before) {
    const list = unmatched.get(guidKey(b.guid))
    if (list) list.push(b)
    else unmatched.set(guidKey(b.guid), [b])
  }
  const pairs = new Map<T, T>()
  const take = (a: T, pick: (list: T[]) => number): void => {
    const list = unmatched.get(guidKey(a.guid))
    const at = list === undefined ? -1 : pick(list)
    if (list !== undefined && at >= 0) pairs.set(a, list.splice(at, 1)[0] as T)
  }
  for (const a of after) take(a, (list) => list.indexOf(a))
  for (const a of after) if (!pairs.has(a)) take(a, (list) => (list.length > 0 ? 0 : -1))
  return pairs
}

function* diffChildren<T extends PolicyObject>(edits: PolicyEdit[], parent: ParentRef, kind: EditableKind, before: readonly T[], after: readonly T[], differ: Differ<T>): Steps<void> {
  if (before === after) return
  const pairs = pairByGuid(before, after)
  const matched = new Set(pairs.values())
  for (const b of before) {
    if (!matched.has(b)) edits.push({ type: 'delete', parent, kind, guid: b.guid, name: b.name })
  }
  let done = 0
  for (const a of after) {
    const b = pairs.get(a)
    if (b === undefined) edits.push({ type: 'create', parent, ...wrap(kind, a) })
    else if (a !== b) {
      const steps = differ(edits, parent, b, a)
      if (steps !== undefined) yield* steps
    }
    if (++done % OBJECTS_PER_STEP === 0) yield
  }
}

function setFields<T extends PolicyObject>(edits: PolicyEdit[], parent: ParentRef, kind: EditableKind, before: T, after: T, fields: readonly (EditableField & keyof T)[]): void {
  for (const field of fields) {
    const from = before[field] as string | undefined
    const value = after[field] as string | undefined
    if (from !== value) edits.push({ type: 'set', parent, kind, guid: after.guid, field, from, value })
  }
}

function roleDefinitionFlag(task: Task): string | undefined {
  return task.roleDefinition ? 'True' : undefined
}

function diffList(edits: PolicyEdit[], parent: ParentRef, kind: EditableKind, guid: string, list: EditableList, before: readonly string[], after: readonly string[]): void {
  if (before === after) return
  const key = list === 'members' || list === 'nonMembers' ? (v: string) => v : guidKey
  const count = new Map<string, number>()
  for (const v of before) count.set(key(v), (count.get(key(v)) ?? 0) + 1)
  const added: string[] = []
  for (const v of after) {
    const n = count.get(key(v)) ?? 0
    if (n > 0) count.set(key(v), n - 1)
    else added.push(v)
  }
  const removed: string[] = []
  const left = new Map(count)
  for (const v of before) {
    const n = left.get(key(v)) ?? 0
    if (n > 0) {
      removed.push(v)
      left.set(key(v), n - 1)
    }
  }
  for (const value of removed) edits.push({ type: 'remove', parent, kind, guid, list, value })
  for (const value of added) edits.push({ type: 'add', parent, kind, guid, list, value })
}

/** The edits of every link field of an object ({@link LINK_FIELDS}), before and after. */
function diffLinks<K extends 'task' | 'role-assignment' | 'group'>(edits: PolicyEdit[], parent: ParentRef, kind: K, b: LinkHolders[K], a: LinkHolders[K]): void {
  for (const { field } of LINK_FIELDS[kind]) diffList(edits, parent, kind, a.guid, field, linksIn(b, field), linksIn(a, field))
}

const diffOperation: Differ<Operation> = (edits, parent, b, a) => {
  setFields(edits, parent, 'operation', b, a, ['name', 'description', 'operationId'])
}

const diffTask: Differ<Task> = (edits, parent, b, a) => {
  setFields(edits, parent, 'task', b, a, ['name', 'description', 'importedPath', 'language', 'script'])
  if (b.roleDefinition !== a.roleDefinition) {
    edits.push({ type: 'set', parent, kind: 'task', guid: a.guid, field: 'roleDefinition', from: roleDefinitionFlag(b), value: roleDefinitionFlag(a) })
  }
  diffLinks(edits, parent, 'task', b, a)
}

const diffRoleAssignment: Differ<RoleAssignment> = (edits, parent, b, a) => {
  setFields(edits, parent, 'role-assignment', b, a, ['name', 'description'])
  diffLinks(edits, parent, 'role-assignment', b, a)
  diffList(edits, parent, 'role-assignment', a.guid, 'members', b.members, a.members)
}

const diffGroup: Differ<ApplicationGroup> = (edits, parent, b, a) => {
  setFields(edits, parent, 'group', b, a, ['name', 'description', 'groupType', 'language', 'ldapQuery', 'script', 'importedPath'])
  diffList(edits, parent, 'group', a.guid, 'members', b.members, a.members)
  diffList(edits, parent, 'group', a.guid, 'nonMembers', b.nonMembers, a.nonMembers)
  diffLinks(edits, parent, 'group', b, a)
}

const diffScope: Differ<Scope> = function* (edits, parent, b, a) {
  setFields(edits, parent, 'scope', b, a, ['name', 'description'])
  const inner: ParentRef = { ...parent, scope: a.guid }
  yield* diffChildren(edits, inner, 'group', b.groups, a.groups, diffGroup)
  yield* diffChildren(edits, inner, 'task', b.tasks, a.tasks, diffTask)
  yield* diffChildren(edits, inner, 'role-assignment', b.roleAssignments, a.roleAssignments, diffRoleAssignment)
}

const diffApplication: Differ<Application> = function* (edits, parent, b, a) {
  setFields(edits, parent, 'application', b, a, ['name', 'description', 'version'])
  const inner: ParentRef = { application: a.guid }
  yield* diffChildren(edits, inner, 'group', b.groups, a.groups, diffGroup)
  yield* diffChildren(edits, inner, 'operation', b.operations, a.operations, diffOperation)
  yield* diffChildren(edits, inner, 'task', b.tasks, a.tasks, diffTask)
  yield* diffChildren(edits, inner, 'role-assignment', b.roleAssignments, a.roleAssignments, diffRoleAssignment)
  yield* diffChildren(edits, inner, 'scope', b.scopes, a.scopes, diffScope)
}
