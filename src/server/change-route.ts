import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ALLOW_BROAD } from '../change-set/schema/change-set.js'
import type { FastifyInstance } from 'fastify'
import type { Change } from '../change-set/change.js'
import { changeRequest } from '../delegation/write-requests.js'
import { WRITE_OUTCOME, placeRoute, type Place, type PlaceRoute } from './route-kit.js'
import { respondWithWrite } from './write-route.js'

/** A route that makes one change to the store: a {@link PlaceRoute} whose handler is the change it asks for. */
export interface ChangeRoute<B extends TSchema | undefined, P extends string> extends Omit<PlaceRoute<B, P>, 'write' | 'access' | 'response' | 'query' | 'handler'> {
  /** The change the request asks for, from its validated path parameters and body. */
  readonly change: (input: { readonly params: Place & Readonly<Record<P, string>>; readonly body: B extends TSchema ? Static<B> : undefined }) => Change
}

/**
 * Registers a write route (operator access, {@link WRITE_OUTCOME} answer, `?dryRun`, `?force`, `If-Match`,
 * `Azman-Reason`) that runs the one change `route.change` names, as the CLI's write commands do.
 */
export function placeChangeRoute<B extends TSchema | undefined = undefined, P extends string = never>(app: FastifyInstance, route: ChangeRoute<B, P>): void {
  const { change, ...rest } = route
  placeRoute<B, P>(app, {
    ...rest,
    ...(rest.body === undefined ? {} : { body: withAllowBroad(rest.body) }),
    write: true,
    access: 'operator',
    response: WRITE_OUTCOME,
    handler: async ({ request, reply, params, body, query, headers }) => {
      // "allowBroad" is the write's setting, not part of the change.
      const { allowBroad, ...asked } = (body ?? {}) as { allowBroad?: boolean }
      const changeBody = (body === undefined ? body : asked) as typeof body
      return respondWithWrite(request, reply, params.store, changeRequest(change({ params, body: changeBody })), { query, headers, ...(allowBroad === undefined ? {} : { body: { allowBroad } }) })
    },
  })
}

/** A write body's object schema with the optional `"allowBroad"` field every write body takes (as `?allowBroad=true`). */
export function withAllowBroad<B extends TSchema>(body: B): B {
  if (body.type !== 'object' || typeof body.properties !== 'object') return body
  return { ...body, properties: { ...(body.properties as object), allowBroad: Type.Optional(ALLOW_BROAD) } }
}
