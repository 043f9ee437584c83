import { DirectoryConnectError, DirectoryRefusedError } from '../../errors/directory-errors.js'
import type { LdapSession } from '../../ldap/session.js'
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
  for (const [i, planned] of writes.entries()) {
    let w = planned
    try {
      for (;;) {
        try {
          await send(session, w)
          break
        } catch (e) {
          const retry = withForeignPrincipal(w, e)
          if (retry === undefined) throw e
          w = retry
        }
      }
    } catch (e) {
      return { applied, notApplied: writes.slice(i), error: e instanceof Error ? e : new Error(String(e)) }
    }
    applied.push(w)
    onWrite?.(applied.length)
  }
  return { applied, notApplied: [] }
}

async function send(session: LdapSession, w: LdapWrite): Promise<void> {
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
}

const FSP_EXISTS = /Entry (CN=(S-1-[0-9-]+),CN=ForeignSecurityPrincipals,[^ ]+) already exists/i

/**
 * Samba finds two objects for some well-known SIDs (`S-1-5-11` is both a
 * foreign security principal of the domain and a well-known principal of the
 * configuration), so `<SID=S-1-5-11>` makes it try to create the principal
 * again, and fail with entryAlreadyExists naming the existing one. The same
 * write, naming that principal by its DN, is what was meant.
 */
function withForeignPrincipal(w: LdapWrite, e: unknown): LdapWrite | undefined {
  if (!(e instanceof DirectoryRefusedError) || e.resultCode !== 68) return undefined
  const m = FSP_EXISTS.exec(e.message)
  if (!m) return undefined
  const [, fspDn = '', sid = ''] = m
  const wanted = `<SID=${sid}>`.toLowerCase()
  const swap = (v: string | Buffer): string | Buffer => (typeof v === 'string' && v.toLowerCase() === wanted ? fspDn : v)
  if (w.type === 'add') {
    const attributes = Object.fromEntries(Object.entries(w.attributes).map(([k, vs]) => [k, vs.map(swap)]))
    return JSON.stringify(attributes) === JSON.stringify(w.attributes) ? undefined : { ...w, attributes }
  }
  if (w.type === 'modify') {
    const changes = w.changes.map((c) => ({ ...c, values: c.values.map(swap) }))
    return JSON.stringify(changes) === JSON.stringify(w.changes) ? undefined : { ...w, changes }
  }
  return undefined
}

/** True when the run stopped because the connection went away (nothing more can be done on it). */
export function connectionLost(run: WritesRun): boolean {
  return run.error instanceof DirectoryConnectError
}

/** The lines of a partial-write report. */
export function describeWrites(writes: readonly LdapWrite[]): string[] {
  return writes.map(describeWrite)
}
