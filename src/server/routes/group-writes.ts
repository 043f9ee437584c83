import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { placeChangeRoute } from '../change-route.js'
import { groupPlace } from '../route-kit.js'
import { PrincipalRef } from '../schemas/common.js'
import { List, Nullable } from '../schemas/types.js'

const principals = Type.Optional(List(Type.Ref(PrincipalRef)))

/**
 * Application groups of the store, an application or a scope: create, change,
 * add and remove members and non-members, delete. `azman group ...`.
 */
export async function groupWriteRoutes(app: FastifyInstance): Promise<void> {
  const common = { levels: ['store', 'app', 'scope'], tags: ['groups'] } as const
  placeChangeRoute(app, {
    ...common,
    method: 'POST',
    path: '/groups',
    body: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        groupType: Type.Optional(Type.Union([Type.Literal('Basic'), Type.Literal('LdapQuery')], { description: 'Default: LdapQuery with an ldapQuery, Basic otherwise' })),
        ldapQuery: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        members: principals,
        nonMembers: principals,
      },
      { additionalProperties: false },
    ),
    summary: 'Create an application group',
    change: ({ params, body }) => {
      const { groupType, ...rest } = body
      const type = groupType ?? (body.ldapQuery === undefined ? 'Basic' : 'LdapQuery')
      return { type: 'create-group', ...groupPlace(params), groupType: type, ...rest }
    },
  })
  placeChangeRoute(app, {
    ...common,
    method: 'PATCH',
    path: '/groups/:name',
    params: ['name'],
    body: Type.Object(
      { newName: Type.Optional(Type.String({ minLength: 1 })), description: Type.Optional(Nullable(Type.String())), ldapQuery: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
    summary: 'Rename an application group, or set its description or LDAP query',
    change: ({ params, body }) => ({ type: 'update-group', ...groupPlace(params), name: params.name, ...body }),
  })
  placeChangeRoute(app, {
    ...common,
    method: 'DELETE',
    path: '/groups/:name',
    params: ['name'],
    summary: 'Delete an application group',
    change: ({ params }) => ({ type: 'delete-group', ...groupPlace(params), name: params.name }),
  })
  for (const method of ['POST', 'DELETE'] as const) {
    placeChangeRoute(app, {
      ...common,
      method,
      path: '/groups/:name/members',
      params: ['name'],
      body: Type.Object({ members: principals, nonMembers: principals }, { additionalProperties: false, minProperties: 1 }),
      summary: method === 'POST' ? 'Add members and non-members to an application group' : 'Remove members and non-members from an application group',
      change: ({ params, body }) => ({ type: method === 'POST' ? 'add-group-members' : 'remove-group-members', ...groupPlace(params), group: params.name, ...body }),
    })
  }
}
