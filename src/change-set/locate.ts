import { InvalidChangeError } from '../errors/change-errors.js'
import { quote } from '../model/quote.js'
import { operationNumber, type Application, type ApplicationGroup, type Operation, type PolicyObject, type PolicyStore, type Scope, type Task } from '../model/policy.js'
import type { OperationRef } from './change.js'

/**
 * Finding objects by the names people give, as AzMan does: without regard to
 * case. "Not found" errors say where was looked and what is there.
 */

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

export function byName<T extends PolicyObject>(items: readonly T[], name: string): T | undefined {
  return items.find((i) => sameName(i.name, name))
}

function known(items: readonly PolicyObject[]): string {
  if (items.length === 0) return ' (there are none)'
  const names = items.slice(0, 8).map((i) => quote(i.name))
  return `; known: ${names.join(', ')}${items.length > 8 ? `, and ${items.length - 8} more` : ''}`
}

export function notFound(what: string, name: string, where: string, candidates: readonly PolicyObject[]): InvalidChangeError {
  return new InvalidChangeError('AZMAN_ERR_CHANGE_NOT_FOUND', `no ${what} ${quote(name)} in ${where}${known(candidates)}`)
}

/** What a place is made of: an application or scope, plain (a store) or being edited (a draft). */
interface PlaceSource {
  readonly name: string
  readonly groups: unknown
  readonly tasks: unknown
  readonly roleAssignments: unknown
}

/** The tasks, role definitions, role assignments and groups of an application `A` or one of its scopes `S`. */
export interface PlaceOf<A extends PlaceSource, S extends PlaceSource> {
  readonly app: A
  readonly scope: S | undefined
  readonly groups: A['groups'] | S['groups']
  readonly tasks: A['tasks'] | S['tasks']
  readonly roleAssignments: A['roleAssignments'] | S['roleAssignments']
  /** `application "X"` or `application "X" scope "Y"`, for messages. */
  readonly label: string
}

/** A place of a plain store. */
export type Place = PlaceOf<Application, Scope>

/** The place of an application, or of one of its scopes; for plain stores and drafts alike. */
export function placeIn<A extends PlaceSource, S extends PlaceSource>(app: A, scope: S | undefined): PlaceOf<A, S> {
  const label = `application ${quote(app.name)}${scope ? ` scope ${quote(scope.name)}` : ''}`
  return scope
    ? { app, scope, groups: scope.groups, tasks: scope.tasks, roleAssignments: scope.roleAssignments, label }
    : { app, scope: undefined, groups: app.groups, tasks: app.tasks, roleAssignments: app.roleAssignments, label }
}

/**
 * The place a change names in an application: undefined when the scope named
 * does not exist.
 *
 * @param findScope the application's scope of a name (without regard to case).
 */
export function namedPlace<A extends PlaceSource, S extends PlaceSource>(app: A, scopeName: string | undefined, findScope: (name: string) => S | undefined): PlaceOf<A, S> | undefined {
  if (scopeName === undefined) return placeIn<A, S>(app, undefined)
  const scope = findScope(scopeName)
  return scope ? placeIn(app, scope) : undefined
}

export function findApp(policy: PolicyStore, name: string): Application {
  const app = byName(policy.applications, name)
  if (!app) throw notFound('application', name, 'the store', policy.applications)
  return app
}

export function placeOf(app: Application, scope: Scope | undefined): Place {
  return placeIn(app, scope)
}

/** The place a change names; a scope that does not exist is an error. */
export function findPlace(policy: PolicyStore, appName: string, scopeName: string | undefined): Place {
  const app = findApp(policy, appName)
  const place = namedPlace(app, scopeName, (name) => byName(app.scopes, name))
  if (!place) throw notFound('scope', scopeName ?? '', `application ${quote(app.name)}`, app.scopes)
  return place
}

/** Like {@link findPlace}, but undefined when the scope does not exist (for idempotent deletes). */
export function maybePlace(policy: PolicyStore, appName: string, scopeName: string | undefined): Place | undefined {
  const app = findApp(policy, appName)
  return namedPlace(app, scopeName, (name) => byName(app.scopes, name))
}

export function findOperation(app: Application, ref: OperationRef): Operation {
  const op = typeof ref === 'number' ? app.operations.find((o) => operationNumber(o) === ref) : byName(app.operations, ref)
  if (!op) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_NOT_FOUND', `no operation ${typeof ref === 'number' ? `with OperationID ${ref}` : quote(ref)} in application ${quote(app.name)}`)
  }
  return op
}

/** A task or role definition visible from a place: the place's own, then the application's. */
export function findTask(place: Place, name: string, kind: 'task' | 'role-definition' | 'either'): Task {
  const found = byName(place.tasks, name) ?? (place.scope ? byName(place.app.tasks, name) : undefined)
  const label = kind === 'role-definition' ? 'role definition' : kind === 'task' ? 'task' : 'task or role definition'
  if (!found) {
    const candidates = [...place.tasks, ...(place.scope ? place.app.tasks : [])].filter((t) => kind === 'either' || t.roleDefinition === (kind === 'role-definition'))
    throw notFound(label, name, place.label, candidates)
  }
  if (kind !== 'either' && found.roleDefinition !== (kind === 'role-definition')) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${quote(found.name)} in ${place.label} is a ${found.roleDefinition ? 'role definition' : 'task'}, not a ${label}`)
  }
  return found
}

/** A group visible from a place: its own, the application's, the store's. */
export function findVisibleGroup(policy: PolicyStore, place: Place, name: string): ApplicationGroup {
  const found = byName(place.groups, name) ?? (place.scope ? byName(place.app.groups, name) : undefined) ?? byName(policy.groups, name)
  if (!found) throw notFound('application group', name, `${place.label} or the store`, [...place.groups, ...(place.scope ? place.app.groups : []), ...policy.groups])
  return found
}
