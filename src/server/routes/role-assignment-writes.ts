import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { placeChangeRoute } from '../change-route.js'
import { appPlace } from '../route-kit.js'
import { Names, PrincipalRef } from '../schemas/common.js'
import { List, Nullable } from '../schemas/types.js'
import { EXPIRES_AT, expiringWriteOf } from '../expiring-write.js'

const Granted = Type.Object({ roleDefinitions: Type.Optional(Names), tasks: Type.Optional(Names) }, { additionalProperties: false, description: 'Role definitions and tasks, by name' })
const Members = Type.Object(
  {
    members: List(Type.Ref(PrincipalRef), {
      minItems: 1,
      description: '{"sid"}, {"account"} (a well-known name, or a domain account resolved through the service\'s directory) or {"group"} (an application group)',
    }),
  },
  { additionalProperties: false },
)
/** The members to add, and when they leave (optional). */
const AddedMembers = Type.Object({ ...Members.properties, expiresAt: Type.Optional(EXPIRES_AT) }, { additionalProperties: false })

/**
 * Role assignments (steps 3 to 5 of the delegation workflow): create, add and
 * remove members, add and remove role definitions and tasks, rename, delete.
 * `azman role-assignment ...`.
 */
export async function roleAssignmentWriteRoutes(app: FastifyInstance): Promise<void> {
  const common = { levels: ['app', 'scope'], tags: ['role assignments'] } as const
  placeChangeRoute(app, {
    ...common,
    method: 'POST',
    path: '/role-assignments',
    body: Type.Object({ name: Type.String({ minLength: 1 }), ...Granted.properties, description: Type.Optional(Type.String()) }, { additionalProperties: false }),
    summary: 'Create a role assignment (at application level it applies in every scope: prefer a scope)',
    change: ({ params, body }) => ({ type: 'create-role-assignment', ...appPlace(params), ...body }),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'PATCH',
    path: '/role-assignments/:name',
    params: ['name'],
    body: Type.Object({ newName: Type.Optional(Type.String({ minLength: 1 })), description: Type.Optional(Nullable(Type.String())) }, { additionalProperties: false }),
    summary: 'Rename a role assignment or set its description',
    change: ({ params, body }) => ({ type: 'update-role-assignment', ...appPlace(params), name: params.name, ...body }),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'DELETE',
    path: '/role-assignments/:name',
    params: ['name'],
    summary: 'Delete a role assignment',
    change: ({ params }) => ({ type: 'delete-role-assignment', ...appPlace(params), name: params.name }),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'POST',
    path: '/role-assignments/:name/members',
    params: ['name'],
    body: AddedMembers,
    summary: 'Add members to a role assignment (step 4: assign users and groups), until a time with "expiresAt"',
    change: ({ params, body }) => ({ type: 'add-role-assignment-members', ...appPlace(params), roleAssignment: params.name, members: body.members }),
    expiring: ({ request, params, body }) => expiringWriteOf(request, params.store, body.expiresAt, body.members),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'DELETE',
    path: '/role-assignments/:name/members',
    params: ['name'],
    body: Members,
    summary: 'Remove members from a role assignment',
    change: ({ params, body }) => ({ type: 'remove-role-assignment-members', ...appPlace(params), roleAssignment: params.name, members: body.members }),
  })
  for (const method of ['POST', 'DELETE'] as const) {
    const add = method === 'POST'
    placeChangeRoute(app, {
      ...common,
      method,
      path: '/role-assignments/:name/tasks',
      params: ['name'],
      body: Granted,
      summary: add ? 'Grant role definitions and tasks through a role assignment (step 5: add the wanted tasks)' : 'Take role definitions and tasks out of a role assignment',
      change: ({ params, body }) => ({ type: add ? 'add-role-assignment-tasks' : 'remove-role-assignment-tasks', ...appPlace(params), roleAssignment: params.name, ...body }),
    })
  }
}
