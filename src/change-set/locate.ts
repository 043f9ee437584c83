import { InvalidChangeError } from '../errors/change-errors.js'
import { quote } from '../model/quote.js'
import { operationNumber, type Application, type ApplicationGroup, type Operation, type PolicyObject, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../model/policy.js'
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

/** The tasks, role definitions, role assignments and groups of an application or one of its scopes. */
export interface Place {
  readonly app: Application
  readonly scope: Scope | undefined
  readonly groups: readonly ApplicationGroup[]
  readonly tasks: readonly Task[]
  readonly roleAssignments: readonly RoleAssignment[]
  /** `application "X"` or `application "X" scope "Y"`, for messages. */
  readonly label: string
}

export function findApp(policy: PolicyStore, name: string): Application {
  const app = byName(policy.applications, name)
  if (!app) throw notFound('application', name, 'the store', policy.applications)
  return app
}

export function placeOf(app: Application, scope: Scope | undefined): Place {
  const label = `application ${quote(app.name)}${scope ? ` scope ${quote(scope.name)}` : ''}`
  return scope
    ? { app, scope, groups: scope.groups, tasks: scope.tasks, roleAssignments: scope.roleAssignments, label }
    : { app, scope: undefined, groups: app.groups, tasks: app.tasks, roleAssignments: app.roleAssignments, label }
}

/** The place a change names; a scope that does not exist is an error. */
export function findPlace(policy: PolicyStore, appName: string, scopeName: string | undefined): Place {
  const app = findApp(policy, appName)
  if (scopeName === undefined) return placeOf(app, undefined)
  const scope = byName(app.scopes, scopeName)
  if (!scope) throw notFound('scope', scopeName, `application ${quote(app.name)}`, app.scopes)
  return placeOf(app, scope)
}

/** Like {@link findPlace}, but undefined when the scope does not exist (for idempotent deletes). */
export function maybePlace(policy: PolicyStore, appName: string, scopeName: string | undefined): Place | undefined {
  const app = findApp(policy, appName)
  if (scopeName === undefined) return placeOf(app, undefined)
  const scope = byName(app.scopes, scopeName)
  return scope ? placeOf(app, scope) : undefined
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
