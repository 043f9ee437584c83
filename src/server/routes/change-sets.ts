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
import { ChangeInput, FullPlan, FullPlanWithDelta, Plan, PlanWithDelta } from '../schemas/plan.js'
import { planWithAccessDelta } from '../../history/plan-delta.js'

/** `?delta=true` on POST /plan: the answer adds the plan's effective-access delta. */
const PlanDeltaQuery = Type.Object({
  delta: Type.Optional(Type.Boolean({ description: 'Add `accessDelta`: who would gain or lose which operation where (as azman diff computes it)' })),
})

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
        querystring: Type.Composite([Type.Pick(WriteQuery, ['force', 'allowBroad', 'detail']), PlanDeltaQuery], { additionalProperties: false }),
        body: Type.Ref(ChangeInput),
        response: { 200: Type.Union([Type.Ref(Plan), Type.Ref(FullPlan), Type.Ref(PlanWithDelta), Type.Ref(FullPlanWithDelta)]), ...problems(...READ_PROBLEMS, 413) },
      },
    },
    async (request, reply) => {
      const input = await resolveChangeInputAccounts(await parseChangeInputCooperatively(request.body), app.azman.directory(request.params.store), app.azman.config.names)
      const store = app.azman.store(request.params.store)
      const options = { force: request.query.force === true, allowBroad: request.query.allowBroad === true, ...namesOf(request) }
      const detail = request.query.detail ?? 'summary'
      if (request.query.delta === true) {
        const { plan, accessDelta } = await planWithAccessDelta(store, input, options)
        reply.header('etag', etagOf(plan.baseVersion))
        return { ...planInDetail(plan, detail), accessDelta }
      }
      const plan = await planChangeInput(store, input, options)
      reply.header('etag', etagOf(plan.baseVersion))
      return planInDetail(plan, detail)
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
