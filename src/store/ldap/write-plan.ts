import { InvalidChangeError } from '../../errors/change-errors.js'
import type { EditableKind, PolicyEdit } from '../../model/edit/policy-edit.js'
import { holdsLinks, linkListsOf, type LinkHolderKind, type LinkHolders } from '../../model/links.js'
import { guidKey, type Application, type PolicyObject, type PolicyStore, type Scope } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { walkStore } from '../../model/walk.js'
import { Dn, dn, dnKey, parentDn, parseDn } from '../../ldap/dn.js'
import { fieldAttribute, listAttribute, memberValue, objectAttributes, scalarValue, storeAttributes, Unwritable, type AttributeValues } from './object-attributes.js'
import { ATTR, CLASS, CN_LIMIT, CONTAINER_PREFIX } from './schema.js'
import { scheduleWrites, type PendingWrite } from './schedule-writes.js'
import type { ValueChange } from '../../ldap/session.js'
import type { StoreIndex } from './store-index.js'

/**
 * One LDAP write request. `subject` is the GUID key of the model object it
 * writes (`(store)` for the store object; none for containers), so that the
 * writes already made can be undone object by object.
 */
export type LdapWrite = (
  | { readonly type: 'add'; readonly dn: string; readonly attributes: Readonly<AttributeValues> }
  | { readonly type: 'modify'; readonly dn: string; readonly changes: readonly ValueChange[] }
  | { readonly type: 'rename'; readonly dn: string; readonly newRdn: string }
  | { readonly type: 'delete'; readonly dn: string; readonly tree: boolean }
) & { readonly subject?: string }

/** The subject of the store object's own writes. */
export const STORE_SUBJECT = '(store)'

/** One line naming a write, for results and messages (values of members shown, bytes not). */
export function describeWrite(w: LdapWrite): string {
  switch (w.type) {
    case 'add':
      return `add ${w.dn}`
    case 'delete':
      return `delete ${w.dn}${w.tree ? ' (with everything under it)' : ''}`
    case 'rename':
      return `rename ${w.dn} to ${w.newRdn}`
    case 'modify':
      return `modify ${w.dn}: ${w.changes.map((c) => `${c.operation} ${c.attribute}${c.values.length > 0 ? ` ${c.values.map((v) => (typeof v === 'string' ? v : '<bytes>')).join(' ')}` : ''}`).join('; ')}`
  }
}

/** Where every object of a policy sits: its kind and its AzMan parent (store, application or scope). */
interface Placed {
  readonly kind: EditableKind
  readonly object: PolicyObject
  /** GUID key of the parent application or scope; undefined for the store. */
  readonly parent: string | undefined
}

function placeAll(policy: PolicyStore): Map<string, Placed> {
  const out = new Map<string, Placed>()
  for (const v of walkStore(policy)) {
    const kind: EditableKind = v.kind === 'role-definition' ? 'task' : v.kind
    const parentObject = v.kind === 'scope' ? v.container.application : v.container === undefined ? undefined : (v.container.scope ?? v.container.application)
    const key = guidKey(v.object.guid)
    if (!out.has(key)) out.set(key, { kind, object: v.object, parent: parentObject === undefined ? undefined : guidKey(parentObject.guid) })
  }
  return out
}

/** Everything inside a container object (application or scope), the object included. */
function subtree(policy: PolicyStore, rootKey: string): string[] {
  const placed = placeAll(policy)
  const out: string[] = []
  for (const [key] of placed) {
    let k: string | undefined = key
    while (k !== undefined) {
      if (k === rootKey) {
        out.push(key)
        break
      }
      k = placed.get(k)?.parent
    }
  }
  return out
}

/**
 * Turns object-level edits into the fewest LDAP writes, in an order that
 * never leaves a link to nothing if it stops part way: one add per new
 * object (links included, after their targets exist; containers created on
 * demand), one modify per changed object (adding and deleting single values,
 * deleting a scalar's old value and adding the new one so that a concurrent
 * change makes the write fail instead of being overwritten), a rename per
 * renamed object, and one delete per removed object (Tree Delete for
 * applications and scopes), made after the links to it are removed.
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_UNWRITABLE` listing what AD
 *   cannot hold (empty values, non-numeric IDs, business-rule groups, XML
 *   extras, names longer than 64 characters), before anything is written.
 */
