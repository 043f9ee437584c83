import { operationNumber, type Operation, type PolicyObject } from '../../model/policy.js'
import { ObjectDraft, type Scalars } from './object-draft.js'

/** What a collection can find its objects by. */
export type IndexName = 'name' | 'operationId' | 'operationNumber'

/** Names compare without regard to case, as AzMan looks them up; OperationIDs by their text (trimmed) or their number. */
const INDEX_KEYS: Readonly<Record<IndexName, (object: Scalars<PolicyObject>) => string | undefined>> = {
  name: (o) => o.name.toLowerCase(),
  operationId: (o) => ('operationId' in o ? (o as Scalars<Operation>).operationId.trim() : undefined),
  operationNumber: (o) => {
    if (!('operationId' in o)) return undefined
    const n = operationNumber(o as Operation)
    return n === undefined ? undefined : String(n)
  },
}

/** Told when objects come and go (to keep link counts). */
export interface CollectionHooks<T, D> {
  readonly added?: (object: T) => void
  readonly removed?: (draft: D) => void
}

/**
 * The objects of one kind a container holds (its scopes, its tasks ...),
 * being edited: found by name (or OperationID) through indexes, added,
 * replaced and removed in constant time, in the order the container has
 * them. Objects are wrapped in a draft ({@link ObjectDraft}) only when a
 * change finds them.
 */
export class Collection<T extends PolicyObject, D extends ObjectDraft<T> = ObjectDraft<T>> {
  /** In order; a removed object leaves a hole. */
  private readonly items: (T | D | undefined)[]
  private readonly indexes = new Map<IndexName, Map<string, number[]>>()
  private readonly drafts = new Map<D, number>()
  private structure = false

  /**
   * @param source the objects as the container has them; never modified.
   * @param open makes the draft of an object when a change finds it.
   */
  constructor(
    private readonly source: readonly T[],
    private readonly open: (object: T) => D,
    private readonly hooks: CollectionHooks<T, D> = {},
  ) {
    this.items = [...source]
  }

  private isDraft(item: T | D): item is D {
    return item instanceof ObjectDraft
  }

  private scalarsOf(item: T | D): Scalars<PolicyObject> {
    return this.isDraft(item) ? item.scalars : item
  }

  private index(name: IndexName): Map<string, number[]> {
    let index = this.indexes.get(name)
    if (index === undefined) {
      index = new Map()
      const key = INDEX_KEYS[name]
      this.items.forEach((item, position) => {
        if (item !== undefined) insert(index as Map<string, number[]>, key(this.scalarsOf(item)), position)
      })
      this.indexes.set(name, index)
    }
    return index
  }

  /** The draft of the object at `position`, made now if it has none yet. */
  private draftAt(position: number): D | undefined {
    const item = this.items[position]
    if (item === undefined || this.isDraft(item)) return item
    const draft = this.open(item)
    draft.onScalars = (before) => this.moved(position, before, draft.scalars)
    this.items[position] = draft
    this.drafts.set(draft, position)
    return draft
  }

  /** The first object (in order) whose key in `index` is `key`, other than `except`. */
  first(index: IndexName, key: string, except?: D): D | undefined {
    for (const position of this.index(index).get(key) ?? []) {
      const draft = this.draftAt(position)
      if (draft !== undefined && draft !== except) return draft
    }
    return undefined
  }

  /** The first object with this name, without regard to case. */
  find(name: string): D | undefined {
    return this.first('name', name.toLowerCase())
  }

  /** Every object as it is now (for messages and the rare whole scan). */
  objects(): T[] {
    return this.live().map((item) => (this.isDraft(item) ? item.materialize() : item))
  }

  /** Every object as its draft (made now where missing), in order: for the whole scans of rare paths. */
  all(): D[] {
    const out: D[] = []
    for (let position = 0; position < this.items.length; position++) {
      const draft = this.draftAt(position)
      if (draft !== undefined) out.push(draft)
    }
    return out
  }

  /** Every object, plain or as its draft, in order. */
  live(): (T | D)[] {
    return this.items.filter((item): item is T | D => item !== undefined)
  }

  /** Appends a new object. */
  add(object: T): void {
    const position = this.items.length
    this.items.push(object)
    for (const [name, index] of this.indexes) insert(index, INDEX_KEYS[name](object), position)
    this.structure = true
    this.hooks.added?.(object)
  }

  /** Removes an object found earlier. */
  remove(draft: D): void {
    const position = this.drafts.get(draft)
    if (position === undefined || this.items[position] !== draft) throw new Error(`${draft.name} is not in this collection`)
    this.items[position] = undefined
    for (const [name, index] of this.indexes) drop(index, INDEX_KEYS[name](draft.scalars), position)
    this.structure = true
    this.hooks.removed?.(draft)
  }

  private moved(position: number, before: Scalars<PolicyObject>, after: Scalars<PolicyObject>): void {
    for (const [name, index] of this.indexes) {
      const key = INDEX_KEYS[name]
      if (key(before) === key(after)) continue
      drop(index, key(before), position)
      insert(index, key(after), position)
    }
  }

  /** Whether the objects differ from the source: added, removed or edited. */
  get edited(): boolean {
    if (this.structure) return true
    for (const draft of this.drafts.keys()) if (draft.edited) return true
    return false
  }

  /** The objects as edited; the source array itself when nothing changed. */
  toArray(): readonly T[] {
    return this.edited ? this.objects() : this.source
  }
}

function insert(index: Map<string, number[]>, key: string | undefined, position: number): void {
  if (key === undefined) return
  const at = index.get(key)
  if (at === undefined) index.set(key, [position])
  else {
    // Kept ascending, so the first one found is the first in order.
    let i = at.length
    while (i > 0 && (at[i - 1] ?? 0) > position) i--
    at.splice(i, 0, position)
  }
}

function drop(index: Map<string, number[]>, key: string | undefined, position: number): void {
  if (key === undefined) return
  const at = index.get(key)
  if (at === undefined) return
  const i = at.indexOf(position)
  if (i !== -1) at.splice(i, 1)
  if (at.length === 0) index.delete(key)
}
