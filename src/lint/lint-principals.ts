import { broadPrincipal } from '../model/broad-principals.js'
import { groupTypeOf, guidKey, type ApplicationGroup } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { canonicalSid, describeSid } from '../model/sid.js'
import type { Visited } from '../model/walk.js'
import { roleAssignments, type FactsTable } from './facts-table.js'
import { LintCode, type LintSink } from './lint-warning.js'

/** A broad principal (model/broad-principals.ts: Everyone, Authenticated Users, Domain Users ...) holds a role assignment, directly or through basic groups. */
export function lintBroadPrincipals(objects: readonly Visited[], facts: FactsTable, sink: LintSink): void {
  for (const v of roleAssignments(objects)) {
    const reported = new Set<string>()
    for (const { sid, via } of facts.of(v).holders) {
      const broad = broadPrincipal(sid)
      if (broad === undefined || reported.has(sid)) continue
      reported.add(sid)
      const how = via.length === 0 ? 'is a member' : `is a member through group ${via.map(quote).join(' > ')}`
      sink.warn(LintCode.BroadPrincipal, v.path, v.object.guid, `${describeSid(sid)} ${how}: this role is held by ${broad}; grant it to a specific group instead`)
    }
  }
}

/**
 * Why a basic group's non-members exclude every member, or undefined when some
 * member remains. SIDs compare in canonical form (case, leading zeros) and
 * links by GUID (case, braces), as AzMan reads them.
 */
function excludesAll(group: ApplicationGroup): string | undefined {
  const hasMembers = group.members.length > 0 || group.appMemberLinks.length > 0
  if (!hasMembers) return undefined
  const nonSids = new Set(group.nonMembers.map(canonicalSid))
  const everyone = ['S-1-1-0', 'S-1-5-11'].find((sid) => nonSids.has(sid))
  if (everyone !== undefined) return `its non-members include ${describeSid(everyone)}, which excludes every member`
  const nonLinks = new Set(group.appNonMemberLinks.map(guidKey))
  if (group.members.every((sid) => nonSids.has(canonicalSid(sid))) && group.appMemberLinks.every((l) => nonLinks.has(guidKey(l)))) {
    return 'every member is also listed as a non-member'
  }
  return undefined
}

/** A basic group whose non-member list excludes every member: nobody is in it, whatever its member list says. */
export function lintNonMembers(objects: readonly Visited[], sink: LintSink): void {
  for (const v of objects) {
    if (v.kind !== 'group' || groupTypeOf(v.object) !== 'Basic') continue
    const why = excludesAll(v.object)
    if (why !== undefined)
      sink.warn(LintCode.NonMembersExcludeAll, v.path, v.object.guid, `${why}, because non-membership beats membership: the group is empty in effect; fix the lists or delete the group`)
  }
}
