import { InvalidChangeError } from '../../errors/change-errors.js'
import { guidKey, NO_EXTRAS, type RoleAssignment } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { applied, inPlace, resolvePrincipals, unique, type ApplyContext, type ChangeOutcome } from '../apply-rules.js'
import type { Change, ChangeType } from '../change.js'
import { findPlace, findTask, maybePlace, type DraftPlace } from '../draft/find.js'
import type { ObjectDraft } from '../draft/object-draft.js'
import type { PolicyDraft } from '../draft/policy-draft.js'
import { notFound } from '../locate.js'
import type { Appliers } from './applier.js'
import { alreadyExists, describedAs, redescribed, renamed, deleteNamed, checkCreated, createdOver } from './fields.js'

/** The change types of role assignments: every type whose name ends in `-role-assignment` or has `-role-assignment-` in it. */
export type RoleAssignmentChangeType = Extract<ChangeType, `${string}-role-assignment` | `${string}-role-assignment-${string}`>

type Of<T extends RoleAssignmentChangeType> = Extract<Change, { type: T }>

function assignment(place: DraftPlace, name: string): ObjectDraft<RoleAssignment> {
  const ra = place.roleAssignments.find(name)
  if (!ra) throw notFound('role assignment', name, place.label, place.roleAssignments.objects())
  return ra
}

function deleteAssignment(draft: PolicyDraft, change: Of<'delete-role-assignment'>): ChangeOutcome {
  const place = maybePlace(draft, change.app, change.scope)
  return deleteNamed(place?.roleAssignments, change.name, 'role assignment', (ra) => `delete role assignment ${quote(ra.name)} from ${place?.label ?? ''}`)
}

/** Adds or removes role definitions and tasks a role assignment grants. */
function editTasks(draft: PolicyDraft, change: Of<'add-role-assignment-tasks' | 'remove-role-assignment-tasks'>): ChangeOutcome {
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

/** Adds or removes who holds a role assignment: SIDs and application groups. */
function editMembers(draft: PolicyDraft, change: Of<'add-role-assignment-members' | 'remove-role-assignment-members'>): ChangeOutcome {
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

function createAssignment(draft: PolicyDraft, change: Of<'create-role-assignment'>, ctx: ApplyContext): ChangeOutcome {
  const place = findPlace(draft, change.app, change.scope)
  const what = `role assignment ${quote(change.name)}`
  checkCreated('role-assignment', change.name, change.description, what)
  const taskLinks = unique([...(change.roleDefinitions ?? []).map((n) => findTask(place, n, 'role-definition').guid), ...(change.tasks ?? []).map((n) => findTask(place, n, 'task').guid)], guidKey)
  const existing = place.roleAssignments.find(change.name)
  if (existing) {
    return createdOver(ctx, existing, change.description, (current, description) => ({
      // Members are added by their own changes, so they are not part of what a create asks; what the
      // assignment grants is: operations linked directly (a create links none) count as other content.
      same: existing.list('taskLinks').sameKeys(taskLinks) && existing.list('operationLinks').sameKeys([]) && current.description === description,
      what: `role assignment ${quote(current.name)}`,
      refusal: () =>
        new InvalidChangeError(
          'AZMAN_ERR_CHANGE_EXISTS',
          `role assignment ${quote(current.name)} already exists in ${place.label} with other role definitions, tasks or description; add to it instead`,
        ),
      replace: () => {
        existing.setScalars(describedAs(current, description))
        existing.setList('taskLinks', taskLinks)
        existing.setList('operationLinks', [])
      },
    }))
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

function updateAssignment(draft: PolicyDraft, change: Of<'update-role-assignment'>): ChangeOutcome {
  const place = findPlace(draft, change.app, change.scope)
  const ra = place.roleAssignments.find(change.name) ?? (change.newName === undefined ? undefined : place.roleAssignments.find(change.newName))
  if (!ra) throw notFound('role assignment', change.name, place.label, place.roleAssignments.objects())
  const current = ra.scalars
  let next = renamed(current, change.newName, 'role-assignment', place.roleAssignments, ra, alreadyExists('role assignment', place.label))
  next = redescribed(next, current, change.description, `role assignment ${quote(current.name)}`)
  if (next === current) return inPlace(`role assignment ${quote(current.name)} already as asked`)
  ra.setScalars(next)
  return applied(`update role assignment ${quote(current.name)} in ${place.label}`)
}

/** Creates, updates and deletes of role assignments, and what they grant and to whom. */
export const ROLE_ASSIGNMENT_APPLIERS: Appliers<RoleAssignmentChangeType> = {
  'create-role-assignment': createAssignment,
  'update-role-assignment': updateAssignment,
  'delete-role-assignment': deleteAssignment,
  'add-role-assignment-tasks': editTasks,
  'remove-role-assignment-tasks': editTasks,
  'add-role-assignment-members': editMembers,
  'remove-role-assignment-members': editMembers,
}
