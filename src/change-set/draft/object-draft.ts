import { LINK_FIELD_NAMES } from '../../model/links.js'
import { guidKey, type PolicyObject } from '../../model/policy.js'
import { canonicalSid } from '../../model/sid.js'
import type { LinkArea } from './link-area.js'
import { ValueList } from './value-list.js'

/** The fields of `T` that hold lists of strings: members, non-members, links. */
export type ListKey<T> = { [K in keyof T]-?: T[K] extends readonly string[] ? K : never }[keyof T] & string

/** Fields holding the objects a container holds. */
export type ChildKey = 'applications' | 'operations' | 'groups' | 'tasks' | 'roleAssignments' | 'scopes'

/** An object without its lists and children: what is replaced as a whole when it changes. */
export type Scalars<T> = Omit<T, ListKey<T> | ChildKey> & Pick<PolicyObject, 'guid' | 'name' | 'description' | 'extras'>

const CHILD_KEYS: ReadonlySet<string> = new Set<ChildKey>(['applications', 'operations', 'groups', 'tasks', 'roleAssignments', 'scopes'])

/** SIDs compare as Windows compares them; links by GUID key. */
export function listKey(field: string): (value: string) => string {
  return field === 'members' || field === 'nonMembers' ? canonicalSid : guidKey
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

/** The link values of a plain object (a task, role assignment or group), as it is. */
export function* linkValuesOf(object: object): Generator<string> {
  for (const [field, value] of Object.entries(object)) if (LINK_FIELD_NAMES.has(field) && isStringList(value)) yield* value
}

/** The link values of an object of a collection, plain or being edited, as it is now. */
export function currentLinkValues(item: object): Iterable<string> {
  return item instanceof ObjectDraft ? item.linkValues() : linkValuesOf(item)
}

function withoutListsAndChildren<T extends object>(source: T, lists: readonly string[]): Scalars<T> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(source)) if (!CHILD_KEYS.has(key) && !lists.includes(key)) out[key] = value
  return out as Scalars<T>
}

/**
 * One object of a store being edited by a change set: its scalar fields,
 * replaced as a whole, and its lists, edited value by value. Made only for
 * objects a change touches; the object it was made from is never modified.
 * {@link materialize} gives the object as edited, or the very object it was
 * made from while nothing changed (so the diff sees what did not change).
 */
export class ObjectDraft<T extends PolicyObject> {
  private current: Scalars<T>
  private scalarsChanged = false
  private readonly lists = new Map<string, ValueList>()
  /** Lists given whole ({@link setList}), not edited value by value. */
  private readonly replaced = new Map<string, readonly string[]>()
  private readonly listFields: readonly string[]
  /** Told when the scalar fields change, so the collection holding the object can find it by its new name. */
  onScalars: ((before: Scalars<T>) => void) | undefined

  /**
   * @param source the object as the store (or an earlier change) has it.
   * @param area where the object's links are counted; undefined for objects without links.
   */
  constructor(
    readonly source: T,
    private readonly linkArea: LinkArea | undefined,
  ) {
    this.listFields = Object.entries(source)
      .filter(([key, value]) => !CHILD_KEYS.has(key) && isStringList(value))
      .map(([key]) => key)
    this.current = withoutListsAndChildren(source, this.listFields)
  }

  get guid(): string {
    return this.source.guid
  }

  get name(): string {
    return this.scalars.name
  }

  /** The scalar fields as they are now. */
  get scalars(): Scalars<T> {
    return this.current
  }

  /** Replaces the scalar fields (name, description, OperationID, business rule ...). */
  setScalars(next: Scalars<T>): void {
    const before = this.current
    this.current = next
    this.scalarsChanged = true
    this.onScalars?.(before)
  }

  /** A list of the object, to read or edit value by value. */
  list(field: ListKey<T>): ValueList {
    let list = this.lists.get(field)
    if (list === undefined) {
      const counted = this.linkArea !== undefined && LINK_FIELD_NAMES.has(field) ? this.linkArea : undefined
      list = new ValueList(this.sourceList(field), listKey(field), counted === undefined ? undefined : (key, delta) => counted.change(key, delta))
      this.lists.set(field, list)
    }
    return list
  }

  /** Replaces a list as a whole. */
  setList(field: ListKey<T>, values: readonly string[]): void {
    if (this.linkArea !== undefined && LINK_FIELD_NAMES.has(field)) {
      this.linkArea.changeAll(this.peek(field), -1)
      this.linkArea.changeAll(values, 1)
    }
    this.lists.delete(field)
    this.replaced.set(field, values)
  }

  private sourceList(field: string): readonly string[] {
    const replaced = this.replaced.get(field)
    if (replaced !== undefined) return replaced
    const value = (this.source as Record<string, unknown>)[field]
    return isStringList(value) ? value : []
  }

  /** A list as it is now, to read. */
  peek(field: string): readonly string[] {
    return this.lists.get(field)?.toArray() ?? this.sourceList(field)
  }

  /** The link values of the object as it is now. */
  *linkValues(): Generator<string> {
    for (const field of this.listFields) if (LINK_FIELD_NAMES.has(field)) yield* this.peek(field)
  }

  /** Whether the object differs from the one it was made from. */
  get edited(): boolean {
    if (this.scalarsChanged || this.replaced.size > 0 || this.childrenEdited()) return true
    for (const list of this.lists.values()) if (list.edited) return true
    return false
  }

  /** For containers: whether the objects they hold changed. */
  protected childrenEdited(): boolean {
    return false
  }

  /** For containers: the child lists as they are now, by field. */
  protected children(): ReadonlyMap<string, readonly unknown[]> {
    return new Map()
  }

  /** The object as edited; the object it was made from when nothing changed. */
  materialize(): T {
    if (!this.edited) return this.source
    const scalars = this.current as Record<string, unknown>
    const children = this.children()
    const out: Record<string, unknown> = {}
    // The source's field order, then fields the edit added.
    for (const key of Object.keys(this.source)) {
      if (this.listFields.includes(key)) out[key] = this.peek(key)
      else if (CHILD_KEYS.has(key)) out[key] = children.get(key) ?? (this.source as Record<string, unknown>)[key]
      else if (key in scalars) out[key] = scalars[key]
    }
    for (const key of Object.keys(scalars)) if (!(key in out)) out[key] = scalars[key]
    return out as unknown as T
  }
}
