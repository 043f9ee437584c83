import { Type, type Static, type TProperties, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import type { Access } from './context.js'
import { AppName, PathName, Problem, ReadHeaders, ScopeName, StoreName, WriteHeaders, WriteQuery } from './schemas/common.js'
import type { ObjectKind } from '../model/limits.js'
import { ExpiringWriteOutcome, FullExpiringWriteOutcome, FullWriteOutcome, WriteOutcome } from './schemas/plan.js'

/** One reference object per shared response schema, so each is compiled once (see the validation plugin). */
export const PROBLEM = Type.Ref(Problem)
/** A write's answer: its plan's edits in their public shape, or in full with `?detail=full`. */
export const WRITE_OUTCOME = Type.Union([Type.Ref(WriteOutcome), Type.Ref(FullWriteOutcome)])
/** The answer of a write that adds members: {@link WRITE_OUTCOME} with the expiry it recorded (`"expiresAt"` in the body). */
export const EXPIRING_WRITE_OUTCOME = Type.Union([Type.Ref(ExpiringWriteOutcome), Type.Ref(FullExpiringWriteOutcome)])

/** Problem responses a route documents, by status. */
export function problems(...statuses: readonly number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {}
  for (const s of statuses) out[s] = PROBLEM
  return out
}

/** The problems of every read route (422: a store azman refuses to evaluate, for the access routes) and of every write route. */
export const READ_PROBLEMS = [400, 401, 403, 404, 422, 429, 500] as const
export const WRITE_PROBLEMS = [400, 401, 403, 404, 409, 412, 413, 429, 500] as const

/** Where a route lives: the store, an application, or a scope of one. */
export type Level = 'store' | 'app' | 'scope'

const PREFIX: Readonly<Record<Level, string>> = {
  store: '/stores/:store',
  app: '/stores/:store/applications/:app',
  scope: '/stores/:store/applications/:app/scopes/:scope',
}

const PLACE_PARAMS: Readonly<Record<Level, TProperties>> = {
  store: { store: StoreName },
  app: { store: StoreName, app: AppName },
  scope: { store: StoreName, app: AppName, scope: ScopeName },
}

/** The path parameters every place route has: `app` and `scope` only at their levels. */
export interface Place {
  readonly store: string
  readonly app?: string
  readonly scope?: string
}

export interface PlaceRoute<B extends TSchema | undefined, P extends string, Q extends TSchema | undefined = undefined> {
  readonly method: HTTPMethods
  /** At which levels the route exists; each gets its own URL. */
  readonly levels: readonly Level[]
  /** The path after the place, e.g. `/role-assignments/:name/members`. */
  readonly path: string
  /** Names of the extra path parameters in `path` (strings). */
  readonly params?: readonly P[]
  readonly body?: B
  /** The query string of a read (writes take {@link WriteQuery}). */
  readonly query?: Q
  readonly response: TSchema
  readonly access: Access
  readonly summary: string
  readonly tags: readonly string[]
  /** A write: takes `?dryRun`, `?force`, `If-Match` and `Azman-Reason`. */
  readonly write?: boolean
  readonly handler: (input: {
    readonly request: FastifyRequest
    readonly reply: FastifyReply
    readonly params: Place & Readonly<Record<P, string>>
    readonly body: B extends TSchema ? Static<B> : undefined
    readonly query: Q extends TSchema ? Static<Q> : Static<typeof WriteQuery>
    readonly headers: Static<typeof WriteHeaders>
  }) => Promise<unknown>
}

/** The kind of object a `:name` names, by the collection before it in the path. */
const KIND_OF_COLLECTION: Readonly<Record<string, ObjectKind>> = { tasks: 'task', 'role-definitions': 'role-definition', 'role-assignments': 'role-assignment', groups: 'group' }

/** The schema of an extra path parameter: a name of its kind, held to AzMan's limit for it. */
function nameParam(path: string, param: string): TSchema {
  const segments = path.split('/')
  const kind = KIND_OF_COLLECTION[segments[segments.indexOf(`:${param}`) - 1] ?? '']
  if (kind === undefined) throw new Error(`bug: no kind of object for :${param} in ${path}`)
  return PathName(kind, 'Name')
}

/**
 * Registers one route at each of its levels (`/stores/{store}/...`,
 * `/stores/{store}/applications/{app}/...`, `.../scopes/{scope}/...`), with
 * one schema per URL (path parameters are all required in OpenAPI). The
 * handler gets the request's parts as the schemas validated them.
 */
export function placeRoute<B extends TSchema | undefined = undefined, P extends string = never, Q extends TSchema | undefined = undefined>(app: FastifyInstance, route: PlaceRoute<B, P, Q>): void {
  for (const level of route.levels) {
    const extra: TProperties = {}
    for (const p of route.params ?? []) extra[p] = nameParam(route.path, p)
    app.route({
      method: route.method,
      url: `${PREFIX[level]}${route.path}`,
      config: { access: route.access },
      schema: {
        summary: level === 'store' ? route.summary : `${route.summary} (${level === 'app' ? 'application level' : 'in a scope'})`,
        tags: [...route.tags],
        params: Type.Object({ ...PLACE_PARAMS[level], ...extra }),
        ...(route.body === undefined ? {} : { body: route.body }),
        ...(route.write === true ? { querystring: WriteQuery, headers: WriteHeaders } : { headers: ReadHeaders, ...(route.query === undefined ? {} : { querystring: route.query }) }),
        response: {
          200: route.response,
          ...(route.write === true ? {} : { 304: Type.Null({ description: 'Not modified: the store is still at the If-None-Match version' }) }),
          ...problems(...(route.write === true ? WRITE_PROBLEMS : READ_PROBLEMS)),
        },
      },
      handler: async (request, reply) =>
        route.handler({
          request,
          reply,
          // The schemas above validated these parts.
          params: request.params as Place & Readonly<Record<P, string>>,
          body: request.body as B extends TSchema ? Static<B> : undefined,
          query: (request.query ?? {}) as Q extends TSchema ? Static<Q> : Static<typeof WriteQuery>,
          headers: request.headers as Static<typeof WriteHeaders>,
        }),
    })
  }
}

/** `{app, scope?}` of a route that exists at application and scope level only. */
export function appPlace(params: Place): { app: string; scope?: string } {
  if (params.app === undefined) throw new Error('bug: an application-level route without {app}')
  return params.scope === undefined ? { app: params.app } : { app: params.app, scope: params.scope }
}

/** `{app?, scope?}` of a group route (the store, an application or a scope). */
export function groupPlace(params: Place): { app?: string; scope?: string } {
  return { ...(params.app === undefined ? {} : { app: params.app }), ...(params.scope === undefined ? {} : { scope: params.scope }) }
}