export function planLdapWrites(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[], index: StoreIndex, options: { readonly createStore?: boolean } = {}): LdapWrite[] {
  return new WritePlanner(before, after, index).plan(edits, options.createStore === true)
}

interface ModifyParts {
  dn: string
  objectKey: string | undefined
  readonly remove: ValueChange[]
  readonly add: ValueChange[]
  /** GUID keys of new objects the added values point to. */
  readonly needs: Set<string>
  /** objectGUIDs the removed values point to. */
  readonly removesLinksTo: Set<string>
}

class WritePlanner {
  private readonly problems = new Unwritable()
  private readonly beforePlaced: Map<string, Placed>
  private readonly afterPlaced: Map<string, Placed>
  /** GUID keys of objects created by this plan, and their DNs. */
  private readonly newDns = new Map<string, string>()
  private readonly containers = new Set<string>()
  private readonly pending: PendingWrite[] = []
  /** GUID key -> index of its add in `pending`. */
  private readonly addOf = new Map<string, number>()
  private readonly containerAddOf = new Map<string, number>()
  private readonly modifies = new Map<string, ModifyParts>()

  constructor(
    private readonly before: PolicyStore,
    after: PolicyStore,
    private readonly index: StoreIndex,
  ) {
    this.beforePlaced = placeAll(before)
    this.afterPlaced = placeAll(after)
    for (const c of index.containers) this.containers.add(c)
  }

  plan(edits: readonly PolicyEdit[], createStore: boolean): LdapWrite[] {
    if (createStore) this.pending.push({ write: { type: 'add', dn: this.index.storeDn, attributes: storeAttributes(this.afterStore(), this.problems), subject: STORE_SUBJECT }, rank: 0, deps: [] })
    // New objects first get their DNs, so that links between new objects can name them.
    for (const edit of edits) if (edit.type === 'create') this.assignDns(edit.kind, edit.object, edit.parent.scope ?? edit.parent.application)
    for (const edit of edits) if (edit.type === 'create') this.create(edit.kind, edit.object)
    this.relinkMoved()
    for (const edit of edits) {
      switch (edit.type) {
        case 'set':
          this.set(edit.kind, edit.guid, edit.field, edit.from, edit.value)
          break
        case 'add':
        case 'remove':
          this.listChange(edit.type, edit.kind, edit.guid, edit.list, edit.value)
          break
        case 'set-store':
          this.setStore(edit.field, edit.from, edit.value)
          break
        default:
          break
      }
    }
    this.flushModifies()
    for (const edit of edits) if (edit.type === 'delete') this.delete(edit.kind, edit.guid)
    if (this.problems.problems.length > 0) {
      const shown = this.problems.problems.slice(0, 5).join('; ')
      const more = this.problems.problems.length > 5 ? ` (and ${this.problems.problems.length - 5} more)` : ''
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_UNWRITABLE', `the change cannot be written faithfully to Active Directory: ${shown}${more}; nothing was written`)
    }
    return scheduleWrites(this.pending)
  }

  private afterStore(): PolicyStore {
    return { ...this.before, applications: [], groups: [] }
  }

  // ---- where things are

  /** The DN of an application or scope (existing or new), or of the store for undefined. */
  private parentDn(parent: string | undefined): string {
    if (parent === undefined) return this.index.storeDn
    const dnText = this.newDns.get(parent) ?? this.index.objects.get(parent)?.dn
    if (dnText === undefined) throw new Error(`bug: no DN for the parent ${parent}`)
    return dnText
  }

  private where(kind: EditableKind, object: PolicyObject): string {
    return `${kind === 'role-assignment' ? 'role assignment' : kind} ${quote(object.name)}`
  }

