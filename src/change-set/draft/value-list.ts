/**
 * One list of values of an object being edited (its members, non-members or
 * links), in order, with each value found by its key (the canonical SID, the
 * GUID key) in constant time: adding or removing a value costs the value,
 * not the list.
 */
export class ValueList {
  /** The values in order; a removed value leaves a hole until the list is read whole. */
  private values: (string | undefined)[]
  /** Where each key's values are, in ascending order. */
  private readonly positions = new Map<string, number[]>()
  private whole: readonly string[] | undefined
  private changed = false

  /**
   * @param source the list as the object has it; never modified.
   * @param key what makes two values the same.
   * @param onChange told of every value added (+1) or removed (-1), by key.
   */
  constructor(
    source: readonly string[],
    private readonly key: (value: string) => string,
    private readonly onChange?: (key: string, delta: 1 | -1) => void,
  ) {
    this.values = [...source]
    source.forEach((value, i) => this.place(this.key(value), i))
    this.whole = source
  }

  private place(key: string, position: number): void {
    const at = this.positions.get(key)
    if (at) at.push(position)
    else this.positions.set(key, [position])
  }

  /** Whether a value with this value's key is in the list. */
  has(value: string): boolean {
    return this.positions.has(this.key(value))
  }

  /** True once the list differs from the one it was made from. */
  get edited(): boolean {
    return this.changed
  }

  /**
   * Appends each value whose key is not in the list yet (nor earlier among
   * `values`), in order. Returns whether any was added.
   */
  add(values: readonly string[]): boolean {
    let any = false
    for (const value of values) {
      const key = this.key(value)
      if (this.positions.has(key)) continue
      this.place(key, this.values.length)
      this.values.push(value)
      this.onChange?.(key, 1)
      any = true
    }
    if (any) this.touch()
    return any
  }

  /** Removes every value with the key of one of `values`. Returns whether any was removed. */
  remove(values: readonly string[]): boolean {
    let any = false
    for (const value of values) {
      const key = this.key(value)
      const at = this.positions.get(key)
      if (at === undefined) continue
      for (const position of at) {
        this.values[position] = undefined
        this.onChange?.(key, -1)
      }
      this.positions.delete(key)
      any = true
    }
    if (any) this.touch()
    return any
  }

  /**
   * Removes then adds, as one edit that leaves the list as it is when its
   * keys would end as they started (a value both removed and added keeps its
   * place). Returns whether the list changed.
   */
  removeThenAdd(remove: readonly string[], add: readonly string[]): boolean {
    const adding = new Set(add.map(this.key))
    const keeps = remove.every((v) => !this.has(v) || adding.has(this.key(v))) && add.every((v) => this.has(v))
    if (keeps) return false
    this.remove(remove)
    this.add(add)
    return true
  }

  /** Whether the list holds exactly the keys of `values`, however often and in whatever order. */
  sameKeys(values: readonly string[]): boolean {
    const keys = new Set(values.map(this.key))
    if (keys.size !== this.positions.size) return false
    for (const key of keys) if (!this.positions.has(key)) return false
    return true
  }

  /** The list as an array: the one it was made from while nothing changed. */
  toArray(): readonly string[] {
    if (this.whole === undefined) {
      const out = this.values.filter((v): v is string => v !== undefined)
      if (out.length !== this.values.length) {
        // Compact, so later reads and removals do not pay for old holes.
        this.positions.clear()
        out.forEach((value, i) => this.place(this.key(value), i))
        this.values = [...out]
      }
      this.whole = out
    }
    return this.whole
  }

  private touch(): void {
    this.changed = true
    this.whole = undefined
  }
}
