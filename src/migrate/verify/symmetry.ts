/**
 * Symmetry reduction of the decision table (docs/migrate.md#cases-asked-once).
 *
 * Two SIDs are interchangeable at a place when swapping them everywhere (in the store's member
 * lists, in the export's policies) leaves the store and the export unchanged: then a token and the
 * token with the two swapped get the same decision from azman and from the engine. Each side labels
 * its SIDs so that any two with one label can be swapped so; the classes are the SIDs with one label
 * on both sides, in which every swap is such an automorphism, so two tokens that hold as many SIDs
 * of each class (and whose first SIDs are of one class) are decided alike. Operations likewise: two
 * that stand in the same places of the task graph and that no policy names are decided alike. The
 * comparison asks each class once and counts it as many times as it has cases.
 */

/**
 * What one side (azman, or a target's files) treats alike at one place. A SID not in `sids` is one
 * the place never names: all of those are alike (label ''). An action not in `actions` is asked on
 * its own.
 */
export interface Symmetry {
  readonly sids: ReadonlyMap<string, string>
  readonly actions: ReadonlyMap<string, string>
}

/**
 * Adds to `labels` the classes of one policy or rule (the `at`-th of a place): a SID's label at the
 * place lists its class in each, so SIDs share a label only where every one puts them together.
 */
export function meetClasses(labels: Map<string, string>, at: number, classes: ReadonlyMap<string, string>): void {
  for (const [sid, label] of classes) labels.set(sid, `${labels.get(sid) ?? ''}${at}:${label};`)
}

/**
 * Numbers the meet of two sides' classes: a SID's class is the pair of its labels on each side.
 * Tokens are keyed by the class of their first SID and the classes of the others, counted.
 */
export class TokenClasses {
  private readonly ids = new Map<string, number>()
  private readonly bySid = new Map<string, number>()

  constructor(private readonly sides: readonly Symmetry[]) {}

  private sidClass(sid: string): number {
    let id = this.bySid.get(sid)
    if (id !== undefined) return id
    const label = this.sides.map((s) => s.sids.get(sid) ?? '').join('\u0000')
    id = this.ids.get(label)
    if (id === undefined) this.ids.set(label, (id = this.ids.size))
    this.bySid.set(sid, id)
    return id
  }

  /** The key of a token: tokens with one key are decided alike by every side. */
  key(sids: readonly string[]): string {
    const [first, ...rest] = sids
    const others = rest.map((s) => this.sidClass(s)).sort((a, b) => a - b)
    return `${first === undefined ? '' : this.sidClass(first)}|${others.join(',')}`
  }
}

/** The key of an action on every side, or undefined when a side asks it on its own. */
export function actionKey(sides: readonly Symmetry[], action: string): string | undefined {
  const labels: string[] = []
  for (const side of sides) {
    const label = side.actions.get(action)
    if (label === undefined) return undefined
    labels.push(label)
  }
  return labels.join('\u0000')
}

/**
 * Groups `items` by `key` (undefined: an item alone), keeping the first of each group as its
 * representative; returns [representative, how many it stands for] in first-seen order.
 */
export function representatives<T>(items: readonly T[], key: (item: T) => string | undefined): [T, number][] {
  const groups = new Map<string, [T, number]>()
  const out: [T, number][] = []
  for (const item of items) {
    const k = key(item)
    if (k === undefined) {
      out.push([item, 1])
      continue
    }
    const group = groups.get(k)
    if (group !== undefined) group[1]++
    else {
      const fresh: [T, number] = [item, 1]
      groups.set(k, fresh)
      out.push(fresh)
    }
  }
  return out
}
