import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { changeRequest } from '../../delegation/write-requests.js'
import { WRITE_OUTCOME, appPlace, placeRoute } from '../route-kit.js'
import { respondWithWrite } from '../write-route.js'

/** Scopes: create, rename, delete (with everything in them). `azman scope ...`. */
export async function scopeWriteRoutes(app: FastifyInstance): Promise<void> {
  const common = { write: true, access: 'operator', tags: ['scopes'], response: WRITE_OUTCOME } as const
  placeRoute(app, {
    ...common,
    method: 'POST',
    levels: ['app'],
    path: '/scopes',
    body: Type.Object({ name: Type.String({ minLength: 1 }), description: Type.Optional(Type.String()) }, { additionalProperties: false }),
    summary: 'Create a scope',
    handler: async ({ request, reply, params, body, query, headers }) =>
      respondWithWrite(request, reply, params.store, changeRequest({ type: 'create-scope', app: appPlace(params).app, ...body }), { query, headers }),
  })
  placeRoute(app, {
    ...common,
    method: 'PATCH',
    levels: ['scope'],
    path: '',
    body: Type.Object({ newName: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    summary: 'Rename a scope (Hyper-V moves the VMs bound to the old name to the default scope)',
    handler: async ({ request, reply, params, body, query, headers }) =>
      respondWithWrite(request, reply, params.store, changeRequest({ type: 'rename-scope', app: appPlace(params).app, name: params.scope ?? '', newName: body.newName }), { query, headers }),
  })
  placeRoute(app, {
    ...common,
    method: 'DELETE',
    levels: ['scope'],
    path: '',
    summary: 'Delete a scope with everything in it',
    handler: async ({ request, reply, params, query, headers }) =>
      respondWithWrite(request, reply, params.store, changeRequest({ type: 'delete-scope', app: appPlace(params).app, name: params.scope ?? '' }), { query, headers }),
  })
}
