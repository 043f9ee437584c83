import { wellKnownSidName } from '../../model/sid.js'
import { HostCode, type HostFinding } from '../check/host-finding.js'
import { shortList } from './listing.js'
import { isLocalKey, keyOperation, keyScope, keyText, NOTHING, type Holding } from './principal-holdings.js'

/** The hosts (by input position) that give one principal the same holding. */
interface Group {
  readonly hosts: number[]
  readonly keys: readonly string[]
}

/** How many differences one finding spells out; the operations list has them all. */
const SHOWN_DIFFERENCES = 6

/**
 * Collects, host by host, what each principal holds, keeping one hash per
 * principal and host (and the operations once per distinct holding), so
 * memory grows with hosts x principals of small entries, never with stores;
 * then reports FLEET_PRINCIPAL_DIFFERS for every principal that holds
 * different operations on different hosts.
 */
export class PrincipalDiffs {
  private readonly bySid = new Map<string, Map<string, Group>>()
  /** Where each principal is first met: the lowest host position, and its place in that host's store. */
  private readonly firstMet = new Map<string, readonly [number, number]>()
  /** The hosts whose holdings were added, in the order added. */
  private readonly seen: number[] = []

  /** Adds what the principals of one host's store hold there. */
  add(host: number, holdings: ReadonlyMap<string, Holding>): void {
    this.seen.push(host)
    let place = 0
    for (const [sid, h] of holdings) {
      const first = this.firstMet.get(sid)
      if (first === undefined || host < first[0]) this.firstMet.set(sid, [host, place])
      place++
      let groups = this.bySid.get(sid)
      if (groups === undefined) this.bySid.set(sid, (groups = new Map<string, Group>()))
      const group = groups.get(h.hash)
      if (group === undefined) groups.set(h.hash, { hosts: [host], keys: h.keys })
      else group.hosts.push(host)
    }
  }

  /**
   * The findings, principals in the order the hosts' input order meets them
   * (whatever order the hosts were checked in); `labelOf` names a host by its
   * input position; the hosts in `left` (duplicates) are not compared.
   */
  findings(labelOf: (host: number) => string, left: ReadonlySet<number> = new Set()): HostFinding[] {
    const out: HostFinding[] = []
    const order = (sid: string): readonly [number, number] => this.firstMet.get(sid) ?? [0, 0]
    const sids = [...this.bySid.keys()].sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1])
    for (const sid of sids) {
      const groups = this.bySid.get(sid) ?? new Map<string, Group>()
      const named = new Set<number>()
      for (const g of groups.values()) for (const h of g.hosts) named.add(h)
      const without = this.seen.filter((h) => !named.has(h) && !left.has(h))
      // Hosts whose store does not name the principal: it holds nothing there.
      const all = [...groups.entries()]
        .map(([hash, g]): [string, Group] => [hash, { hosts: [...g.hosts.filter((h) => !left.has(h)), ...(hash === NOTHING.hash ? without : [])], keys: g.keys }])
        .filter(([, g]) => g.hosts.length > 0)
      if (without.length > 0 && !groups.has(NOTHING.hash)) all.push([NOTHING.hash, { hosts: without, keys: NOTHING.keys }])
      if (all.length < 2) continue
      for (const [, g] of all) g.hosts.sort((a, b) => a - b)
      // The holding of most hosts is the usual one; each other holding is a finding against it.
      const usual = all.map(([, group]) => group).reduce((a, b) => (b.hosts.length > a.hosts.length || (b.hosts.length === a.hosts.length && (b.hosts[0] ?? 0) < (a.hosts[0] ?? 0)) ? b : a))
      for (const [, group] of all) {
        if (group === usual) continue
        const finding = differs(sid, group, usual, labelOf)
        if (finding !== undefined) out.push(finding)
      }
    }
    return out
  }
}

/**
 * The finding for the hosts of `group` against the usual ones; undefined when
 * nothing is left to say. Local group memberships are known only on the hosts
 * whose store names the principal, so against a host that does not (it holds
 * NOTHING) only the operations compare.
 */
function differs(sid: string, group: Group, usual: Group, labelOf: (host: number) => string): HostFinding | undefined {
  const localKnown = group.keys.length > 0 && usual.keys.length > 0
  const compared = (keys: readonly string[]): readonly string[] => (localKnown ? keys : keys.filter((k) => !isLocalKey(k)))
  const have = new Set(compared(group.keys))
  const usualKeys = new Set(compared(usual.keys))
  const lacks = compared(usual.keys).filter((k) => !have.has(k))
  const extra = compared(group.keys).filter((k) => !usualKeys.has(k))
  if (lacks.length + extra.length === 0) return undefined
  const changes = [...lacks.map((k) => `without ${keyText(k)}`), ...extra.map((k) => `with ${keyText(k)}`)]
  const hosts = group.hosts.map(labelOf)
  const name = wellKnownSidName(sid) ?? null
  const ops = new Map<string, ReturnType<typeof keyOperation>>()
  const storeKeys = [...lacks, ...extra].filter((k) => !isLocalKey(k))
  for (const k of storeKeys) {
    const op = keyOperation(k)
    ops.set(`${op.id ?? ''}:${op.name}`, op)
  }
  const scopes = new Set(storeKeys.map(keyScope))
  const [onlyScope] = scopes
  return {
    severity: 'low',
    code: HostCode.PrincipalDiffers,
    host: null,
    app: null,
    scope: scopes.size === 1 ? (onlyScope ?? null) : null,
    principal: { sid, name },
    operations: [...ops.values()],
    vms: [],
    hosts,
    message:
      `${sid}${name === null ? '' : ` (${name})`} holds other ${storeKeys.length === changes.length ? 'operations' : 'rights'} on ${shortList(hosts)} than on ${usual.hosts.length} other host(s) (${shortList(usual.hosts.map(labelOf), 3)}): ` +
      `${changes.slice(0, SHOWN_DIFFERENCES).join('; ')}${changes.length > SHOWN_DIFFERENCES ? `; and ${changes.length - SHOWN_DIFFERENCES} more` : ''}`,
  }
}
