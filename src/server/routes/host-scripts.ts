import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { hostScript, HostScriptRequestSchema } from '../../host/script/host-script.js'
import { hostScriptSource } from '../../host/script/host-script-source.js'
import { principalRefs, principalSids } from '../../host/script/principal-sids.js'
import { resolvePrincipalsWith } from '../../principals/account-sids.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { List } from '../schemas/types.js'

const HostScriptResponse = Type.Object(
  {
    script: Type.String({ description: 'The WSH JScript file (ASCII): save it as a .js file, review it, run it on the host with cscript' }),
    sha256: Type.String({ description: 'SHA-256 of the script text' }),
    version: Type.String({ description: "azman's version, as the script names it" }),
    plan: Type.Object(
      {
        store: Type.String(),
        version: Type.String({ description: 'The store version the script was checked against' }),
        app: Type.String(),
        scope: Type.Union([Type.String(), Type.Null()], { description: 'null when the script binds no VM' }),
        vms: List(Type.String()),
        principals: List(Type.Object({ sid: Type.String(), label: Type.String() }, { additionalProperties: false })),
        revoke: Type.Boolean(),
        install: Type.Union(
          [
            Type.Object(
              {
                sha256: Type.String({ description: 'SHA-256 of the store the script installs (its bytes are in the script)' }),
                baseSha256: Type.String({ description: 'SHA-256 the host file must have: the version the edit was planned from' }),
                size: Type.Integer({ description: 'bytes' }),
              },
              { additionalProperties: false },
            ),
            Type.Null(),
          ],
          { description: 'The store the script installs, or null' },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)

/** `azman host script` over REST (operator): the host half of a delegation as a script, checked against the store. */
export async function hostScriptRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/host-scripts',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Write the host half of a delegation (VMs bound to a scope, remote Hyper-V Manager access granted or revoked, the store installed over the version it was planned from) as a WSH JScript file, as azman host script --json',
        tags: ['hosts'],
        params: StoreParams,
        body: HostScriptRequestSchema,
        response: { 200: HostScriptResponse, ...problems(...READ_PROBLEMS) },
      },
    },
    async (request) => {
      const { body, params } = request
      const store = app.azman.store(params.store)
      const source = await hostScriptSource(store, store.displayName)
      const grant = principalSids(await resolvePrincipalsWith(principalRefs(body.grant), app.azman.directory(params.store), app.azman.config.names))
      const made = await hostScript(source.policy, source.store, { ...body, grant })
      return { script: made.text, sha256: made.sha256, version: made.version, plan: made.plan }
    },
  )
}
