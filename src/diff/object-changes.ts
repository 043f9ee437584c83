import { LINK_FIELDS, type LinkHolderKind } from '../model/links.js'
import type { ObjectKind } from '../model/limits.js'
import { formatPath, type ObjectPath } from '../model/paths.js'
import { guidKey, type Application, type ApplicationGroup, type Extras, type PolicyObject, type PolicyStore, type Scope, type Task } from '../model/policy.js'
import { canonicalSid, wellKnownSidName } from '../model/sid.js'
import { walkStore } from '../model/walk.js'
import { pairObjects, type MatchedBy } from './match-objects.js'

/** A changed single-valued field. An absent optional attribute reads as `""` (absent and empty are equal). */
export interface FieldChange {
  readonly field: string
  readonly before: string
  readonly after: string
}

/** A value of a list field: a link (GUID, with the target's name) or a SID (with its well-known name). */
export interface ListValue {
  readonly value: string
  readonly name: string | null
}

/** A changed list field (links, members): compared as sets. */
export interface ListChange {
  readonly field: string
  readonly removed: readonly ListValue[]
  readonly added: readonly ListValue[]
}

export interface ObjectChange {
  readonly change: 'added' | 'removed' | 'changed'
  readonly kind: ObjectKind
  /** Where the object is (in the second store; in the first for a removed one), e.g. `application "X" > scope "Y" > role assignment "Z"`. */
  readonly path: string
  readonly guid: string
  /** For a changed object: how it was paired, and its GUID in the first store when it differs. */
  readonly matchedBy?: MatchedBy
  readonly beforeGuid?: string
  readonly fields: readonly FieldChange[]
  readonly lists: readonly ListChange[]
}

type Field = 'name' | 'description' | 'operationId' | 'roleDefinition' | 'language' | 'script' | 'importedPath' | 'groupType' | 'ldapQuery' | 'version'
type List = 'operationLinks' | 'taskLinks' | 'appMemberLinks' | 'appNonMemberLinks' | 'members' | 'nonMembers'

const FIELDS: Readonly<Record<Exclude<ObjectKind, 'store'>, readonly Field[]>> = {
  application: ['name', 'description', 'version'],
  operation: ['name', 'description', 'operationId'],
  task: ['name', 'description', 'roleDefinition', 'language', 'script', 'importedPath'],
  'role-definition': ['name', 'description', 'roleDefinition', 'language', 'script', 'importedPath'],
  'role-assignment': ['name', 'description'],
  group: ['name', 'description', 'groupType', 'language', 'script', 'importedPath', 'ldapQuery'],
  scope: ['name', 'description'],
}

function linkFields(kind: LinkHolderKind): List[] {
  return LINK_FIELDS[kind].map((link) => link.field)
}

/** The lists compared, per kind: the link fields of {@link LINK_FIELDS} and the SID lists. */
const LISTS: Readonly<Record<Exclude<ObjectKind, 'store'>, readonly List[]>> = {
  application: [],
  operation: [],
  task: linkFields('task'),
  'role-definition': linkFields('role-definition'),
  'role-assignment': [...linkFields('role-assignment'), 'members'],
  group: ['members', 'nonMembers', ...linkFields('group')],
  scope: [],
}

function text(object: PolicyObject, field: Field): string {
  const value: unknown = (object as unknown as Record<string, unknown>)[field]
  if (typeof value === 'boolean') return value ? 'True' : ''
  return typeof value === 'string' ? value : ''
}

function extrasText(extras: Extras): string {
  return JSON.stringify([extras.attributes.map((a) => [a.name, a.value]), extras.elements.map((e) => e.markup)])
}

/**
 * The object-level differences between two stores: objects added, removed or
 * changed, paired by GUID and then by name within their parent (store,
 * application, scope). Links compare by what they point to: a link to an
 * object that was paired by name counts as the same link. Attributes absent
 * and empty are equal; lists compare as sets; unknown attributes and elements
 * compare as written.
 */
export class ObjectDiff {
  readonly changes: ObjectChange[] = []
  /** Second-store GUID key -> first-store GUID key, for objects paired with different GUIDs. */
  private readonly sameAs = new Map<string, string>()
  private readonly namesBefore = new Map<string, string>()
  private readonly namesAfter = new Map<string, string>()

  constructor(
    private readonly before: PolicyStore,
    private readonly after: PolicyStore,
  ) {
    for (const v of walkStore(before)) this.namesBefore.set(guidKey(v.object.guid), v.object.name)
    for (const v of walkStore(after)) this.namesAfter.set(guidKey(v.object.guid), v.object.name)
    this.pairAll()
    const fields: FieldChange[] = []
    for (const field of ['description', 'majorVersion', 'minorVersion', 'guid'] as const) {
      const b = before[field] ?? ''
      const a = after[field] ?? ''
      if (a !== b) fields.push({ field, before: b, after: a })
    }
    if (extrasText(before.extras) !== extrasText(after.extras)) fields.push({ field: 'extras', before: extrasText(before.extras), after: extrasText(after.extras) })
    if (fields.length > 0) this.changes.push({ change: 'changed', kind: 'store', path: 'store', guid: after.guid ?? '', fields, lists: [] })
    this.compareList([], 'group', before.groups, after.groups)
    this.compareList([], 'application', before.applications, after.applications)
  }

