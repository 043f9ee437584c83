import { groupTypeOf, guidKey, type ApplicationGroup } from '../model/policy.js'
import { canonicalSid } from '../model/sid.js'

/** Re-exported: the canonical SID text lives in src/model/sid.ts. */
export { canonicalSid }

/**
 * The SIDs a principal holds, as AccessCheck sees them
 * (docs/access-evaluation.md#21-the-token): a SID list given by the caller is
 * the WHOLE token. Nothing is added to it (no Everyone, no Authenticated
 * Users), and every SID in it, BUILTIN ones included, counts as held.
 *
 * Like a client context, a token is made once and used for many checks: it
 * keeps its SIDs as the numbers the last index it met gave them.
 */
export class Token {
  /**
   * What the directory answered for LDAP-query application groups, by the
   * group's GUID key: true (member), false (not a member). A group absent, or
   * undefined, stays conditional (decided at run time).
   */
  readonly groupOutcomes: ReadonlyMap<string, boolean | undefined> | undefined
  /** Distinct SIDs, canonical form, in the order first given. */
  readonly sids: readonly string[]
  /** The same SIDs, for membership tests. */
  readonly set: ReadonlySet<string>
  private numberedBy: SidNumbers | undefined
  /** How many SIDs the table had numbered then: an index that grows (scopes built on first use) numbers more. */
  private numberedSize = -1
  private numbers: Int32Array = new Int32Array(0)

  constructor(sids: Iterable<string>, groupOutcomes?: ReadonlyMap<string, boolean | undefined>) {
    this.groupOutcomes = groupOutcomes
    const set = new Set<string>()
    for (const sid of sids) set.add(canonicalSid(sid))
    this.sids = [...set]
    this.set = set
  }

  /** Whether the token is a member of an LDAP-query group, as the directory answered; undefined: decided at run time. */
  ldapQueryOutcome(group: ApplicationGroup): boolean | undefined {
    if (this.groupOutcomes === undefined || groupTypeOf(group) !== 'LdapQuery') return undefined
    return this.groupOutcomes.get(guidKey(group.guid))
  }

  /** The SIDs as numbered by `table` (-1 for a SID the table does not know), aligned with {@link sids}. */
  numbered(table: SidNumbers): Int32Array {
    if (this.numberedBy !== table || this.numberedSize !== table.size) {
      const out = new Int32Array(this.sids.length)
      for (let i = 0; i < out.length; i++) out[i] = table.number(this.sids[i] as string)
      this.numbers = out
      this.numberedBy = table
      this.numberedSize = table.size
    }
    return this.numbers
  }
}

/** SIDs numbered 0..n-1, so indexes compare integers, not strings. */
export class SidNumbers {
  private readonly numbers = new Map<string, number>()

  /** The number of a SID, given one if it has none yet. */
  intern(sid: string): number {
    let n = this.numbers.get(sid)
    if (n === undefined) {
      n = this.numbers.size
      this.numbers.set(sid, n)
    }
    return n
  }

  get size(): number {
    return this.numbers.size
  }

  /** The number of a SID, or -1 when it has none (it appears nowhere in the index). */
  number(sid: string): number {
    return this.numbers.get(sid) ?? -1
  }
}

/**
 * A token from SIDs: canonicalised and deduplicated, never extended.
 * `groupOutcomes`: LDAP-query group memberships the directory decided (see {@link Token.groupOutcomes}).
 */
export function makeToken(sids: Iterable<string>, groupOutcomes?: ReadonlyMap<string, boolean | undefined>): Token {
  return new Token(sids, groupOutcomes)
}
