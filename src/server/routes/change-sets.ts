import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { parseChangeInputCooperatively } from '../../change-set/plan-file.js'
import { applyChangeInput, planChangeInput } from '../../change-set/run-write.js'
import { resolveChangeInputAccounts } from '../../principals/account-sids.js'
import { etagOf, namesOf, sendOutcome, writeSettingsOf } from '../replies.js'
import { planInDetail } from '../../change-set/plan-detail.js'
import { READ_PROBLEMS, WRITE_OUTCOME, WRITE_PROBLEMS, problems } from '../route-kit.js'
import { StoreParams, WriteHeaders, WriteQuery } from '../schemas/common.js'
import { ChangeInput, FullPlan, Plan } from '../schemas/plan.js'

/** Change sets (docs/change-sets.md): plan one, apply one or a saved plan. `azman plan` and `azman apply`. */
export async function changeSetRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/plan',
    {
      schema: {
        summary: 'Plan a change set: what each change does, and the object-level edits; writes nothing',
        tags: ['change sets'],
        params: StoreParams,
        querystring: Type.Pick(WriteQuery, ['force', 'allowBroad', 'detail'], { additionalProperties: false }),
        body: Type.Ref(ChangeInput),
        response: { 200: Type.Union([Type.Ref(Plan), Type.Ref(FullPlan)]), ...problems(...READ_PROBLEMS, 413) },
      },
    },
    async (request, reply) => {
      const input = await resolveChangeInputAccounts(await parseChangeInputCooperatively(request.body), app.azman.directory(request.params.store), app.azman.config.names)
      const plan = await planChangeInput(app.azman.store(request.params.store), input, {
        force: request.query.force === true,
        allowBroad: request.query.allowBroad === true,
        ...namesOf(request),
      })
      reply.header('etag', etagOf(plan.baseVersion))
      return planInDetail(plan, request.query.detail ?? 'summary')
    },
  )
  app.post(
    '/stores/:store/changes',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Apply a change set (planned under the lock against the store as it is) or a saved plan (only to the version it was made on)',
        tags: ['change sets'],
        params: StoreParams,
        querystring: WriteQuery,
        headers: WriteHeaders,
        body: Type.Ref(ChangeInput),
        response: { 200: WRITE_OUTCOME, ...problems(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const input = await resolveChangeInputAccounts(await parseChangeInputCooperatively(request.body), app.azman.directory(request.params.store), app.azman.config.names)
      const outcome = await applyChangeInput(app.azman.store(request.params.store), input, writeSettingsOf(request, { query: request.query, headers: request.headers }))
      return sendOutcome(reply, outcome, request.query.detail)
    },
  )
}
