import { InvalidChangeError } from '../../errors/change-errors.js'
import type { ApplicationGroup, Operation, Task } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import type { OperationRef } from '../change.js'
import { namedPlace, notFound, placeIn, type PlaceOf } from '../locate.js'
import type { ObjectDraft } from './object-draft.js'
import type { AppDraft, PolicyDraft, ScopeDraft } from './policy-draft.js'

/**
 * Finding the objects a change names in a store being edited, as AzMan does:
 * names without regard to case. The same answers and messages as the
 * lookups of `locate.ts` on a plain store, through indexes.
 */

/** The tasks, role definitions, role assignments and groups of an application or one of its scopes, being edited. */
export type DraftPlace = PlaceOf<AppDraft, ScopeDraft>

export function findApp(draft: PolicyDraft, name: string): AppDraft {
  const app = draft.applications.find(name)
  if (!app) throw notFound('application', name, 'the store', draft.applications.objects())
  return app
}

export function placeOf(app: AppDraft, scope: ScopeDraft | undefined): DraftPlace {
  return placeIn(app, scope)
}

/** The place a change names; a scope that does not exist is an error. */
export function findPlace(draft: PolicyDraft, appName: string, scopeName: string | undefined): DraftPlace {
  const app = findApp(draft, appName)
  const place = namedPlace(app, scopeName, (name) => app.scopes.find(name))
  if (!place) throw notFound('scope', scopeName ?? '', `application ${quote(app.name)}`, app.scopes.objects())
  return place
}

/** Like {@link findPlace}, but undefined when the scope does not exist (for idempotent deletes). */
export function maybePlace(draft: PolicyDraft, appName: string, scopeName: string | undefined): DraftPlace | undefined {
  const app = findApp(draft, appName)
  return namedPlace(app, scopeName, (name) => app.scopes.find(name))
}

export function findOperation(app: AppDraft, ref: OperationRef): ObjectDraft<Operation> {
  const op = typeof ref === 'number' ? app.operations.first('operationNumber', String(ref)) : app.operations.find(ref)
  if (!op) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_NOT_FOUND', `no operation ${typeof ref === 'number' ? `with OperationID ${ref}` : quote(ref)} in application ${quote(app.name)}`)
  }
  return op
}

/** A task or role definition visible from a place: the place's own, then the application's. */
export function findTask(place: DraftPlace, name: string, kind: 'task' | 'role-definition' | 'either'): ObjectDraft<Task> {
  const found = place.tasks.find(name) ?? (place.scope ? place.app.tasks.find(name) : undefined)
  const label = kind === 'role-definition' ? 'role definition' : kind === 'task' ? 'task' : 'task or role definition'
  if (!found) {
    const candidates = [...place.tasks.objects(), ...(place.scope ? place.app.tasks.objects() : [])].filter((t) => kind === 'either' || t.roleDefinition === (kind === 'role-definition'))
    throw notFound(label, name, place.label, candidates)
  }
  if (kind !== 'either' && found.scalars.roleDefinition !== (kind === 'role-definition')) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${quote(found.name)} in ${place.label} is a ${found.scalars.roleDefinition ? 'role definition' : 'task'}, not a ${label}`)
  }
  return found
}

/** A group visible from a place: its own, the application's, the store's. */
export function findVisibleGroup(draft: PolicyDraft, place: DraftPlace, name: string): ObjectDraft<ApplicationGroup> {
  const found = place.groups.find(name) ?? (place.scope ? place.app.groups.find(name) : undefined) ?? draft.groups.find(name)
  if (!found) throw notFound('application group', name, `${place.label} or the store`, [...place.groups.objects(), ...(place.scope ? place.app.groups.objects() : []), ...draft.groups.objects()])
  return found
}
