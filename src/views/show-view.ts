import type { PolicyStore } from '../model/policy.js'
import { exportStore, type ExportedApplication, type ExportedGroup, type ExportedRole, type ExportedScope, type ExportedStore } from './export-json.js'
import { principal, type Principal } from './principal.js'
import { NO_EXPIRIES, type MemberExpiry } from './member-expiries.js'

/**
 * What `azman show --json` prints: the export shape, with every member and
 * non-member SID given with its well-known name, and the store's location
 * and version.
 */
export type ShownGroup = Omit<ExportedGroup, 'members' | 'nonMembers'> & { readonly members: readonly Principal[]; readonly nonMembers: readonly Principal[] }
/** A member of a role assignment; `expiresAt`: when it leaves, from the store's expiry file (docs/expiry.md). */
export type ShownMember = Principal & { readonly expiresAt?: string }
export type ShownRole = Omit<ExportedRole, 'members'> & { readonly members: readonly ShownMember[] }
export type ShownScope = Omit<ExportedScope, 'roles' | 'groups'> & { readonly roles: readonly ShownRole[]; readonly groups: readonly ShownGroup[] }
export type ShownApplication = Omit<ExportedApplication, 'roles' | 'groups' | 'scopes'> & {
  readonly roles: readonly ShownRole[]
  readonly groups: readonly ShownGroup[]
  readonly scopes: readonly ShownScope[]
}
export type ShowView = Omit<ExportedStore, 'applications' | 'groups'> & {
  readonly store: string
  readonly version: string
  readonly applications: readonly ShownApplication[]
  readonly groups: readonly ShownGroup[]
}

/**
 * `names`: the directory's names for SIDs (see `sidNamesFor`); well-known names are always given.
 * `expiry`: when members of role assignments leave (see `memberExpiries`), given as their `expiresAt`; default none.
 */
export function showView(policy: PolicyStore, store: string, version: string, names?: ReadonlyMap<string, string>, expiry: MemberExpiry = NO_EXPIRIES): ShowView {
  const who = (sid: string): Principal => principal(sid, names)
  const showGroup = (g: ExportedGroup): ShownGroup => ({ ...g, members: g.members.map(who), nonMembers: g.nonMembers.map(who) })
  const member = (ra: ExportedRole, sid: string): ShownMember => {
    const expiresAt = expiry(ra.guid, sid)
    return expiresAt === undefined ? who(sid) : { ...who(sid), expiresAt }
  }
  const showRole = (r: ExportedRole): ShownRole => ({ ...r, members: r.members.map((sid) => member(r, sid)) })
  const exported = exportStore(policy)
  return {
    store,
    version,
    ...exported,
    applications: exported.applications.map((a) => ({
      ...a,
      roles: a.roles.map(showRole),
      groups: a.groups.map(showGroup),
      scopes: a.scopes.map((s) => ({ ...s, roles: s.roles.map(showRole), groups: s.groups.map(showGroup) })),
    })),
    groups: exported.groups.map(showGroup),
  }
}
