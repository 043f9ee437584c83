import { formatPath, type PathSegment } from '../../model/paths.js'
import type { AuditFinding } from '../finding.js'
import type { AuditedAssignment } from '../report.js'

/** `application "Hyper-V services" > scope "Lab VMs" > role assignment "Operators"`. */
export function locationOf(where: Pick<AuditFinding, 'app' | 'scope' | 'roleAssignment'>): string {
  const path: PathSegment[] = [{ kind: 'application', name: where.app }]
  if (where.scope !== null) path.push({ kind: 'scope', name: where.scope })
  if (where.roleAssignment !== null) path.push({ kind: 'role-assignment', name: where.roleAssignment })
  return formatPath(path)
}

/** `Everyone (S-1-1-0)`, a bare SID, or a group name. */
export function principalText(p: AuditFinding['principal']): string {
  if (p === null) return ''
  if (p.sid === null) return p.name === null ? '' : `group ${p.name}`
  return p.name === null ? p.sid : `${p.name} (${p.sid})`
}

/** `315, 320` */
export function operationIds(ops: AuditFinding['operations']): string {
  return ops.map((o) => (o.id === null ? o.name : String(o.id))).join(', ')
}

/** How the template was chosen, in a few words. */
export function chosenText(a: AuditedAssignment): string {
  switch (a.chosenBy) {
    case 'binding':
      return 'from the binding file'
    case 'name':
      return 'by name'
    case 'closest':
      return 'closest fit'
    case 'none':
      return 'none'
  }
}

/** `3 medium, 2 info` (severities with findings, most severe first), or `no findings`. */
export function countsText(counts: Readonly<Record<string, number>>, order: readonly string[]): string {
  const parts = [...order]
    .reverse()
    .filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
  return parts.length === 0 ? 'no findings' : parts.join(', ')
}

/** Who holds a role assignment: each SID once, then the dynamic groups; or `nobody`. */
export function holdersText(a: AuditedAssignment): string {
  const sids = [...new Set(a.holders.map((h) => (h.name === null ? h.sid : `${h.name} (${h.sid})`)))]
  const groups = a.runTimeGroups.filter((d) => !d.nonMember).map((d) => `group ${d.name} (${d.type})`)
  const all = [...sids, ...groups]
  return all.length === 0 ? 'nobody' : all.join(', ')
}