  private assignDns(kind: EditableKind, object: PolicyObject, parentGuid: string | undefined): void {
    const parent = parentGuid === undefined ? undefined : guidKey(parentGuid)
    const parentDnText = this.parentDn(parent)
    const key = guidKey(object.guid)
    const where = this.where(kind, object)
    let dnText: string
    if (kind === 'application' || kind === 'scope') {
      dnText = dn`CN=${object.guid.toLowerCase()},${new Dn(parentDnText)}`.text
    } else {
      if (object.name.length > CN_LIMIT) this.problems.add(`${where}: the name is longer than ${CN_LIMIT} characters, the most an Active Directory cn holds`)
      dnText = dn`CN=${object.name},${new Dn(this.containerDn(kind, parentDnText, where))}`.text
    }
    this.newDns.set(key, dnText)
    if (kind === 'application') {
      const a = object as Application
      for (const o of a.operations) this.assignDns('operation', o, a.guid)
      for (const g of a.groups) this.assignDns('group', g, a.guid)
      for (const t of a.tasks) this.assignDns('task', t, a.guid)
      for (const r of a.roleAssignments) this.assignDns('role-assignment', r, a.guid)
      for (const s of a.scopes) this.assignDns('scope', s, a.guid)
    } else if (kind === 'scope') {
      const s = object as Scope
      for (const g of s.groups) this.assignDns('group', g, s.guid)
      for (const t of s.tasks) this.assignDns('task', t, s.guid)
      for (const r of s.roleAssignments) this.assignDns('role-assignment', r, s.guid)
    }
  }

  private containerDn(kind: EditableKind, parentDnText: string, where: string): string {
    const prefix = CONTAINER_PREFIX[kind] ?? ''
    const parentCn = parseDn(parentDnText)[0]?.value ?? ''
    const cn = `${prefix}${parentCn}`
    if (cn.length > CN_LIMIT) this.problems.add(`${where}: its container ${cn} would be longer than ${CN_LIMIT} characters (the parent's cn is too long)`)
    return dn`CN=${cn},${new Dn(parentDnText)}`.text
  }

  /** The value a link to `guid` is written as: `<GUID=...>` for existing objects, the DN of new ones. */
  private link = (guid: string): string | undefined => {
    const key = guidKey(guid)
    const fresh = this.newDns.get(key)
    if (fresh !== undefined) return fresh
    const old = this.index.objects.get(key)
    return old === undefined ? undefined : `<GUID=${old.objectGuid}>`
  }

  // ---- creates

  private ensureContainer(containerDnText: string, parentKey: string | undefined): number | undefined {
    const key = dnKey(containerDnText)
    if (this.containerAddOf.has(key)) return this.containerAddOf.get(key)
    if (this.containers.has(key)) return undefined
    const deps = parentKey !== undefined && this.addOf.has(parentKey) ? [this.addOf.get(parentKey) ?? -1] : this.storeDeps()
    this.pending.push({ write: { type: 'add', dn: containerDnText, attributes: { [ATTR.objectClass]: [CLASS.container] } }, rank: 2, deps })
    const at = this.pending.length - 1
    this.containerAddOf.set(key, at)
    this.containers.add(key)
    return at
  }

  private storeDeps(): number[] {
    return this.pending[0]?.write.type === 'add' && this.pending[0].write.dn === this.index.storeDn ? [0] : []
  }

  private create(kind: EditableKind, object: PolicyObject): void {
    const key = guidKey(object.guid)
    const dnText = this.newDns.get(key)
    if (dnText === undefined) throw new Error(`bug: no DN for ${object.guid}`)
    const placed = this.afterPlaced.get(key)
    const parentKey = placed?.parent
    const deps: number[] = [...this.storeDeps()]
    const parentAdd = parentKey === undefined ? undefined : this.addOf.get(parentKey)
    if (parentAdd !== undefined) deps.push(parentAdd)
    if (kind !== 'application' && kind !== 'scope') {
      const container = this.ensureContainer(parentDn(dnText) ?? '', parentKey)
      if (container !== undefined) deps.push(container)
    }
    const needs = new Set<string>()
    const link = (guid: string): string | undefined => {
      const v = this.link(guid)
      if (v !== undefined && this.newDns.has(guidKey(guid))) needs.add(guidKey(guid))
      return v
    }
    const attributes = objectAttributes(kind, object, link, this.where(kind, object), this.problems)
    this.pending.push({ write: { type: 'add', dn: dnText, attributes, subject: key }, rank: 2, deps, needs })
    this.addOf.set(key, this.pending.length - 1)
    if (kind === 'application') {
      const a = object as Application
      for (const o of a.operations) this.create('operation', o)
      for (const g of a.groups) this.create('group', g)
      for (const t of a.tasks) this.create('task', t)
      for (const r of a.roleAssignments) this.create('role-assignment', r)
      for (const s of a.scopes) this.create('scope', s)
    } else if (kind === 'scope') {
      const s = object as Scope
      for (const g of s.groups) this.create('group', g)
      for (const t of s.tasks) this.create('task', t)
      for (const r of s.roleAssignments) this.create('role-assignment', r)
    }
  }

