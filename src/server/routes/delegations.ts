import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { ALLOW_BROAD } from '../../change-set/schema/change-set.js'
import { delegateRequest, undelegateRequest } from '../../delegation/write-requests.js'
import { resolvePrincipalsWith } from '../../principals/account-sids.js'
import { loadShippedTemplate } from '../../templates/load-template.js'
import { EXPIRING_WRITE_OUTCOME, WRITE_OUTCOME, appPlace, placeRoute } from '../route-kit.js'
import type { PrincipalRef as Member } from '../../change-set/change.js'
import { OperationRef, PrincipalRef } from '../schemas/common.js'
import { List } from '../schemas/types.js'
import { deprecatedAs, renamedField } from '../schemas/aliases.js'
import { respondWithWrite } from '../write-route.js'
import { EXPIRES_AT, expiringWriteOf } from '../expiring-write.js'

const MEMBERS = '{"sid"}, {"account"} (a well-known name, or a domain account resolved through the service\'s directory) or {"group"} (an application group); required'
const members = Type.Optional(List(Type.Ref(PrincipalRef), { minItems: 1, description: MEMBERS }))
const principals = Type.Optional(List(Type.Ref(PrincipalRef), { minItems: 1, ...deprecatedAs('members') }))

/** The members of a delegation body, given as `members` or by their deprecated name `principals`. */
function membersOf(body: { readonly members?: readonly Member[] | undefined; readonly principals?: readonly Member[] | undefined }): readonly Member[] {
  return renamedField(['members', body.members], ['principals', body.principals], true)
}

/**
 * The delegation workflow in one call, and its undoing: `azman delegate` and
 * `azman undelegate`, in an application or (better) a scope.
 */
export async function delegationRoutes(app: FastifyInstance): Promise<void> {
  const common = { levels: ['app', 'scope'], write: true, access: 'operator', tags: ['delegation'], response: WRITE_OUTCOME } as const
  placeRoute(app, {
    ...common,
    response: EXPIRING_WRITE_OUTCOME,
    method: 'POST',
    path: '/delegations',
    body: Type.Object(
      {
        template: Type.Optional(Type.String({ minLength: 1, description: 'A shipped template by name (GET /templates); or give operations' })),
        operations: Type.Optional(
          List(Type.Ref(OperationRef), { minItems: 1, description: 'Operations to delegate; given with a template, they extend it (the plan says the result is no longer the template)' }),
        ),
        members,
        principals,
        roleAssignment: Type.Optional(
          Type.String({
            minLength: 1,
            description:
              'The role assignment; default "<template title> (<scope>)", made to fit AzMan\'s name rules (forbidden characters become _, a name past 64 characters is cut and ends in ~ and 8 hex digits of a hash)',
          }),
        ),
        name: Type.Optional(Type.String({ minLength: 1, ...deprecatedAs('roleAssignment') })),
        roleDefinition: Type.Optional(Type.String({ minLength: 1, description: "The role definition; default the template's" })),
        allowBroad: Type.Optional(ALLOW_BROAD),
        withConnect: Type.Optional(
          Type.Boolean({ description: "Also apply the template's companions (hyperv-manager-connect for the scope templates) at application level, for the same members, in the same change set" }),
        ),
        expiresAt: Type.Optional(EXPIRES_AT),
      },
      { additionalProperties: false },
    ),
    summary: 'Delegate: create or reuse the role definition, the role assignment and add the members, in one change set',
    handler: async ({ request, reply, params, body, query, headers }) => {
      // The fields under their current names; a deprecated name (principals, name) is taken for its current one.
      const { template, members: _members, principals: _principals, roleAssignment: _roleAssignment, name: _name, allowBroad, expiresAt, ...rest } = body
      const given = membersOf(body)
      const named = renamedField(['roleAssignment', body.roleAssignment], ['name', body.name])
      const loaded = template === undefined ? undefined : await loadShippedTemplate(template)
      // Domain accounts become SIDs through the service's directory, as azman delegate resolves --account.
      const who = await resolvePrincipalsWith(given, app.azman.directory(params.store), app.azman.config.names)
      // An expiry is checked before anything is written, and recorded after the write (as delegate --until).
      const expiring = await expiringWriteOf(request, params.store, expiresAt, who)
      const asked = { ...appPlace(params), ...rest, principals: who, ...(named === undefined ? {} : { name: named }), ...(loaded === undefined ? {} : { template: loaded }) }
      return respondWithWrite(
        request,
        reply,
        params.store,
        delegateRequest(asked),
        {
          query,
          headers,
          ...(allowBroad === undefined ? {} : { body: { allowBroad } }),
        },
        expiring,
      )
    },
  })
  placeRoute(app, {
    ...common,
    method: 'DELETE',
    path: '/delegations',
    body: Type.Object({ members, principals }, { additionalProperties: false }),
    summary: 'Undelegate: take the members out of every role assignment here; delete role assignments left empty',
    handler: async ({ request, reply, params, body, query, headers }) =>
      respondWithWrite(
        request,
        reply,
        params.store,
        undelegateRequest({ ...appPlace(params), principals: await resolvePrincipalsWith(membersOf(body), app.azman.directory(params.store), app.azman.config.names) }),
        {
          query,
          headers,
        },
      ),
  })
}
