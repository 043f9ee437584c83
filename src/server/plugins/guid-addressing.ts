import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { NotFoundError } from '../../errors/lookup-error.js'
import { guidKey, type Application, type PolicyObject, type PolicyStore, type Scope } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { HttpError } from '../http-status.js'
import { etagOf, ifMatchOf } from '../replies.js'

/** The path parameters that may hold a GUID instead of a name (`?byGuid=app,scope,name`). */
export const GUID_PARAMS = ['app', 'scope', 'name', 'operation'] as const
type GuidParam = (typeof GUID_PARAMS)[number]

/** A GUID as AzMan writes it, with or without braces. */
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i

/** The `byGuid` query parameter every route with a name in its path takes. */
export const BY_GUID = Type.String({
  pattern: `^(${GUID_PARAMS.join('|')})(,(${GUID_PARAMS.join('|')}))*$`,
  description:
    'Path parameters that hold a GUID instead of a name, comma-separated (e.g. scope, or app,scope,name): addresses objects whose names are too long for a URL (a scope name may have 65,536 characters). A query parameter, so it never collides with a name',
})

/** The collection a `:name` parameter names an object of (`tasks`, `role-assignments` ...): the path segment before it. */
function collectionOf(url: string): string {
  const segments = url.split('/')
  return segments[segments.indexOf(':name') - 1] ?? ''
}

/**
 * The object of `list` with this GUID. The route then finds it again by its
 * name, case-insensitively, the first of its `namespace` with that name: when
 * another object comes first under that name (a store read from disk with
 * names that differ only in case, which `validate` reports), the request
 * would reach that other object, so it is refused instead (409).
 */
function byGuid<T extends PolicyObject>(list: readonly T[], guid: string, what: string, where: string, namespace: readonly PolicyObject[] = list): T {
  const key = guidKey(guid)
  const found = list.find((o) => guidKey(o.guid) === key)
  if (found === undefined) throw new NotFoundError(`no ${what} with GUID ${guid} ${where}`)
  const name = found.name.toLowerCase()
  const first = namespace.find((o) => o.name.toLowerCase() === name)
  if (first !== found) {
    throw new HttpError(
      409,
      'AZMAN_ERR_AMBIGUOUS_NAME',
      `the ${what} with GUID ${guid} ${where} shares its name ${quote(found.name)} with another object there (names compare without case; azman validate reports it): rename one of them first`,
    )
  }
  return found
}

/** The collections whose `:name` is an object of the store (not, say, a template). */
const NAMED_COLLECTIONS: ReadonlySet<string> = new Set(['groups', 'tasks', 'role-definitions', 'role-assignments'])

/** The objects a `:name` of this collection may be, in a place. */
function namedIn(collection: string, place: PolicyStore | Application | Scope): { list: readonly PolicyObject[]; what: string; namespace?: readonly PolicyObject[] } | undefined {
  switch (collection) {
    case 'groups':
      return { list: place.groups, what: 'application group' }
    // Tasks and role definitions share one namespace (both are AzTask).
    case 'tasks':
      return 'tasks' in place ? { list: place.tasks.filter((t) => !t.roleDefinition), what: 'task', namespace: place.tasks } : undefined
    case 'role-definitions':
      return 'tasks' in place ? { list: place.tasks.filter((t) => t.roleDefinition), what: 'role definition', namespace: place.tasks } : undefined
    case 'role-assignments':
      return 'roleAssignments' in place ? { list: place.roleAssignments, what: 'role assignment' } : undefined
    default:
      return undefined
  }
}