  /**
   * An object deleted and created again under another parent (a move) gets a
   * new objectGUID: links to it from objects that stay must follow.
   */
  private relinkMoved(): void {
    const moved = [...this.newDns.keys()].filter((k) => this.index.objects.has(k))
    if (moved.length === 0) return
    const movedSet = new Set(moved)
    for (const [key, placed] of this.afterPlaced) {
      if (this.newDns.has(key) || !this.index.objects.has(key) || !holdsLinks(placed.kind)) continue
      for (const [{ field: list }, values] of linkListsOf(placed.kind, placed.object as LinkHolders[LinkHolderKind])) {
        for (const v of values) {
          if (!movedSet.has(guidKey(v))) continue
          const old = this.index.objects.get(guidKey(v))
          const parts = this.parts(key)
          const attribute = listAttribute(placed.kind, list)
          if (old !== undefined) {
            parts.remove.push({ operation: 'delete', attribute, values: [`<GUID=${old.objectGuid}>`] })
            parts.removesLinksTo.add(old.objectGuid)
          }
          const value = this.link(v)
          if (value !== undefined) {
            parts.add.push({ operation: 'add', attribute, values: [value] })
            parts.needs.add(guidKey(v))
          }
        }
      }
    }
  }

  // ---- modifies

  private parts(key: string | undefined): ModifyParts {
    const k = key ?? '(store)'
    let parts = this.modifies.get(k)
    if (parts === undefined) {
      const dnText = key === undefined ? this.index.storeDn : this.index.objects.get(key)?.dn
      if (dnText === undefined) throw new Error(`bug: a change to ${key ?? 'the store'}, which the directory does not hold`)
      parts = { dn: dnText, objectKey: key, remove: [], add: [], needs: new Set(), removesLinksTo: new Set() }
      this.modifies.set(k, parts)
    }
    return parts
  }

  private set(kind: EditableKind, guid: string, field: Parameters<typeof fieldAttribute>[1], from: string | undefined, value: string | undefined): void {
    const key = guidKey(guid)
    const placed = this.afterPlaced.get(key) ?? this.beforePlaced.get(key)
    const where = placed ? this.where(kind, placed.object) : `${kind} ${guid}`
    const attribute = fieldAttribute(kind, field)
    if (attribute === 'rdn') {
      if (value === undefined || value === '') {
        this.problems.add(`${where}: a name cannot be empty`)
        return
      }
      if (value.length > CN_LIMIT) this.problems.add(`${where}: the name ${quote(value)} is longer than ${CN_LIMIT} characters, the most an Active Directory cn holds`)
      const old = this.index.objects.get(key)
      if (old === undefined) return
      this.pending.push({ write: { type: 'rename', dn: old.dn, newRdn: dn`CN=${value}`.text, subject: key }, rank: 1, deps: [] })
      // Later writes to this object use its new DN.
      const parts = this.parts(key)
      parts.dn = dn`CN=${value},${new Dn(parentDn(old.dn) ?? '')}`.text
      return
    }
    const parts = this.parts(key)
    if (field === 'roleDefinition') {
      // A flag: AD may hold FALSE where the model reads "absent"; replace is exact here.
      parts.add.push({ operation: 'replace', attribute, values: value === undefined ? [] : ['TRUE'] })
      return
    }
    const oldValue = from === undefined || from === '' ? undefined : field === 'groupType' ? (scalarValue(field, from, where, new Unwritable()) ?? from) : from
    const newValue = value === undefined ? undefined : scalarValue(field, value, where, this.problems)
    if (oldValue !== undefined) parts.add.push({ operation: 'delete', attribute, values: [oldValue] })
    if (newValue !== undefined) parts.add.push({ operation: 'add', attribute, values: [newValue] })
  }

