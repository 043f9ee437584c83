import type { SidNames } from '../directory/sid-names.js'
import type { EditableList, PolicyEdit } from '../model/edit/policy-edit.js'
import type { ObjectKind } from '../model/limits.js'
import { formatPath, type ObjectPath } from '../model/paths.js'
import { guidKey, type PolicyStore } from '../model/policy.js'
import { wellKnownSidName } from '../model/sid.js'
import { walkStore } from '../model/walk.js'
import { describeEdit } from './edit-words.js'

/**
 * An object-level edit as people and scripts read it: what was done, to which
 * object (kind, name, application and scope by name, its GUID for
 * addressing), what changed, and the edit in words. The default shape of
 * edits in plans and write answers (CLI `--json`, REST); the model's own edit
 * ({@link PolicyEdit}: parents by GUID, whole new objects with what the model
 * keeps uninterpreted) is the `full` detail, and what a saved plan needs.
 */
export interface PublicEdit {
  readonly type: PolicyEdit['type']
  /** The object's kind; `role-definition` for a task that is one; `store` for a store attribute. */
  readonly kind: ObjectKind
  /** The object's GUID (absent for a store attribute). */
  readonly guid?: string
  /** The object's name (absent for a store attribute). */
  readonly name?: string
  /** The application it is in, by name (absent for the store's own objects and applications). */
  readonly application?: string
  /** The scope it is in, by name (absent at application level). */
  readonly scope?: string
  /** `set`, `set-store`: the field set. */
  readonly field?: string
  /** `set`, `set-store`: the value before (absent when there was none). */
  readonly from?: string
  /** `set`, `set-store`: the new value (absent when removed); `add`, `remove`: the SID or the linked object's GUID. */
  readonly value?: string
  /** `add`, `remove`: the list: `members`, `nonMembers` (SIDs), `operations`, `tasks`, `memberGroups`, `nonMemberGroups` (objects). */
  readonly list?: string
  /** `add`, `remove`: the account's name (where known) or the linked object's name. */
  readonly valueName?: string
  /** `add`, `remove` of a linked object: its kind. */
  readonly valueKind?: ObjectKind
  /** The edit in words, as the plan's `editSummaries` say it. */
  readonly summary: string
}

const PUBLIC_LIST: Readonly<Record<EditableList, string>> = {
  members: 'members',
  nonMembers: 'nonMembers',
  operationLinks: 'operations',
  taskLinks: 'tasks',
  appMemberLinks: 'memberGroups',
  appNonMemberLinks: 'nonMemberGroups',
}

interface Located {
  readonly kind: ObjectKind
  readonly path: ObjectPath
}

/** Every object of the given versions by GUID key, with its kind and path (the first version that has it wins). */
function locate(...policies: readonly PolicyStore[]): Map<string, Located> {
  const out = new Map<string, Located>()
  for (const policy of policies) for (const v of walkStore(policy)) if (!out.has(guidKey(v.object.guid))) out.set(guidKey(v.object.guid), { kind: v.kind, path: v.path })
  return out
}

/** Name, application and scope of an object from its path (the object itself is the last step). */
function placeOf(path: ObjectPath): Pick<PublicEdit, 'name' | 'application' | 'scope'> {
  const self = path[path.length - 1]
  const above = path.slice(0, -1)
  const application = above.find((s) => s.kind === 'application')?.name
  const scope = above.find((s) => s.kind === 'scope')?.name
  return { ...(self === undefined ? {} : { name: self.name }), ...(application === undefined ? {} : { application }), ...(scope === undefined ? {} : { scope }) }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}

/** What an `add` or `remove` edit adds or removes, named. */
function listFields(
  edit: Extract<PolicyEdit, { type: 'add' | 'remove' }>,
  objects: ReadonlyMap<string, Located>,
  names: SidNames | undefined,
): Pick<PublicEdit, 'list' | 'value' | 'valueName' | 'valueKind'> {
  const list = PUBLIC_LIST[edit.list]
  if (edit.list === 'members' || edit.list === 'nonMembers') return { list, value: edit.value, ...optional('valueName', names?.get(edit.value) ?? wellKnownSidName(edit.value)) }
  const linked = objects.get(guidKey(edit.value))
  const name = linked?.path[linked.path.length - 1]?.name
  return { list, value: edit.value, ...optional('valueName', name), ...(linked === undefined ? {} : { valueKind: linked.kind }) }
}

function view(edit: PolicyEdit, objects: ReadonlyMap<string, Located>, names: SidNames | undefined, summary: string): PublicEdit {
  if (edit.type === 'set-store') return { type: edit.type, kind: 'store', field: edit.field, ...optional('from', edit.from), ...optional('value', edit.value), summary }
  const guid = edit.type === 'create' ? edit.object.guid : edit.guid
  const found = objects.get(guidKey(guid))
  const kind = found?.kind ?? (edit.type === 'create' && edit.kind === 'task' && edit.object.roleDefinition ? 'role-definition' : edit.kind)
  const place = found === undefined ? optional('name', edit.type === 'create' ? edit.object.name : edit.type === 'delete' ? edit.name : undefined) : placeOf(found.path)
  const head = { type: edit.type, kind, guid, ...place }
  switch (edit.type) {
    case 'set':
      return { ...head, field: edit.field, ...optional('from', edit.from), ...optional('value', edit.value), summary }
    case 'add':
    case 'remove':
      return { ...head, ...listFields(edit, objects, names), summary }
    default:
      return { ...head, summary }
  }
}

/**
 * The edits between two versions of a store in their public shape
 * ({@link PublicEdit}), in order; accounts named from `names` (else their
 * well-known names), objects from the versions before (deleted ones) and after.
 */
export function publicEdits(edits: readonly PolicyEdit[], before: PolicyStore, after: PolicyStore, names?: SidNames): PublicEdit[] {
  if (edits.length === 0) return []
  const objects = locate(after, before)
  const labels = new Map([...objects].map(([key, { path }]) => [key, formatPath(path)]))
  return edits.map((e) => view(e, objects, names, describeEdit(e, labels, names)))
}
