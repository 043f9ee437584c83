import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { changeRequest } from '../../delegation/write-requests.js'
import { WRITE_OUTCOME, appPlace, placeRoute } from '../route-kit.js'
import { Names, PrincipalRef } from '../schemas/common.js'
import { List, Nullable } from '../schemas/types.js'
import { respondWithWrite } from '../write-route.js'

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

/**
 * Role assignments (steps 3 to 5 of the delegation workflow): create, add and
 * remove members, add and remove role definitions and tasks, rename, delete.
 * `azman role-assignment ...`.
 */
export async function roleAssignmentWriteRoutes(app: FastifyInstance): Promise<void> {
  const common = { levels: ['app', 'scope'], write: true, access: 'operator', tags: ['role assignments'], response: WRITE_OUTCOME } as const
  placeRoute(app, {
    ...common,
    method: 'POST',
    path: '/role-assignments',
    body: Type.Object({ name: Type.String({ minLength: 1 }), ...Granted.properties, description: Type.Optional(Type.String()) }, { additionalProperties: false }),
    summary: 'Create a role assignment (at application level it applies in every scope: prefer a scope)',
    handler: async ({ request, reply, params, body, query, headers }) =>
      respondWithWrite(request, reply, params.store, changeRequest({ type: 'create-role-assignment', ...appPlace(params), ...body }), { query, headers }),
  })
  placeRoute(app, {
    ...common,
    method: 'PATCH',
    path: '/role-assignments/:name',
    params: ['name'],
    body: Type.Object({ newName: Type.Optional(Type.String({ minLength: 1 })), description: Type.Optional(Nullable(Type.String())) }, { additionalProperties: false }),
    summary: 'Rename a role assignment or set its description',
    handler: async ({ request, reply, params, body, query, headers }) =>
      respondWithWrite(request, reply, params.store, changeRequest({ type: 'update-role-assignment', ...appPlace(params), name: params.name, ...body }), { query, headers }),
  })
  placeRoute(app, {
    ...common,
    method: 'DELETE',
    path: '/role-assignments/:name',
    params: ['name'],
    summary: 'Delete a role assignment',
    handler: async ({ request, reply, params, query, headers }) =>
      respondWithWrite(request, reply, params.store, changeRequest({ type: 'delete-role-assignment', ...appPlace(params), name: params.name }), { query, headers }),
  })
  for (const method of ['POST', 'DELETE'] as const) {
    const add = method === 'POST'
    placeRoute(app, {
      ...common,
      method,
      path: '/role-assignments/:name/members',
      params: ['name'],
      body: Members,
      summary: add ? 'Add members to a role assignment (step 4: assign users and groups)' : 'Remove members from a role assignment',
      handler: async ({ request, reply, params, body, query, headers }) =>
        respondWithWrite(
          request,
          reply,
          params.store,
          changeRequest({ type: add ? 'add-role-assignment-members' : 'remove-role-assignment-members', ...appPlace(params), roleAssignment: params.name, members: body.members }),
          { query, headers },
        ),
    })
    placeRoute(app, {
      ...common,
      method,
      path: '/role-assignments/:name/tasks',
      params: ['name'],
      body: Granted,
      summary: add ? 'Grant role definitions and tasks through a role assignment (step 5: add the wanted tasks)' : 'Take role definitions and tasks out of a role assignment',
      handler: async ({ request, reply, params, body, query, headers }) =>
        respondWithWrite(
          request,
          reply,
          params.store,
          changeRequest({ type: add ? 'add-role-assignment-tasks' : 'remove-role-assignment-tasks', ...appPlace(params), roleAssignment: params.name, ...body }),
          { query, headers },
        ),
    })
  }
}
