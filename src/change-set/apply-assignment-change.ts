import { InvalidChangeError } from '../errors/change-errors.js'
import { TEXT_LIMIT } from '../model/limits.js'
import { guidKey, NO_EXTRAS, type RoleAssignment } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { applied, createOverExisting, inPlace, invalidName, invalidText, resolvePrincipals, unique, type ApplyContext, type ChangeOutcome } from './apply-rules.js'
import type { Change } from './change.js'
import { findPlace, findTask, maybePlace, type DraftPlace } from './draft/find.js'
import type { ObjectDraft } from './draft/object-draft.js'
import type { PolicyDraft } from './draft/policy-draft.js'
import { notFound } from './locate.js'

export type AssignmentChange = Extract<
  Change,
  {
    type:
      | 'create-role-assignment'
      | 'update-role-assignment'
      | 'delete-role-assignment'
      | 'add-role-assignment-tasks'
      | 'remove-role-assignment-tasks'
      | 'add-role-assignment-members'
      | 'remove-role-assignment-members'
  }
>

function assignment(place: DraftPlace, name: string): ObjectDraft<RoleAssignment> {
  const ra = place.roleAssignments.find(name)
  if (!ra) throw notFound('role assignment', name, place.label, place.roleAssignments.objects())
  return ra
}

/** Creates, updates and deletes of role assignments, and what they grant and to whom. */
export function applyAssignmentChange(draft: PolicyDraft, change: AssignmentChange, ctx: ApplyContext): ChangeOutcome {
  switch (change.type) {
    case 'create-role-assignment':
      return createAssignment(draft, change, ctx)
    case 'update-role-assignment':
      return updateAssignment(draft, change)
    case 'delete-role-assignment': {
      const place = maybePlace(draft, change.app, change.scope)
      const ra = place?.roleAssignments.find(change.name)
      if (!place || !ra) return inPlace(`role assignment ${quote(change.name)} already absent`)
      const summary = `delete role assignment ${quote(ra.name)} from ${place.label}`
      place.roleAssignments.remove(ra)
      return applied(summary)
    }
    case 'add-role-assignment-tasks':
    case 'remove-role-assignment-tasks': {
      const place = findPlace(draft, change.app, change.scope)
      const ra = assignment(place, change.roleAssignment)
      const links = [...(change.roleDefinitions ?? []).map((n) => findTask(place, n, 'role-definition').guid), ...(change.tasks ?? []).map((n) => findTask(place, n, 'task').guid)]
      const adding = change.type === 'add-role-assignment-tasks'
      const what = [...(change.roleDefinitions ?? []), ...(change.tasks ?? [])].map(quote).join(', ')
      const name = ra.name
      const changed = adding ? ra.list('taskLinks').add(links) : ra.list('taskLinks').remove(links)
      if (!changed) return inPlace(`role assignment ${quote(name)} already ${adding ? 'grants' : 'lacks'} ${what}`)
      return applied(`${adding ? 'add' : 'remove'} ${what} ${adding ? 'to' : 'from'} role assignment ${quote(name)} in ${place.label}`)
    }
    case 'add-role-assignment-members':
    case 'remove-role-assignment-members': {
      const place = findPlace(draft, change.app, change.scope)
      const ra = assignment(place, change.roleAssignment)
      const { sids, groups } = resolvePrincipals(draft, place, change.members)
      const adding = change.type === 'add-role-assignment-members'
      const who = [...sids, ...change.members.filter((m) => 'group' in m).map((m) => ('group' in m ? `group ${quote(m.group)}` : ''))].join(', ')
      const members = adding ? ra.list('members').add(sids) : ra.list('members').remove(sids)
      const appMembers = adding ? ra.list('appMemberLinks').add(groups) : ra.list('appMemberLinks').remove(groups)
      if (!members && !appMembers) return inPlace(`role assignment ${quote(ra.name)} already ${adding ? 'has' : 'lacks'} ${who}`)
      return applied(`${adding ? 'add' : 'remove'} ${who} ${adding ? 'to' : 'from'} role assignment ${quote(ra.name)} in ${place.label}`)
    }
  }
}

function createAssignment(draft: PolicyDraft, change: Extract<AssignmentChange, { type: 'create-role-assignment' }>, ctx: ApplyContext): ChangeOutcome {
  const place = findPlace(draft, change.app, change.scope)
  const what = `role assignment ${quote(change.name)}`
  invalidName('role-assignment', change.name)
  invalidText(what, 'description', change.description, TEXT_LIMIT.description)
  const taskLinks = unique([...(change.roleDefinitions ?? []).map((n) => findTask(place, n, 'role-definition').guid), ...(change.tasks ?? []).map((n) => findTask(place, n, 'task').guid)], guidKey)
  const existing = place.roleAssignments.find(change.name)
  if (existing) {
    const current = existing.scalars
    const description = change.description ?? current.description
    const { description: _d, ...kept } = current
    // Members are added by their own changes, so they are not part of what a create asks; what the
    // assignment grants is: operations linked directly (a create links none) count as other content.
    const same = existing.list('taskLinks').sameKeys(taskLinks) && existing.list('operationLinks').sameKeys([]) && current.description === description
    return createOverExisting(
      ctx,
      existing.guid,
      same,
      `role assignment ${quote(current.name)}`,
      () =>
        new InvalidChangeError(
          'AZMAN_ERR_CHANGE_EXISTS',
          `role assignment ${quote(current.name)} already exists in ${place.label} with other role definitions, tasks or description; add to it instead`,
        ),
      () => {
        existing.setScalars({ ...kept, ...(description === undefined ? {} : { description }) })
        existing.setList('taskLinks', taskLinks)
        existing.setList('operationLinks', [])
      },
    )
  }
  const ra: RoleAssignment = {
    guid: ctx.newGuid(),
    name: change.name,
    ...(change.description === undefined ? {} : { description: change.description }),
    taskLinks,
    operationLinks: [],
    appMemberLinks: [],
    members: [],
    extras: NO_EXTRAS,
  }
  place.roleAssignments.add(ra)
  return applied(`create role assignment ${quote(ra.name)} in ${place.label}`)
}

function updateAssignment(draft: PolicyDraft, change: Extract<AssignmentChange, { type: 'update-role-assignment' }>): ChangeOutcome {
  const place = findPlace(draft, change.app, change.scope)
  const ra = place.roleAssignments.find(change.name) ?? (change.newName === undefined ? undefined : place.roleAssignments.find(change.newName))
  if (!ra) throw notFound('role assignment', change.name, place.label, place.roleAssignments.objects())
  const current = ra.scalars
  let next = current
  if (change.newName !== undefined && change.newName !== current.name) {
    invalidName('role-assignment', change.newName)
    const other = place.roleAssignments.find(change.newName)
    if (other && other !== ra) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `role assignment ${quote(change.newName)} already exists in ${place.label}`)
    next = { ...next, name: change.newName }
  }
  if (change.description !== undefined && (change.description ?? undefined) !== current.description) {
    invalidText(`role assignment ${quote(current.name)}`, 'description', change.description, TEXT_LIMIT.description)
    const { description: _drop, ...rest } = next
    next = change.description === null ? rest : { ...rest, description: change.description }
  }
  if (next === current) return inPlace(`role assignment ${quote(current.name)} already as asked`)
  ra.setScalars(next)
  return applied(`update role assignment ${quote(current.name)} in ${place.label}`)
}
