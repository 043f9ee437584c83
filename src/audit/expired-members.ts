import { quote } from '../model/quote.js'
import { canonicalSid, wellKnownSidName } from '../model/sid.js'
import { guidKey, type PolicyStore } from '../model/policy.js'
import { AuditCode, type AuditFinding } from './finding.js'

/** A member with an expiry, as the expiry file (`src/expiry/`) records it. */
export interface ExpiringMember {
  readonly app: string
  readonly scope?: string
  readonly roleAssignment: { readonly name: string; readonly guid: string }
  readonly sid: string
  /** ISO 8601, UTC. */
  readonly expiresAt: string
  readonly addedBy?: string
}

/** The expiries an audit holds the store to, and the time it is made at. */
export interface AuditExpiries {
  readonly entries: readonly ExpiringMember[]
  readonly now: Date
}

/**
 * `AUDIT_EXPIRED_MEMBER` (high): a member whose expiry has passed still
 * holds its role assignment (found by GUID in its application): `azman
 * expire` has not run since, or failed.
 */
export function expiredMemberFindings(policy: PolicyStore, expiries: AuditExpiries): AuditFinding[] {
  const out: AuditFinding[] = []
  for (const entry of expiries.entries) {
    if (Date.parse(entry.expiresAt) > expiries.now.getTime()) continue
    const app = policy.applications.find((a) => a.name.toLowerCase() === entry.app.toLowerCase())
    if (app === undefined) continue
    const key = guidKey(entry.roleAssignment.guid)
    const places = [{ scope: null as string | null, ras: app.roleAssignments }, ...app.scopes.map((s) => ({ scope: s.name, ras: s.roleAssignments }))]
    for (const { scope, ras } of places) {
      const ra = ras.find((r) => guidKey(r.guid) === key)
      if (ra === undefined || !ra.members.some((m) => canonicalSid(m) === canonicalSid(entry.sid))) continue
      out.push({
        severity: 'high',
        code: AuditCode.ExpiredMember,
        app: app.name,
        scope,
        roleAssignment: ra.name,
        principal: { sid: entry.sid, name: wellKnownSidName(entry.sid) ?? null },
        operations: [],
        template: null,
        message: `${entry.sid} should have left role assignment ${quote(ra.name)} at ${entry.expiresAt}${entry.addedBy === undefined ? '' : ` (added by journal entry ${entry.addedBy})`} but still holds it; run azman expire`,
      })
    }
  }
  return out
}
