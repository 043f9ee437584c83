import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { changeRequest } from '../../delegation/write-requests.js'
import { WRITE_OUTCOME, appPlace, placeRoute } from '../route-kit.js'
import { BizRuleSpec } from '../schemas/change.js'
import { Names, OperationRef } from '../schemas/common.js'
import { List, Nullable } from '../schemas/types.js'
import { respondWithWrite } from '../write-route.js'

const operations = Type.Optional(List(Type.Ref(OperationRef), { description: 'OperationIDs (integers) or operation names' }))
const nested = Type.Optional(Names)

const CreateBody = Type.Object(
  { name: Type.String({ minLength: 1 }), operations, tasks: nested, description: Type.Optional(Type.String()), bizRule: Type.Optional(Type.Ref(BizRuleSpec)) },
  { additionalProperties: false },
)
const UpdateBody = Type.Object(
  {
    newName: Type.Optional(Type.String({ minLength: 1 })),
    description: Type.Optional(Nullable(Type.String())),
    bizRule: Type.Optional(Nullable(Type.Ref(BizRuleSpec))),
    addOperations: operations,
    removeOperations: operations,
    addTasks: nested,
    removeTasks: nested,
  },
  { additionalProperties: false },
)

/**
 * Tasks and role definitions (steps 1 and 2 of the delegation workflow):
 * create, change (rename, add or remove operations and nested tasks), delete.
 * `azman task ...` and `azman role-definition ...`.
 */
export async function taskWriteRoutes(app: FastifyInstance): Promise<void> {
  for (const kind of ['task', 'role-definition'] as const) {
    const path = kind === 'task' ? '/tasks' : '/role-definitions'
    const label = kind === 'task' ? 'task' : 'role definition'
    const tags = [kind === 'task' ? 'tasks' : 'role definitions']
    placeRoute(app, {
      method: 'POST',
      levels: ['app', 'scope'],
      path,
      body: CreateBody,
      write: true,
      access: 'operator',
      summary: `Create a ${label}`,
      tags,
      response: WRITE_OUTCOME,
      handler: async ({ request, reply, params, body, query, headers }) =>
        respondWithWrite(request, reply, params.store, changeRequest({ type: kind === 'task' ? 'create-task' : 'create-role-definition', ...appPlace(params), ...body }), { query, headers }),
    })
    placeRoute(app, {
      method: 'PATCH',
      levels: ['app', 'scope'],
      path: `${path}/:name`,
      params: ['name'],
      body: UpdateBody,
      write: true,
      access: 'operator',
      summary: `Change a ${label}: rename it, add or remove operations and nested tasks, set its description or business rule`,
      tags,
      response: WRITE_OUTCOME,
      handler: async ({ request, reply, params, body, query, headers }) =>
        respondWithWrite(request, reply, params.store, changeRequest({ type: kind === 'task' ? 'update-task' : 'update-role-definition', ...appPlace(params), name: params.name, ...body }), {
          query,
          headers,
        }),
    })
    placeRoute(app, {
      method: 'DELETE',
      levels: ['app', 'scope'],
      path: `${path}/:name`,
      params: ['name'],
      write: true,
      access: 'operator',
      summary: `Delete a ${label} (refused while something links to it)`,
      tags,
      response: WRITE_OUTCOME,
      handler: async ({ request, reply, params, query, headers }) =>
        respondWithWrite(request, reply, params.store, changeRequest({ type: kind === 'task' ? 'delete-task' : 'delete-role-definition', ...appPlace(params), name: params.name }), { query, headers }),
    })
  }
}
