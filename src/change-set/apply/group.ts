import { InvalidChangeError } from '../../errors/change-errors.js'
import { guidKey, NO_EXTRAS, type ApplicationGroup } from '../../model/policy.js'
import { article, quote } from '../../model/quote.js'
import { canonicalSid } from '../../model/sid.js'
import { applied, assertUnlinkedInStore, checkLdapQuery, createOverExisting, inPlace, resolvePrincipals, unique, type ApplyContext, type ChangeOutcome } from '../apply-rules.js'
import type { Change, ChangeType } from '../change.js'
import type { Collection } from '../draft/collection.js'
import { findPlace, maybePlace, type DraftPlace } from '../draft/find.js'
import type { ObjectDraft, Scalars } from '../draft/object-draft.js'
import type { PolicyDraft } from '../draft/policy-draft.js'
import { notFound } from '../locate.js'
import type { Appliers } from './applier.js'
import { alreadyExists, redescribed, renamed, deleteNamed, checkCreated } from './fields.js'

/** The change types of application groups: every type whose name ends in `-group` or has `-group-` in it. */
export type GroupChangeType = Extract<ChangeType, `${string}-group` | `${string}-group-${string}`>

type GroupChange = Extract<Change, { type: GroupChangeType }>
type Of<T extends GroupChangeType> = Extract<Change, { type: T }>

/** Where a group change acts: the groups of the store, of an application or of a scope. */
interface GroupHome {
  readonly place: DraftPlace | undefined
  readonly groups: Collection<ApplicationGroup>
  readonly where: string
}

/** "an LdapQuery group", "a Basic group". */
function groupTypePhrase(type: string | undefined): string {
  return type === 'LdapQuery' ? 'an LdapQuery group' : `${article(type ?? 'untyped')} group`
}

function groupHome(draft: PolicyDraft, change: GroupChange): GroupHome | undefined {
  if (change.app === undefined) return { place: undefined, groups: draft.groups, where: 'the store' }
  const place = change.type === 'delete-group' ? maybePlace(draft, change.app, change.scope) : findPlace(draft, change.app, change.scope)
  return place ? { place, groups: place.groups, where: place.label } : undefined
}

/**
 * An applier that acts where the change's group lives; a delete in a scope
 * that does not exist finds its group already absent.
 */
function atHome<C extends GroupChange>(
  apply: (draft: PolicyDraft, home: GroupHome, change: C, ctx: ApplyContext) => ChangeOutcome,
): (draft: PolicyDraft, change: C, ctx: ApplyContext) => ChangeOutcome {
  return (draft, change, ctx) => {
    const home = groupHome(draft, change)
    if (!home) return inPlace(`group ${quote('name' in change ? change.name : change.group)} already absent`)
    return apply(draft, home, change, ctx)
  }
}

function deleteGroup(draft: PolicyDraft, { groups, where }: GroupHome, change: Of<'delete-group'>): ChangeOutcome {
  return deleteNamed(
    groups,
    change.name,
    'group',
    (group) => `delete group ${quote(group.name)} from ${where}`,
    (group) => assertUnlinkedInStore(draft, group.guid, `group ${quote(group.name)}`),
  )
}

/** Adds or removes members and non-members (SIDs and application groups) of a Basic group. */
function editMembers(draft: PolicyDraft, home: GroupHome, change: Of<'add-group-members' | 'remove-group-members'>): ChangeOutcome {
  const { groups, where } = home
  const group = groups.find(change.group)
  if (!group) throw notFound('group', change.group, where, groups.objects())
  if (group.scalars.groupType !== 'Basic') {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `group ${quote(group.name)} is ${groupTypePhrase(group.scalars.groupType)}; only Basic groups have members`)
  }
  const members = resolvePrincipals(draft, home.place, change.members)
  const nonMembers = resolvePrincipals(draft, home.place, change.nonMembers)
  const adding = change.type === 'add-group-members'
  const edit = (field: 'members' | 'nonMembers' | 'appMemberLinks' | 'appNonMemberLinks', values: readonly string[]): boolean =>
    adding ? group.list(field).add(values) : group.list(field).remove(values)
  const changed = [edit('members', members.sids), edit('nonMembers', nonMembers.sids), edit('appMemberLinks', members.groups), edit('appNonMemberLinks', nonMembers.groups)]
  if (!changed.includes(true)) return inPlace(`group ${quote(group.name)} already as asked`)
  return applied(`${adding ? 'add' : 'remove'} members ${adding ? 'to' : 'from'} group ${quote(group.name)} in ${where}`)
}

