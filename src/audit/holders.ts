import type { Container } from '../model/paths.js'
import { groupTypeOf, type ApplicationGroup, type PolicyStore, type RoleAssignment } from '../model/policy.js'
import type { LinkResolver } from '../model/resolve.js'

/** A SID that holds a role assignment, directly (`via` empty) or through application groups (outermost first). */
export interface HeldBy {
  readonly sid: string
  readonly via: readonly ApplicationGroup[]
}

/** An LDAP-query or BizRule group on the way: its membership is decided at run time. */
export interface DynamicGroup {
  readonly group: ApplicationGroup
  readonly via: readonly ApplicationGroup[]
  /** True when the group is a non-member: it may take holders away rather than add them. */
  readonly nonMember: boolean
}

/** A member or non-member link that leads nowhere usable. */
export interface BrokenLink {
  readonly guid: string
  readonly problem: string
  readonly via: readonly ApplicationGroup[]
}

/** Everyone who holds a role assignment, as far as the store alone can tell. */
export interface Holders {
  /** SIDs that hold it (members of basic groups minus non-members, nested). One entry per path. */
  readonly sids: readonly HeldBy[]
  /** Member SIDs taken away by a non-member entry. */
  readonly excluded: readonly HeldBy[]
  readonly dynamic: readonly DynamicGroup[]
  readonly broken: readonly BrokenLink[]
}

/**
 * Expands a role assignment's members: its SIDs, and its application groups
 * down to SIDs. A basic group's members are its member SIDs and member groups
 * minus its non-member SIDs and non-member groups, and the non-members of an
 * outer group apply to everything below it. LDAP-query and BizRule groups are
 * reported as dynamic, never guessed. Group loops are cut.
 */
export function roleHolders(policy: PolicyStore, resolver: LinkResolver, container: Container, ra: RoleAssignment): Holders {
  const sids: HeldBy[] = []
  const excluded: HeldBy[] = []
  const dynamic: DynamicGroup[] = []
  const broken: BrokenLink[] = []
  const storeGroups = new Set(policy.groups)
  // Store-level groups see only store-level groups; other groups see what the role assignment's container sees.
  const from = (group: ApplicationGroup): Container | undefined => (storeGroups.has(group) ? undefined : container)

  const resolve = (owner: ApplicationGroup | undefined, guid: string, via: readonly ApplicationGroup[]): ApplicationGroup | undefined => {
    const r = resolver.group(owner === undefined ? container : from(owner), guid)
    if (r.status === 'found') return r.target
    const problem =
      r.status === 'missing' ? 'points at no group in the store' : r.status === 'wrong-kind' ? `points at ${r.actualKind}, not at a group` : `points at a group in ${r.where}, out of reach`
    broken.push({ guid, problem, via })
    return undefined
  }

  /** The SIDs a basic group certainly contains (for non-member lists), recording dynamic and broken links on the way. */
  const effectiveSids = (group: ApplicationGroup, via: readonly ApplicationGroup[]): Set<string> => {
    const out = new Set<string>()
    if (via.includes(group)) return out
    const path = [...via, group]
    const type = groupTypeOf(group)
    if (type !== 'Basic') {
      if (type !== undefined) dynamic.push({ group, via, nonMember: true })
      return out
    }
    const minus = new Set(group.nonMembers)
    for (const g of group.appNonMemberLinks) {
      const target = resolve(group, g, path)
      if (target) for (const sid of effectiveSids(target, path)) minus.add(sid)
    }
    for (const sid of group.members) if (!minus.has(sid)) out.add(sid)
    for (const g of group.appMemberLinks) {
      const target = resolve(group, g, path)
      if (target) for (const sid of effectiveSids(target, path)) if (!minus.has(sid)) out.add(sid)
    }
    return out
  }

  const expand = (group: ApplicationGroup, via: readonly ApplicationGroup[], outerMinus: ReadonlySet<string>): void => {
    if (via.includes(group)) return
    const path = [...via, group]
    const type = groupTypeOf(group)
    if (type === undefined) {
      broken.push({ guid: group.guid, problem: `has the unknown group type "${group.groupType}"`, via })
      return
    }
    if (type !== 'Basic') {
      dynamic.push({ group, via, nonMember: false })
      return
    }
    const minus = new Set([...outerMinus, ...group.nonMembers])
    for (const g of group.appNonMemberLinks) {
      const target = resolve(group, g, path)
      if (target) for (const sid of effectiveSids(target, path)) minus.add(sid)
    }
    for (const sid of group.members) (minus.has(sid) ? excluded : sids).push({ sid, via: path })
    for (const g of group.appMemberLinks) {
      const target = resolve(group, g, path)
      if (target) expand(target, path, minus)
    }
  }

  for (const sid of ra.members) sids.push({ sid, via: [] })
  for (const g of ra.appMemberLinks) {
    const target = resolve(undefined, g, [])
    if (target) expand(target, [], new Set())
  }
  return { sids, excluded, dynamic, broken }
}
