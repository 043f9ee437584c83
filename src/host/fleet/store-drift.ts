import { compareAccess, type AccessChange } from '../../diff/access-delta.js'
import type { PolicyStore } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { HostCode, type HostFinding } from '../check/host-finding.js'
import type { OperationRefOut } from '../../audit/finding.js'

/** How many groups of changes (principal, gained or lost, scope) one finding spells out, and operations of each; the operations list has every one concerned. */
const SHOWN_GROUPS = 4
const SHOWN_OPERATIONS = 4

/** What differs between the reference store and one host's: the access delta (diff's), and where tokens of several SIDs may differ. */
export interface Drift {
  readonly changes: readonly AccessChange[]
  /** Operations where tokens of several SIDs together may be decided otherwise (diff's `combined`). */
  readonly combined: number
}

/** The effective access of `store` against `reference` (diff's access delta); undefined when they grant the same. */
export function storeDrift(reference: PolicyStore, store: PolicyStore): Drift | undefined {
  const delta = compareAccess(reference, store)
  if (delta.changes.length === 0 && delta.combined.length === 0) return undefined
  return { changes: delta.changes, combined: delta.combined.length }
}

/**
 * The changes as phrases, one per principal, direction and scope:
 * `S-1-5-21-...-1120 lost 9 operation(s) in "Production VMs": Read Service Configuration (100), ...`.
 */
function changeGroups(changes: readonly AccessChange[]): string[] {
  const groups = new Map<string, { head: string; ops: string[] }>()
  for (const c of changes) {
    const who = c.principal.sid === null ? 'any other principal' : `${[c.principal.sid, ...c.principal.alsoHolds].join(' + ')}${c.principal.name === null ? '' : ` (${c.principal.name})`}`
    const where = c.scope === null ? 'at application level' : `in ${quote(c.scope)}`
    const key = `${who}\u0000${c.change}\u0000${where}`
    let group = groups.get(key)
    if (group === undefined) groups.set(key, (group = { head: `${who} ${c.change} %N ${where}`, ops: [] }))
    group.ops.push(`${c.operation.name}${c.operation.id === null ? '' : ` (${c.operation.id})`}${c.after === 'conditional' || c.before === 'conditional' ? ` (${c.before} -> ${c.after})` : ''}`)
  }
  return [...groups.values()].map((g) => `${g.head.replace('%N', `${g.ops.length} operation(s)`)}: ${g.ops.slice(0, SHOWN_OPERATIONS).join(', ')}${g.ops.length > SHOWN_OPERATIONS ? ', ...' : ''}`)
}

/** FLEET_STORE_DRIFT for one host: its store grants other access than the reference. */
export function driftFinding(host: string, store: string, reference: string, drift: Drift): HostFinding {
  const ops = new Map<string, OperationRefOut>()
  for (const c of drift.changes) ops.set(`${c.operation.id ?? ''}:${c.operation.name}`, { id: c.operation.id, name: c.operation.name })
  const scopes = new Set(drift.changes.map((c) => c.scope))
  const sids = new Set(drift.changes.map((c) => c.principal.sid))
  const [scope] = scopes
  const [first] = drift.changes
  const groups = changeGroups(drift.changes)
  const shown = groups.slice(0, SHOWN_GROUPS)
  const more = groups.length - shown.length
  const combined = drift.combined > 0 ? `; tokens of several SIDs may also be decided otherwise for ${drift.combined} operation(s) (azman diff lists them)` : ''
  return {
    severity: 'medium',
    code: HostCode.StoreDrift,
    host: null,
    app: first?.application ?? null,
    scope: scopes.size === 1 ? (scope ?? null) : null,
    principal: sids.size === 1 && first !== undefined ? { sid: first.principal.sid, name: first.principal.name } : null,
    operations: [...ops.values()],
    vms: [],
    hosts: [host],
    message: `${host}: the store ${store} grants other access than the reference ${reference}: ${drift.changes.length} change(s)${shown.length > 0 ? `: ${shown.join('; ')}` : ''}${more > 0 ? `; and ${more} more (azman diff ${reference} ${store} lists every change)` : ''}${combined}`,
  }
}
