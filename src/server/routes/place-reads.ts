import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { objectOf, placeOf, storeGroupOf, type PlaceView } from '../../views/object-views.js'
import { placeRoute, type Level } from '../route-kit.js'
import { sendVersioned, viewOf } from '../replies.js'
import { List } from '../schemas/types.js'
import { GroupView, RoleAssignmentView, TaskView } from '../schemas/views.js'

const KINDS = [
  { key: 'tasks', path: 'tasks', schema: TaskView, label: 'tasks', one: 'task', tag: 'tasks' },
  { key: 'roleDefinitions', path: 'role-definitions', schema: TaskView, label: 'role definitions', one: 'role definition', tag: 'role definitions' },
  { key: 'roleAssignments', path: 'role-assignments', schema: RoleAssignmentView, label: 'role assignments, with their members', one: 'role assignment', tag: 'role assignments' },
  { key: 'groups', path: 'groups', schema: GroupView, label: 'application groups', one: 'application group', tag: 'groups' },
] as const satisfies readonly { key: keyof PlaceView; path: string; schema: object; label: string; one: string; tag: string }[]

/**
 * The tasks, role definitions, role assignments and groups of an application
 * or a scope (groups also of the store), as lists and one by one.
 */
export async function placeReadRoutes(app: FastifyInstance): Promise<void> {
  const view = async (name: string) => {
    const store = app.azman.store(name)
    return viewOf(await store.load(), store.displayName)
  }
  for (const kind of KINDS) {
    const levels: readonly Level[] = kind.key === 'groups' ? ['store', 'app', 'scope'] : ['app', 'scope']
    placeRoute(app, {
      method: 'GET',
      levels,
      path: `/${kind.path}`,
      access: 'reader',
      summary: `The ${kind.label}`,
      tags: [kind.tag],
      response: Type.Object({ [kind.key]: List(Type.Ref(kind.schema)) }, { additionalProperties: false }),
      handler: async ({ request, reply, params }) => {
        const v = await view(params.store)
        const items = params.app === undefined ? v.groups : placeOf(v, params.app, params.scope)[kind.key]
        return sendVersioned(request, reply, v.version, { [kind.key]: items })
      },
    })
    placeRoute(app, {
      method: 'GET',
      levels,
      path: `/${kind.path}/:name`,
      params: ['name'],
      access: 'reader',
      summary: `One ${kind.one}`,
      tags: [kind.tag],
      response: Type.Ref(kind.schema),
      handler: async ({ request, reply, params }) => {
        const v = await view(params.store)
        const item = params.app === undefined ? storeGroupOf(v, params.name) : objectOf(v, kind.key, params.name, params.app, params.scope)
        return sendVersioned(request, reply, v.version, item)
      },
    })
  }
}
