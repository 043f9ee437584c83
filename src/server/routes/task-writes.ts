import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { placeChangeRoute } from '../change-route.js'
import { appPlace } from '../route-kit.js'
import { BizRuleSpec } from '../schemas/change.js'
import { Names, OperationRef } from '../schemas/common.js'
import { List, Nullable } from '../schemas/types.js'

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
    placeChangeRoute(app, {
      method: 'POST',
      levels: ['app', 'scope'],
      path,
      body: CreateBody,
      summary: `Create a ${label}`,
      tags,
      change: ({ params, body }) => ({ type: kind === 'task' ? 'create-task' : 'create-role-definition', ...appPlace(params), ...body }),
    })
    placeChangeRoute(app, {
      method: 'PATCH',
      levels: ['app', 'scope'],
      path: `${path}/:name`,
      params: ['name'],
      body: UpdateBody,
      summary: `Change a ${label}: rename it, add or remove operations and nested tasks, set its description or business rule`,
      tags,
      change: ({ params, body }) => ({ type: kind === 'task' ? 'update-task' : 'update-role-definition', ...appPlace(params), name: params.name, ...body }),
    })
    placeChangeRoute(app, {
      method: 'DELETE',
      levels: ['app', 'scope'],
      path: `${path}/:name`,
      params: ['name'],
      summary: `Delete a ${label} (refused while something links to it)`,
      tags,
      change: ({ params }) => ({ type: kind === 'task' ? 'delete-task' : 'delete-role-definition', ...appPlace(params), name: params.name }),
    })
  }
}
