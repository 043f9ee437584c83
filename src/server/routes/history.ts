import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { runRollback } from '../../change-set/run-write.js'
import { etagOf, writeSettingsOf } from '../replies.js'
import { problems, WRITE_PROBLEMS } from '../route-kit.js'
import { StoreParams, WriteHeaders, WriteQuery } from '../schemas/common.js'
import { FullRollbackOutcome, RollbackOutcome } from '../schemas/plan.js'
import { rollbackOutcomeInDetail } from '../../change-set/plan-detail.js'

/** `azman rollback`: restore the store's bytes as they were after (or before) a journal entry. (The journal: `GET /stores/{store}/history`.) */
export async function rollbackRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/rollback',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Restore the store as it was right after a journal entry (`to`), or right before it (`before`: undo it and what followed); journaled itself',
        tags: ['history'],
        params: StoreParams,
        querystring: WriteQuery,
        headers: WriteHeaders,
        body: Type.Object(
          {
            to: Type.Optional(Type.String({ minLength: 1, description: 'A journal entry id (GET /stores/{store}/history)' })),
            before: Type.Optional(Type.String({ minLength: 1, description: 'A journal entry id to undo' })),
          },
          { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Exactly one of "to" and "before"' },
        ),
        response: { 200: Type.Union([Type.Ref(RollbackOutcome), Type.Ref(FullRollbackOutcome)]), ...problems(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const { to, before } = request.body
      const settings = writeSettingsOf(request, { query: request.query, headers: request.headers })
      const outcome = await runRollback(app.azman.store(request.params.store), { id: to ?? before ?? '', before: to === undefined }, settings)
      reply.header('etag', etagOf(outcome.dryRun ? outcome.before : outcome.after))
      return rollbackOutcomeInDetail(outcome, request.query.detail ?? 'summary')
    },
  )
}
