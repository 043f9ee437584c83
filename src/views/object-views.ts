import { NotFoundError } from '../errors/lookup-error.js'
import { quote } from '../model/quote.js'
import type { ExportedTask } from './export-json.js'
import type { ShownApplication, ShownGroup, ShownRole, ShownScope, ShowView } from './show-view.js'

/**
 * Parts of the show view ({@link showView}) by name, as the REST service
 * serves them: one application, one scope, the tasks or role assignments of
 * one place, one object. Names match without regard to case, as in AzMan; a
 * name that matches nothing is {@link NotFoundError} naming what exists.
 */

/** An application without its contents. */
export interface ApplicationSummary {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly version?: string
}

/** What an application or one of its scopes holds. */
export interface PlaceView {
  readonly tasks: readonly ExportedTask[]
  readonly roleDefinitions: readonly ExportedTask[]
  readonly roleAssignments: readonly ShownRole[]
  readonly groups: readonly ShownGroup[]
}

function named<T extends { readonly name: string }>(items: readonly T[], name: string, what: string, where: string): T {
  const wanted = name.toLowerCase()
  const found = items.find((i) => i.name.toLowerCase() === wanted)
  if (found !== undefined) return found
  const known =
    items.length === 0
      ? 'there are none'
      : `known: ${items
          .slice(0, 8)
          .map((i) => quote(i.name))
          .join(', ')}${items.length > 8 ? `, and ${items.length - 8} more` : ''}`
  throw new NotFoundError(`no ${what} ${quote(name)} in ${where} (${known})`)
}

export function applicationSummaries(view: ShowView): ApplicationSummary[] {
  return view.applications.map((a) => ({
    name: a.name,
    guid: a.guid,
    ...(a.description === undefined ? {} : { description: a.description }),
    ...(a.version === undefined ? {} : { version: a.version }),
  }))
}

export function applicationOf(view: ShowView, app: string): ShownApplication {
  return named(view.applications, app, 'application', `store ${quote(view.store)}`)
}

export function scopeOf(view: ShowView, app: string, scope: string): ShownScope {
  const application = applicationOf(view, app)
  return named(application.scopes, scope, 'scope', `application ${quote(application.name)}`)
}

/** The tasks, role definitions, role assignments and groups of an application, or of one of its scopes. */
export function placeOf(view: ShowView, app: string, scope?: string): PlaceView & { readonly label: string } {
  const application = applicationOf(view, app)
  const holder = scope === undefined ? application : named(application.scopes, scope, 'scope', `application ${quote(application.name)}`)
  return {
    label: scope === undefined ? `application ${quote(application.name)}` : `application ${quote(application.name)} scope ${quote(holder.name)}`,
    tasks: holder.tasks.filter((t) => !t.roleDefinition),
    roleDefinitions: holder.tasks.filter((t) => t.roleDefinition),
    roleAssignments: holder.roles,
    groups: holder.groups,
  }
}

const WHAT: Readonly<Record<keyof PlaceView, string>> = { tasks: 'task', roleDefinitions: 'role definition', roleAssignments: 'role assignment', groups: 'application group' }

/** One task, role definition, role assignment or group of a place. */
export function objectOf<K extends keyof PlaceView>(view: ShowView, kind: K, name: string, app: string, scope?: string): PlaceView[K][number] {
  const place = placeOf(view, app, scope)
  const items: readonly PlaceView[K][number][] = place[kind]
  return named(items, name, WHAT[kind], place.label)
}

/** One operation, by OperationID (all digits) or name. */
export function operationOf(view: ShowView, app: string, ref: string): ShownApplication['operations'][number] {
  const application = applicationOf(view, app)
  if (/^-?[0-9]+$/.test(ref)) {
    const found = application.operations.find((o) => String(o.id) === String(Number(ref)))
    if (found !== undefined) return found
  }
  return named(application.operations, ref, 'operation', `application ${quote(application.name)}`)
}

/** One store-level group. */
export function storeGroupOf(view: ShowView, name: string): ShownGroup {
  return named(view.groups, name, 'store-level application group', `store ${quote(view.store)}`)
}