  /** First pass: record every pairing with different GUIDs, so links can be compared by target. */
  private pairAll(): void {
    const note = <T extends PolicyObject>(b: readonly T[], a: readonly T[], inner?: (x: T, y: T) => void): void => {
      for (const p of pairObjects(b, a).pairs) {
        if (guidKey(p.before.guid) !== guidKey(p.after.guid)) this.sameAs.set(guidKey(p.after.guid), guidKey(p.before.guid))
        inner?.(p.before, p.after)
      }
    }
    const containerPairs = (b: Application | Scope, a: Application | Scope): void => {
      note(b.groups, a.groups)
      note(b.tasks, a.tasks)
      note(b.roleAssignments, a.roleAssignments)
    }
    note(this.before.groups, this.after.groups)
    note(this.before.applications, this.after.applications, (b, a) => {
      note(b.operations, a.operations)
      containerPairs(b, a)
      note(b.scopes, a.scopes, containerPairs)
    })
  }

  private compareList<T extends PolicyObject>(parent: ObjectPath, kind: Exclude<ObjectKind, 'store'>, before: readonly T[], after: readonly T[]): void {
    const pairing = pairObjects(before, after)
    const kindOf = (o: T): Exclude<ObjectKind, 'store'> => (kind === 'task' && (o as unknown as Task).roleDefinition ? 'role-definition' : kind)
    for (const b of pairing.removed) this.changes.push({ change: 'removed', kind: kindOf(b), path: formatPath([...parent, { kind: kindOf(b), name: b.name }]), guid: b.guid, fields: [], lists: [] })
    for (const a of pairing.added) this.changes.push({ change: 'added', kind: kindOf(a), path: formatPath([...parent, { kind: kindOf(a), name: a.name }]), guid: a.guid, fields: [], lists: [] })
    for (const { before: b, after: a, by } of pairing.pairs) {
      const k = kindOf(a)
      const path: ObjectPath = [...parent, { kind: k, name: a.name }]
      const fields: FieldChange[] = []
      for (const field of FIELDS[k]) {
        const x = text(b, field)
        const y = text(a, field)
        if (x !== y) fields.push({ field, before: x, after: y })
      }
      if (extrasText(b.extras) !== extrasText(a.extras)) fields.push({ field: 'extras', before: extrasText(b.extras), after: extrasText(a.extras) })
      const lists: ListChange[] = []
      for (const list of LISTS[k]) {
        const change = this.compareValues(list, (b as unknown as Record<List, readonly string[]>)[list], (a as unknown as Record<List, readonly string[]>)[list])
        if (change) lists.push(change)
      }
      if (fields.length > 0 || lists.length > 0) {
        this.changes.push({ change: 'changed', kind: k, path: formatPath(path), guid: a.guid, matchedBy: by, ...(guidKey(a.guid) === guidKey(b.guid) ? {} : { beforeGuid: b.guid }), fields, lists })
      }
      this.children(path, k, b, a)
    }
  }

  private children(path: ObjectPath, kind: ObjectKind, b: PolicyObject, a: PolicyObject): void {
    if (kind === 'application') {
      const x = b as Application
      const y = a as Application
      this.compareList(path, 'operation', x.operations, y.operations)
    }
    if (kind === 'application' || kind === 'scope') {
      const x = b as Application | Scope
      const y = a as Application | Scope
      this.compareList<ApplicationGroup>(path, 'group', x.groups, y.groups)
      this.compareList<Task>(path, 'task', x.tasks, y.tasks)
      this.compareList(path, 'role-assignment', x.roleAssignments, y.roleAssignments)
    }
    if (kind === 'application') this.compareList(path, 'scope', (b as Application).scopes, (a as Application).scopes)
  }

  private compareValues(list: List, before: readonly string[], after: readonly string[]): ListChange | undefined {
    const sids = list === 'members' || list === 'nonMembers'
    const keyBefore = (v: string): string => (sids ? canonicalSid(v) : guidKey(v))
    const keyAfter = (v: string): string => (sids ? canonicalSid(v) : (this.sameAs.get(guidKey(v)) ?? guidKey(v)))
    const b = new Map(before.map((v) => [keyBefore(v), v]))
    const a = new Map(after.map((v) => [keyAfter(v), v]))
    const value = (v: string, names: Map<string, string>): ListValue => ({ value: v, name: sids ? (wellKnownSidName(canonicalSid(v)) ?? null) : (names.get(guidKey(v)) ?? null) })
    const removed = [...b].filter(([k]) => !a.has(k)).map(([, v]) => value(v, this.namesBefore))
    const added = [...a].filter(([k]) => !b.has(k)).map(([, v]) => value(v, this.namesAfter))
    return removed.length === 0 && added.length === 0 ? undefined : { field: list, removed, added }
  }
}
