import { guidKey } from '../../model/policy.js'

/**
 * How often each GUID is linked from the tasks, role assignments and groups
 * of one area (an application with its scopes, or the store-level groups),
 * so that a delete knows in constant time whether anything still links what
 * it removes. Counted the first time it is asked, then kept up to date by the
 * draft as links are added and removed; before that, changes are not counted.
 */
export class LinkArea {
  private counts: Map<string, number> | undefined

  /** @param scan every link value of the area as it is now, for the first count. */
  constructor(private readonly scan: () => Iterable<string>) {}

  /** How many link values in the area name `guid`. */
  count(guid: string): number {
    if (this.counts === undefined) {
      this.counts = new Map()
      for (const value of this.scan()) this.change(guidKey(value), 1)
    }
    return this.counts.get(guidKey(guid)) ?? 0
  }

  /** A link value with this GUID key added (+1) or removed (-1). */
  change(key: string, delta: 1 | -1): void {
    if (this.counts === undefined) return
    const next = (this.counts.get(key) ?? 0) + delta
    if (next === 0) this.counts.delete(key)
    else this.counts.set(key, next)
  }

  /** Link values added (+1) or removed (-1) together, e.g. with the object that holds them. */
  changeAll(values: Iterable<string>, delta: 1 | -1): void {
    if (this.counts === undefined) return
    for (const value of values) this.change(guidKey(value), delta)
  }
}