function createGroup(draft: PolicyDraft, home: GroupHome, change: Of<'create-group'>, ctx: ApplyContext): ChangeOutcome {
  const what = `group ${quote(change.name)}`
  checkCreated('group', change.name, change.description, what)
  if (change.groupType === 'LdapQuery') {
    if (change.ldapQuery === undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY', `${what}: an LdapQuery group needs "ldapQuery"`)
    if (change.members || change.nonMembers) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${what}: an LdapQuery group has no members; its query decides who belongs`)
    checkLdapQuery(what, change.ldapQuery)
  } else if (change.ldapQuery !== undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${what}: only LdapQuery groups have "ldapQuery"`)
  const members = resolvePrincipals(draft, home.place, change.members)
  const nonMembers = resolvePrincipals(draft, home.place, change.nonMembers)
  const lists = {
    members: unique(members.sids, canonicalSid),
    nonMembers: unique(nonMembers.sids, canonicalSid),
    appMemberLinks: unique(members.groups, guidKey),
    appNonMemberLinks: unique(nonMembers.groups, guidKey),
  }
  const existing = home.groups.find(change.name)
  if (existing) return createOverExistingGroup(ctx, home, existing, change, lists)
  // A GUID is drawn only for an object that is really created.
  const group: ApplicationGroup = {
    guid: ctx.newGuid(),
    ...(change.description === undefined ? {} : { description: change.description }),
    name: change.name,
    groupType: change.groupType,
    ...lists,
    ...(change.ldapQuery === undefined ? {} : { ldapQuery: change.ldapQuery }),
    extras: NO_EXTRAS,
  }
  home.groups.add(group)
  return applied(`create ${group.groupType} group ${quote(group.name)} in ${home.where}`)
}

type GroupLists = Readonly<Record<'members' | 'nonMembers' | 'appMemberLinks' | 'appNonMemberLinks', readonly string[]>>

function createOverExistingGroup(ctx: ApplyContext, home: GroupHome, existing: ObjectDraft<ApplicationGroup>, change: Of<'create-group'>, lists: GroupLists): ChangeOutcome {
  const current = existing.scalars
  const description = change.description ?? current.description
  const fields = ['members', 'nonMembers', 'appMemberLinks', 'appNonMemberLinks'] as const
  const same =
    current.groupType === change.groupType &&
    current.description === description &&
    (current.ldapQuery ?? '') === (change.ldapQuery ?? '') &&
    fields.every((field) => existing.list(field).sameKeys(lists[field]))
  const { description: _d, ldapQuery: _q, ...kept } = current
  const scalars: Scalars<ApplicationGroup> = {
    ...kept,
    name: current.name,
    groupType: change.groupType,
    ...(change.ldapQuery === undefined ? {} : { ldapQuery: change.ldapQuery }),
    ...(description === undefined ? {} : { description }),
  }
  return createOverExisting(
    ctx,
    existing.guid,
    same,
    `group ${quote(current.name)}`,
    () => new InvalidChangeError('AZMAN_ERR_CHANGE_EXISTS', `group ${quote(current.name)} already exists in ${home.where} with other content; update it instead`),
    () => {
      existing.setScalars(scalars)
      for (const field of fields) existing.setList(field, lists[field])
    },
  )
}

function updateGroup(_draft: PolicyDraft, home: GroupHome, change: Of<'update-group'>): ChangeOutcome {
  const { groups, where } = home
  const group = groups.find(change.name) ?? (change.newName === undefined ? undefined : groups.find(change.newName))
  if (!group) throw notFound('group', change.name, where, groups.objects())
  const current = group.scalars
  let next = renamed(current, change.newName, 'group', groups, group, alreadyExists('group', where))
  next = redescribed(next, current, change.description, `group ${quote(current.name)}`)
  if (change.ldapQuery !== undefined && change.ldapQuery !== current.ldapQuery) {
    if (current.groupType !== 'LdapQuery')
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `group ${quote(current.name)} is ${groupTypePhrase(current.groupType)}; only LdapQuery groups have a query`)
    checkLdapQuery(`group ${quote(current.name)}`, change.ldapQuery)
    next = { ...next, ldapQuery: change.ldapQuery }
  }
  if (next === current) return inPlace(`group ${quote(current.name)} already as asked`)
  group.setScalars(next)
  return applied(`update group ${quote(current.name)} in ${where}`)
}

/** Creates, updates and deletes of application groups, and their members. */
export const GROUP_APPLIERS: Appliers<GroupChangeType> = {
  'create-group': atHome(createGroup),
  'update-group': atHome(updateGroup),
  'delete-group': atHome(deleteGroup),
  'add-group-members': atHome(editMembers),
  'remove-group-members': atHome(editMembers),
}
