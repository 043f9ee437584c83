import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { ALLOW_BROAD } from '../change-set/schema/change-set.js'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ExpiringWrite } from '../expiry/expiring-write.js'
import type { Change } from '../change-set/change.js'
import { changeRequest } from '../delegation/write-requests.js'
import { EXPIRING_WRITE_OUTCOME, WRITE_OUTCOME, placeRoute, type Place, type PlaceRoute } from './route-kit.js'
import { respondWithWrite } from './write-route.js'

/** A route that makes one change to the store: a {@link PlaceRoute} whose handler is the change it asks for. */
export interface ChangeRoute<B extends TSchema | undefined, P extends string> extends Omit<PlaceRoute<B, P>, 'write' | 'access' | 'response' | 'query' | 'handler'> {
  /** The change the request asks for, from its validated path parameters and body. */
  readonly change: (input: { readonly params: Place & Readonly<Record<P, string>>; readonly body: B extends TSchema ? Static<B> : undefined }) => Change
  /**
   * For a route that adds members: the expiry its body asks for (`"expiresAt"`, see `expiringWriteOf`), checked
   * before the write and recorded after it; the answer is then {@link EXPIRING_WRITE_OUTCOME}.
   */
  readonly expiring?: (input: {
    readonly request: FastifyRequest
    readonly params: Place & Readonly<Record<P, string>>
    readonly body: B extends TSchema ? Static<B> : undefined
  }) => Promise<ExpiringWrite | undefined>
}

/**
 * Registers a write route (operator access, {@link WRITE_OUTCOME} answer, `?dryRun`, `?force`, `If-Match`,
 * `Azman-Reason`) that runs the one change `route.change` names, as the CLI's write commands do.
 */
export function placeChangeRoute<B extends TSchema | undefined = undefined, P extends string = never>(app: FastifyInstance, route: ChangeRoute<B, P>): void {
  const { change, expiring, ...rest } = route
  placeRoute<B, P>(app, {
    ...rest,
    ...(rest.body === undefined ? {} : { body: withAllowBroad(rest.body) }),
    write: true,
    access: 'operator',
    response: expiring === undefined ? WRITE_OUTCOME : EXPIRING_WRITE_OUTCOME,
    handler: async ({ request, reply, params, body, query, headers }) => {
      // "allowBroad" is the write's setting, not part of the change.
      const { allowBroad, ...asked } = (body ?? {}) as { allowBroad?: boolean }
      const changeBody = (body === undefined ? body : asked) as typeof body
      const expiry = await expiring?.({ request, params, body: changeBody })
      const input = { query, headers, ...(allowBroad === undefined ? {} : { body: { allowBroad } }) }
      return respondWithWrite(request, reply, params.store, changeRequest(change({ params, body: changeBody })), input, expiry)
    },
  })
}

/** A write body's object schema with the optional `"allowBroad"` field every write body takes (as `?allowBroad=true`). */
export function withAllowBroad<B extends TSchema>(body: B): B {
  if (body.type !== 'object' || typeof body.properties !== 'object') return body
  return { ...body, properties: { ...(body.properties as object), allowBroad: Type.Optional(ALLOW_BROAD) } }
}
