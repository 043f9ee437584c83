import { DirectoryConnectError } from '../../errors/directory-errors.js'
import type { LdapSession } from './session.js'
import { describeWrite, type LdapWrite } from './write-plan.js'

/** What a run of writes did: how many succeeded, and the error that stopped it, if any. */
export interface WritesRun {
  readonly applied: readonly LdapWrite[]
  readonly notApplied: readonly LdapWrite[]
  readonly error?: Error
}

/**
 * Sends the writes one by one, in order, and stops at the first failure.
 * Never throws: the result says exactly what the server applied.
 */
export async function runWrites(session: LdapSession, writes: readonly LdapWrite[], onWrite?: (done: number) => void): Promise<WritesRun> {
  const applied: LdapWrite[] = []
  for (const [i, w] of writes.entries()) {
    try {
      switch (w.type) {
        case 'add':
          await session.add(w.dn, w.attributes)
          break
        case 'modify':
          await session.modify(w.dn, w.changes)
          break
        case 'rename':
          await session.rename(w.dn, w.newRdn)
          break
        case 'delete':
          await session.delete(w.dn, { tree: w.tree })
          break
      }
    } catch (e) {
      return { applied, notApplied: writes.slice(i), error: e instanceof Error ? e : new Error(String(e)) }
    }
    applied.push(w)
    onWrite?.(applied.length)
  }
  return { applied, notApplied: [] }
}

/** True when the run stopped because the connection went away (nothing more can be done on it). */
export function connectionLost(run: WritesRun): boolean {
  return run.error instanceof DirectoryConnectError
}

/** The lines of a partial-write report. */
export function describeWrites(writes: readonly LdapWrite[]): string[] {
  return writes.map(describeWrite)
}
