/**
 * A map of at most `size` entries that forgets the least recently used one:
 * what a fleet computes per store version (hosts often share a store's
 * content) without growing with the fleet.
 */
export class SmallCache<V> {
  private readonly entries = new Map<string, V>()

  constructor(private readonly size: number) {}

  /** The value for `key`, computed by `make` when it is not held. */
  get(key: string, make: () => V): V {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as V
      this.entries.delete(key)
      this.entries.set(key, value)
      return value
    }
    const value = make()
    this.entries.set(key, value)
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string)
    return value
  }
}
