import { InvalidChangeError } from '../errors/change-errors.js'
import { TEXT_LIMIT } from '../model/limits.js'
import { guidKey, NO_EXTRAS, type ApplicationGroup } from '../model/policy.js'
import { article, quote } from '../model/quote.js'
import { canonicalSid } from '../model/sid.js'
import {
  applied,
  assertUnlinkedInStore,
  checkLdapQuery,
  createOverExisting,
  inPlace,
  invalidName,
  invalidText,
  resolvePrincipals,
  unique,
  type ApplyContext,
  type ChangeOutcome,
} from './apply-rules.js'
import type { Change } from './change.js'
import type { Collection } from './draft/collection.js'
import { findPlace, maybePlace, type DraftPlace } from './draft/find.js'
import type { ObjectDraft, Scalars } from './draft/object-draft.js'
import type { PolicyDraft } from './draft/policy-draft.js'
import { notFound } from './locate.js'

export type GroupChange = Extract<Change, { type: 'create-group' | 'update-group' | 'delete-group' | 'add-group-members' | 'remove-group-members' }>

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

/** Creates, updates and deletes of application groups, and their members. */
export function applyGroupChange(draft: PolicyDraft, change: GroupChange, ctx: ApplyContext): ChangeOutcome {
  const home = groupHome(draft, change)
  if (!home) return inPlace(`group ${quote('name' in change ? change.name : change.group)} already absent`)
  const { groups, where } = home
  switch (change.type) {
    case 'create-group':
      return createGroup(draft, home, change, ctx)
    case 'update-group':
      return updateGroup(home, change)
    case 'delete-group': {
      const group = groups.find(change.name)
      if (!group) return inPlace(`group ${quote(change.name)} already absent`)
      assertUnlinkedInStore(draft, group.guid, `group ${quote(group.name)}`)
      const summary = `delete group ${quote(group.name)} from ${where}`
      groups.remove(group)
      return applied(summary)
    }
    case 'add-group-members':
    case 'remove-group-members': {
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
  }
}

function createGroup(draft: PolicyDraft, home: GroupHome, change: Extract<GroupChange, { type: 'create-group' }>, ctx: ApplyContext): ChangeOutcome {
  const what = `group ${quote(change.name)}`
  invalidName('group', change.name)
  invalidText(what, 'description', change.description, TEXT_LIMIT.description)
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

function createOverExistingGroup(
  ctx: ApplyContext,
  home: GroupHome,
  existing: ObjectDraft<ApplicationGroup>,
  change: Extract<GroupChange, { type: 'create-group' }>,
  lists: GroupLists,
): ChangeOutcome {
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

function updateGroup(home: GroupHome, change: Extract<GroupChange, { type: 'update-group' }>): ChangeOutcome {
  const { groups, where } = home
  const group = groups.find(change.name) ?? (change.newName === undefined ? undefined : groups.find(change.newName))
  if (!group) throw notFound('group', change.name, where, groups.objects())
  const current = group.scalars
  let next = current
  if (change.newName !== undefined && change.newName !== current.name) {
    invalidName('group', change.newName)
    const other = groups.find(change.newName)
    if (other && other !== group) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `group ${quote(change.newName)} already exists in ${where}`)
    next = { ...next, name: change.newName }
  }
  if (change.description !== undefined && (change.description ?? undefined) !== current.description) {
    invalidText(`group ${quote(current.name)}`, 'description', change.description, TEXT_LIMIT.description)
    const { description: _drop, ...rest } = next
    next = change.description === null ? rest : { ...rest, description: change.description }
  }
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
