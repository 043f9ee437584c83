import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { placeChangeRoute } from '../change-route.js'
import { appPlace } from '../route-kit.js'

/** Scopes: create, rename, delete (with everything in them). `azman scope ...`. */
export async function scopeWriteRoutes(app: FastifyInstance): Promise<void> {
  const common = { tags: ['scopes'] } as const
  placeChangeRoute(app, {
    ...common,
    method: 'POST',
    levels: ['app'],
    path: '/scopes',
    body: Type.Object({ name: Type.String({ minLength: 1 }), description: Type.Optional(Type.String()) }, { additionalProperties: false }),
    summary: 'Create a scope',
    change: ({ params, body }) => ({ type: 'create-scope', app: appPlace(params).app, ...body }),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'PATCH',
    levels: ['scope'],
    path: '',
    body: Type.Object({ newName: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    summary: 'Rename a scope (Hyper-V moves the VMs bound to the old name to the default scope)',
    change: ({ params, body }) => ({ type: 'rename-scope', app: appPlace(params).app, name: params.scope ?? '', newName: body.newName }),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'DELETE',
    levels: ['scope'],
    path: '',
    summary: 'Delete a scope with everything in it',
    change: ({ params }) => ({ type: 'delete-scope', app: appPlace(params).app, name: params.scope ?? '' }),
  })
}