  private listChange(type: 'add' | 'remove', kind: EditableKind, guid: string, list: Parameters<typeof listAttribute>[1], value: string): void {
    const key = guidKey(guid)
    const parts = this.parts(key)
    const attribute = listAttribute(kind, list)
    const placed = this.afterPlaced.get(key) ?? this.beforePlaced.get(key)
    const where = placed ? this.where(kind, placed.object) : `${kind} ${guid}`
    const isSid = list === 'members' || list === 'nonMembers'
    if (type === 'remove') {
      if (isSid) {
        const known = this.index.objects.get(key)?.memberGuids?.get(value)
        const v = known === undefined ? memberValue(value, where, this.problems) : `<GUID=${known}>`
        if (v !== undefined) parts.remove.push({ operation: 'delete', attribute, values: [v] })
        return
      }
      const target = this.index.objects.get(guidKey(value))
      if (target === undefined) {
        // A link to nothing (the store had it dangling): AD dropped it already.
        return
      }
      parts.remove.push({ operation: 'delete', attribute, values: [`<GUID=${target.objectGuid}>`] })
      parts.removesLinksTo.add(target.objectGuid)
      return
    }
    if (isSid) {
      const v = memberValue(value, where, this.problems)
      if (v !== undefined) parts.add.push({ operation: 'add', attribute, values: [v] })
      return
    }
    const v = this.link(value)
    if (v === undefined) {
      this.problems.add(`${where}: the link ${value} points to no object of the store`)
      return
    }
    if (this.newDns.has(guidKey(value))) parts.needs.add(guidKey(value))
    parts.add.push({ operation: 'add', attribute, values: [v] })
  }

  private setStore(field: 'description' | 'majorVersion' | 'minorVersion', from: string | undefined, value: string | undefined): void {
    const parts = this.parts(undefined)
    const attribute = field === 'description' ? ATTR.description : field === 'majorVersion' ? ATTR.majorVersion : ATTR.minorVersion
    const where = 'the store'
    const check = (v: string): string | undefined => (field === 'description' ? scalarValue('description', v, where, this.problems) : scalarValue('operationId', v, where, this.problems))
    if (from !== undefined && from !== '') parts.add.push({ operation: 'delete', attribute, values: [from] })
    if (value !== undefined) {
      const v = check(value)
      if (v !== undefined) parts.add.push({ operation: 'add', attribute, values: [v] })
    }
  }

  /** Each changed object's modify, in two halves the scheduler joins again when it can: removals (no prerequisite) and the rest. */
  private flushModifies(): void {
    for (const parts of this.modifies.values()) {
      if (parts.remove.length > 0)
        this.pending.push({
          write: { type: 'modify', dn: parts.dn, changes: parts.remove, subject: parts.objectKey ?? STORE_SUBJECT },
          rank: 0,
          deps: [],
          removesLinksTo: parts.removesLinksTo,
          half: 'remove',
          object: parts.dn,
        })
      if (parts.add.length > 0) {
        const deps = [...parts.needs].map((k) => this.addOf.get(k)).filter((i): i is number => i !== undefined)
        this.pending.push({ write: { type: 'modify', dn: parts.dn, changes: parts.add, subject: parts.objectKey ?? STORE_SUBJECT }, rank: 3, deps, half: 'add', object: parts.dn })
      }
    }
  }

  // ---- deletes

  private delete(kind: EditableKind, guid: string): void {
    const key = guidKey(guid)
    const old = this.index.objects.get(key)
    if (old === undefined) return
    const tree = kind === 'application' || kind === 'scope'
    const inside = new Set((tree ? subtree(this.before, key) : [key]).map((k) => this.index.objects.get(k)?.objectGuid).filter((g): g is string => g !== undefined))
    this.pending.push({ write: { type: 'delete', dn: old.dn, tree, subject: key }, rank: 4, deps: [], deletes: inside })
  }
}

export { type PendingWrite } from './schedule-writes.js'
