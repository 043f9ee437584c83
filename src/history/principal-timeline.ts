import { AccessIndex } from '../access/index/access-index.js'
import type { Decision } from '../access/decision.js'
import type { OperationRef } from '../access/operations/operation-table.js'
import { whatCan } from '../access/queries/what-can.js'
import { makeToken } from '../access/token.js'
import type { PolicyStore } from '../model/policy.js'
import type { JournalEntry, StorePort } from '../store/port.js'

/**
 * `azman history --principal`: when a principal gained and lost each
 * operation, by which journal entry. Each entry's `before` and `after`
 * versions are read from the version archive and what the principal may do
 * in each (what-can for a token of the principal's SID alone, every
 * application, the application level and every scope) is compared.
 */

/** What narrows a timeline: only this application, scope, operation (names without regard to case; an operation by OperationID or name). */
export interface TimelineFilter {
  readonly app?: string
  /** A scope's name; the application level is not a scope and is left out when one is given. */
  readonly scope?: string
  readonly operation?: string
}

/** One change of the principal's access to one operation in one place, and the entry that made it. */
export interface AccessEvent {
  readonly entry: Pick<JournalEntry, 'id' | 'time' | 'actor' | 'reason' | 'action'>
  readonly application: string
  /** null: the application level (and, through it, every scope). */
  readonly scope: string | null
  readonly operation: OperationRef
  readonly before: Decision
  readonly after: Decision
  /** gained: the decision got wider (denied < conditional < granted); lost: narrower. */
  readonly change: 'gained' | 'lost'
  /**
   * True when no entry made the change: the store was changed outside azman between the entry
   * before `entry` and `entry` (that entry's `after` is not this one's `before`).
   */
  readonly outside?: true
}

export interface Timeline {
  /** The SID the timeline is about. */
  readonly sid: string
  /** How many journal entries were compared. */
  readonly entries: number
  /** Oldest first; within an entry, by application, place (application level first) and operation, as the stores list them. */
  readonly events: readonly AccessEvent[]
}

/** A principal's decisions in one version: key (application, scope, operation) to decision and names. */
type AccessMap = Map<string, { readonly application: string; readonly scope: string | null; readonly operation: OperationRef; readonly decision: Decision }>

const RANK: Readonly<Record<Decision, number>> = { denied: 0, conditional: 1, granted: 2 }

function same(a: string, b: string | undefined): boolean {
  return b === undefined || a.toLowerCase() === b.toLowerCase()
}

function matchesOperation(op: OperationRef, filter: string | undefined): boolean {
  if (filter === undefined) return true
  const text = filter.trim()
  return /^-?[0-9]+$/.test(text) ? op.id === Number(text) : op.name.toLowerCase() === text.toLowerCase()
}

/** What `sid` may do in `policy` (granted or conditional), within `filter`; operations keyed by OperationID, places by name. */
export function principalAccess(policy: PolicyStore, sid: string, filter: TimelineFilter = {}): AccessMap {
  const out: AccessMap = new Map()
  const token = makeToken([sid])
  for (const app of policy.applications) {
    if (!same(app.name, filter.app)) continue
    const index = AccessIndex.build(policy, app)
    for (const place of whatCan(index, token, { explain: false })) {
      if (filter.scope !== undefined && (place.scope === null || !same(place.scope, filter.scope))) continue
      for (const [list, decision] of [
        [place.granted, 'granted'],
        [place.conditional, 'conditional'],
      ] as const) {
        for (const { operation } of list) {
          if (!matchesOperation(operation, filter.operation)) continue
          const opKey = operation.id === null ? `name:${operation.name.toLowerCase()}` : `id:${operation.id}`
          out.set(JSON.stringify([app.name.toLowerCase(), place.scope?.toLowerCase() ?? null, opKey]), { application: app.name, scope: place.scope, operation, decision })
        }
      }
    }
  }
  return out
}

/** The differences from `before` to `after`: what the principal lost or got narrower, then what it gained, in the maps' order. */
export function accessChanges(before: AccessMap, after: AccessMap, entry: AccessEvent['entry']): AccessEvent[] {
  const events: AccessEvent[] = []
  for (const [key, was] of before) {
    const now = after.get(key)?.decision ?? 'denied'
    if (now !== was.decision)
      events.push({ entry, application: was.application, scope: was.scope, operation: was.operation, before: was.decision, after: now, change: RANK[now] > RANK[was.decision] ? 'gained' : 'lost' })
  }
  for (const [key, is] of after) {
    if (before.has(key)) continue
    events.push({ entry, application: is.application, scope: is.scope, operation: is.operation, before: 'denied', after: is.decision, change: 'gained' })
  }
  return events
}

/**
 * The principal's access changes, entry by entry, over the whole journal.
 * Versions shared by consecutive entries are read and evaluated once.
 *
 * @throws StoreIoError when a version the journal names is not archived.
 */
export async function principalTimeline(store: StorePort, sid: string, filter: TimelineFilter = {}): Promise<Timeline> {
  const entries = await store.history()
  const memo = new Map<string, AccessMap>()
  const accessAt = async (version: string): Promise<AccessMap> => {
    let map = memo.get(version)
    if (map === undefined) {
      map = principalAccess(await store.archived(version), sid, filter)
      // Consecutive entries share a version; keep only the last three (two, and one more across a change outside azman).
      if (memo.size >= 3) memo.delete(memo.keys().next().value as string)
      memo.set(version, map)
    }
    return map
  }
  const events: AccessEvent[] = []
  let previous: JournalEntry | undefined
  for (const e of entries) {
    const entry = { id: e.id, time: e.time, actor: e.actor, action: e.action, ...(e.reason === undefined ? {} : { reason: e.reason }) }
    if (previous !== undefined && previous.after !== e.before) {
      const outside = accessChanges(await accessAt(previous.after), await accessAt(e.before), entry)
      events.push(...outside.map((event) => ({ ...event, outside: true as const })))
    }
    previous = e
    if (e.before !== e.after) events.push(...accessChanges(await accessAt(e.before), await accessAt(e.after), entry))
  }
  return { sid, entries: entries.length, events }
}
