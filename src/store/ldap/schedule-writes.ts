import { dnKey, parentDn } from '../../ldap/dn.js'
import type { LdapWrite } from './write-plan.js'

/** A write waiting to be ordered, with what it must come after. */
export interface PendingWrite {
  readonly write: LdapWrite
  /** Preferred phase: 0 link removals, 1 renames, 2 adds, 3 other modifies, 4 deletes. */
  readonly rank: number
  /** Indexes (in the pending list) of writes that must come first. */
  readonly deps: number[]
  /** GUID keys of new objects its values name (informational; deps hold the adds). */
  readonly needs?: ReadonlySet<string>
  /** objectGUIDs whose links this write removes. */
  readonly removesLinksTo?: ReadonlySet<string>
  /** objectGUIDs this delete removes (the object and everything under it). */
  readonly deletes?: ReadonlySet<string>
  /** For an object's modify split in two: which half, and the object's DN. */
  readonly half?: 'remove' | 'add'
  readonly object?: string
}

function safeKey(dn: string): string {
  try {
    return dnKey(dn)
  } catch {
    return dn.toLowerCase()
  }
}

function renamedDn(w: Extract<LdapWrite, { type: 'rename' }>): string {
  return `${w.newRdn},${parentDn(w.dn) ?? ''}`
}

/**
 * Orders writes so that every write comes after what it needs: a link is
 * added only once its target exists; a delete comes after the writes that
 * remove links to what it deletes; an add or rename whose DN a deleted object
 * held comes after that delete. Among writes that are free to go, the phase
 * order is kept (removals, renames, adds, modifies, deletes), then the
 * original order. Finally an object's two modify halves are joined into one
 * modify wherever nothing between them needs the removal half.
 */
export function scheduleWrites(pending: readonly PendingWrite[]): LdapWrite[] {
  const deps = pending.map((p) => new Set(p.deps))
  const deletes = pending.map((p, i) => ({ p, i })).filter(({ p }) => p.write.type === 'delete')
  for (const { p, i } of deletes) {
    const gone = p.deletes ?? new Set<string>()
    pending.forEach((q, j) => {
      if (q.removesLinksTo !== undefined && [...q.removesLinksTo].some((g) => gone.has(g))) deps[i]?.add(j)
    })
    const key = safeKey(p.write.dn)
    pending.forEach((q, j) => {
      const target = q.write.type === 'add' ? q.write.dn : q.write.type === 'rename' ? renamedDn(q.write) : undefined
      if (target === undefined) return
      const t = safeKey(target)
      if (t === key || t.endsWith(`,${key}`)) deps[j]?.add(i)
    })
  }
  // A write to an object that is renamed first uses the new DN.
  pending.forEach((p, i) => {
    if (p.write.type !== 'rename') return
    const renamed = safeKey(renamedDn(p.write))
    pending.forEach((q, j) => {
      if (j !== i && q.write.type === 'modify' && safeKey(q.write.dn) === renamed) deps[j]?.add(i)
    })
  })

  const order: number[] = []
  const done = new Set<number>()
  const remaining = new Set(pending.map((_, i) => i))
  while (remaining.size > 0) {
    let best: number | undefined
    for (const i of remaining) {
      if (![...(deps[i] ?? [])].every((d) => done.has(d) || d === i)) continue
      if (best === undefined || (pending[i]?.rank ?? 0) < (pending[best]?.rank ?? 0)) best = i
    }
    if (best === undefined) {
      // A cycle (e.g. two objects swapping names): keep the phase order for the rest.
      const rest = [...remaining].sort((a, b) => (pending[a]?.rank ?? 0) - (pending[b]?.rank ?? 0) || a - b)
      order.push(...rest)
      break
    }
    order.push(best)
    done.add(best)
    remaining.delete(best)
  }

  // Join halves: drop the removal half and put its changes at the front of the other half,
  // when no write scheduled between them depends on the removal half.
  const writes: (LdapWrite | undefined)[] = order.map((i) => pending[i]?.write)
  order.forEach((i, at) => {
    const p = pending[i]
    if (p?.half !== 'remove') return
    const other = order.findIndex((j) => pending[j]?.half === 'add' && pending[j]?.object === p.object)
    if (other === -1 || other < at) return
    const between = order.slice(at + 1, other)
    if (between.some((j) => deps[j]?.has(i))) return
    const addHalf = writes[other]
    if (addHalf?.type !== 'modify' || p.write.type !== 'modify') return
    writes[other] = { ...addHalf, changes: [...p.write.changes, ...addHalf.changes] }
    writes[at] = undefined
  })
  return writes.filter((w): w is LdapWrite => w !== undefined)
}
