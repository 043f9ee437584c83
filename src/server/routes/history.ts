import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { runRollback } from '../../change-set/run-write.js'
import { runRevert } from '../../change-set/revert/run-revert.js'
import { etagOf, sendOutcome, writeSettingsOf } from '../replies.js'
import { problems, WRITE_OUTCOME, WRITE_PROBLEMS } from '../route-kit.js'
import { StoreName, StoreParams, WriteHeaders, WriteQuery } from '../schemas/common.js'
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
            allowBroad: Type.Optional(Type.Boolean({ description: 'Allow the rollback to grant to a broad principal, as ?allowBroad=true' })),
          },
          {
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 2,
            oneOf: [
              { required: ['to'], not: { required: ['before'] } },
              { required: ['before'], not: { required: ['to'] } },
            ],
            description: 'Exactly one of "to" and "before"; "allowBroad" as the query parameter',
          },
        ),
        response: { 200: Type.Union([Type.Ref(RollbackOutcome), Type.Ref(FullRollbackOutcome)]), ...problems(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const { to, before } = request.body
      const settings = writeSettingsOf(request, { query: request.query, headers: request.headers, body: request.body })
      const outcome = await runRollback(app.azman.store(request.params.store), { id: to ?? before ?? '', before: to === undefined }, settings)
      reply.header('etag', etagOf(outcome.dryRun ? outcome.before : outcome.after))
      return rollbackOutcomeInDetail(outcome, request.query.detail ?? 'summary')
    },
  )
}

/** `azman revert`: undo one journal entry by applying its inverse change set, journaled as a revert of it. */
export async function revertRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/history/:entry/revert',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Undo one journal entry, keeping the later ones: the inverse of what it changed, applied as a change set and journaled as a revert of it (409 AZMAN_ERR_CONFLICT_REVERT when a later entry touched the same objects)',
        tags: ['history'],
        params: Type.Object({ store: StoreName, entry: Type.String({ minLength: 1, maxLength: 200, description: 'A journal entry id (GET /stores/{store}/history)' }) }),
        querystring: WriteQuery,
        headers: WriteHeaders,
        response: { 200: WRITE_OUTCOME, ...problems(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      // No body: the broad-principal allowance is ?allowBroad=true.
      const settings = writeSettingsOf(request, { query: request.query, headers: request.headers })
      return sendOutcome(reply, await runRevert(app.azman.store(request.params.store), request.params.entry, settings), request.query.detail)
    },
  )
}
