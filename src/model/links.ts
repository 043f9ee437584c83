import { guidKey, type ApplicationGroup, type RoleAssignment, type Task } from './policy.js'

/**
 * Which fields of the model hold links, and to what: one table for the
 * change set (what a delete must not leave dangling), the integrity checks,
 * the diff and the store writers. Links are GUID text (see {@link guidKey});
 * members and non-members that are SIDs are not links.
 */

/** A field of the model that holds GUID links. */
export type LinkField = 'operationLinks' | 'taskLinks' | 'appMemberLinks' | 'appNonMemberLinks'

/** What a link points at: an operation, a task or role definition, or an application group. */
export type LinkTarget = 'operation' | 'task' | 'group'

/** The objects that hold links, by the kind the walk gives them. */
export interface LinkHolders {
  readonly task: Task
  readonly 'role-definition': Task
  readonly 'role-assignment': RoleAssignment
  readonly group: ApplicationGroup
}

export type LinkHolderKind = keyof LinkHolders

/** One link field of a kind of object. */
export interface LinkFieldInfo {
  readonly field: LinkField
  readonly target: LinkTarget
  /** The XML element that holds one link, as messages name it. */
  readonly element: 'OperationLink' | 'TaskLink' | 'AppMemberLink' | 'AppNonMemberLink'
  /** What the link should point at, in words: `operation`, `task or role definition`, `application group`. */
  readonly targetLabel: string
}

const OPERATIONS: LinkFieldInfo = { field: 'operationLinks', target: 'operation', element: 'OperationLink', targetLabel: 'operation' }
const TASKS: LinkFieldInfo = { field: 'taskLinks', target: 'task', element: 'TaskLink', targetLabel: 'task or role definition' }
const MEMBERS: LinkFieldInfo = { field: 'appMemberLinks', target: 'group', element: 'AppMemberLink', targetLabel: 'application group' }
const NON_MEMBERS: LinkFieldInfo = { field: 'appNonMemberLinks', target: 'group', element: 'AppNonMemberLink', targetLabel: 'application group' }

/**
 * The link fields of each kind of object, in the model's order: a task or
 * role definition links operations and tasks or role definitions (nesting);
 * a role assignment links role definitions and tasks, operations (the API
 * allows it, stores rarely have it) and the application groups that hold
 * it; a group links its member and non-member groups. Operations, scopes and
 * applications hold no links.
 */
export const LINK_FIELDS: { readonly [K in LinkHolderKind]: readonly LinkFieldInfo[] } = {
  task: [OPERATIONS, TASKS],
  'role-definition': [OPERATIONS, TASKS],
  'role-assignment': [TASKS, OPERATIONS, MEMBERS],
  group: [MEMBERS, NON_MEMBERS],
}

/** Every field that holds links, whatever the kind. */
export const LINK_FIELD_NAMES: ReadonlySet<string> = new Set<LinkField>([OPERATIONS.field, TASKS.field, MEMBERS.field, NON_MEMBERS.field])

/** True for the kinds of object that hold links. */
export function holdsLinks(kind: string): kind is LinkHolderKind {
  return Object.hasOwn(LINK_FIELDS, kind)
}

/** The links of one field of an object; none when the object's kind has no such field. */
export function linksIn(object: LinkHolders[LinkHolderKind], field: LinkField): readonly string[] {
  return (object as Partial<Record<LinkField, readonly string[]>>)[field] ?? []
}

/** Each link field of an object with its links, in {@link LINK_FIELDS} order. */
export function linkListsOf<K extends LinkHolderKind>(kind: K, object: LinkHolders[K]): [LinkFieldInfo, readonly string[]][] {
  return LINK_FIELDS[kind].map((info) => [info, linksIn(object, info.field)])
}

/**
 * Whether any link of an object points at `target` (compared by GUID key).
 *
 * @param listOf reads a field of the object (as a store being edited has it now, say).
 */
export function linksTo(kind: LinkHolderKind, target: string, listOf: (field: LinkField) => readonly string[]): boolean {
  const key = guidKey(target)
  return LINK_FIELDS[kind].some(({ field }) => listOf(field).some((l) => guidKey(l) === key))
}