/** The parameters `byGuid` lists, checked against the route's own. */
function guidParams(request: FastifyRequest, value: string): Set<GuidParam> {
  const params = request.params as Record<string, string | undefined>
  const asked = new Set(value.split(',') as GuidParam[])
  for (const p of asked) {
    if (params[p] === undefined) throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', `byGuid names {${p}}, which this route's path does not have`)
    if (!GUID.test(params[p])) throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', `{${p}} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), as byGuid says it is`)
  }
  if (asked.has('name') && !NAMED_COLLECTIONS.has(collectionOf(request.routeOptions.url ?? ''))) {
    throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', 'the {name} of this route is not an object of a store; byGuid cannot name it')
  }
  return asked
}

/**
 * The names of the objects a request addresses by GUID: its path parameters
 * with each one `byGuid` lists replaced by the name of the object with that
 * GUID (an application, then a scope of it, then the named object in that
 * place). 404 when there is none.
 */
export function resolveGuids(policy: PolicyStore, store: string, params: Readonly<Record<string, string | undefined>>, asked: ReadonlySet<GuidParam>, url: string): Record<string, string> {
  const out: Record<string, string> = {}
  const inStore = `in store ${quote(store)}`
  const appGuid = params.app
  let app: Application | undefined
  if (appGuid !== undefined) {
    app = asked.has('app') ? byGuid(policy.applications, appGuid, 'application', inStore) : policy.applications.find((a) => a.name.toLowerCase() === appGuid.toLowerCase())
    if (asked.has('app') && app !== undefined) out.app = app.name
  }
  const where = app === undefined ? inStore : `in application ${quote(app.name)}`
  let scope: Scope | undefined
  if (params.scope !== undefined) {
    const scopeRef = params.scope
    if (asked.has('scope')) {
      if (app === undefined) throw new NotFoundError(`no application ${quote(params.app ?? '')} ${inStore}`)
      scope = byGuid(app.scopes, scopeRef, 'scope', where)
      out.scope = scope.name
    } else scope = app?.scopes.find((s) => s.name.toLowerCase() === scopeRef.toLowerCase())
  }
  if (asked.has('operation') && params.operation !== undefined) {
    if (app === undefined) throw new NotFoundError(`no application ${quote(params.app ?? '')} ${inStore}`)
    out.operation = byGuid(app.operations, params.operation, 'operation', where).name
  }
  if (asked.has('name') && params.name !== undefined) {
    const place = scope ?? app ?? (params.app === undefined ? policy : undefined)
    if (place === undefined) throw new NotFoundError(`no application ${quote(params.app ?? '')} ${inStore}`)
    if (params.scope !== undefined && scope === undefined) throw new NotFoundError(`no scope ${quote(params.scope)} ${where}`)
    const named = namedIn(collectionOf(url), place)
    if (named === undefined) throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', 'the {name} of this route is not an object of a store; byGuid cannot name it')
    out.name = byGuid(named.list, params.name, named.what, scope === undefined ? where : `in scope ${quote(scope.name)}`, named.namespace).name
  }
  return out
}

/**
 * A write addressed by GUID goes through only at the version its GUIDs were
 * resolved on: the route finds the object again by name, and after a rename
 * in between, that name may be another object's. Without `If-Match` the
 * request gets that version as its `If-Match` (a store that moved on is 412,
 * ask again); an `If-Match` that does not name it is 412 at once.
 */
function pinVersion(request: FastifyRequest, version: string): void {
  if (request.method === 'GET' || request.method === 'HEAD') return
  const asked = ifMatchOf(request.headers['if-match'])
  if (asked === undefined) request.headers['if-match'] = etagOf(version)
  else if (!asked.includes(version)) {
    throw new HttpError(412, 'AZMAN_ERR_CONFLICT_PRECONDITION', `the store is at ${etagOf(version)}, which If-Match does not name; read it again`)
  }
}

const NO_QUERY = Type.Object({ byGuid: Type.Optional(BY_GUID) })
const extended = new WeakMap<TSchema, TSchema>()

/** Adds `byGuid` to a route's query schema (one without a schema gets one that takes anything else too); one copy per schema, so each is compiled once. */
function withByGuid(querystring: TSchema | undefined): TSchema {
  if (querystring === undefined) return NO_QUERY
  let out = extended.get(querystring)
  if (out === undefined) {
    const properties = (querystring as { properties?: Record<string, TSchema> }).properties ?? {}
    out = { ...querystring, properties: { ...properties, byGuid: Type.Optional(BY_GUID) } }
    extended.set(querystring, out)
  }
  return out
}

/**
 * Addressing by GUID: every route with an application, scope, operation or
 * object name in its path takes `?byGuid=<parameters>`, and the listed
 * parameters hold GUIDs instead of names. A scope name may have 65,536
 * characters, more than a URL can carry (Node reads 16 KB of request line
 * and headers), so every object the API can create stays addressable. The
 * GUIDs are resolved to names after authentication and validation, on the
 * store as it is then; a write that must reach exactly that object sends
 * `If-Match` as well.
 */
export const guidAddressing = fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      if (!GUID_PARAMS.some((p) => route.url.includes(`:${p}`))) return
      route.schema = { ...route.schema, querystring: withByGuid(route.schema?.querystring as TSchema | undefined) }
    })
    app.addHook('preHandler', async (request) => {
      const query = request.query as { byGuid?: string } | undefined
      if (query?.byGuid === undefined) return
      const asked = guidParams(request, query.byGuid)
      const params = request.params as Record<string, string | undefined>
      const store = app.azman.store(params.store ?? '')
      const snapshot = await store.load()
      Object.assign(params, resolveGuids(snapshot.policy, store.displayName, params, asked, request.routeOptions.url ?? ''))
      pinVersion(request, snapshot.version)
      delete query.byGuid
    })
  },
  { name: 'azman-guid-addressing' },
)
