import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { etagOf, writeSettingsOf } from '../replies.js'
import { problems, WRITE_PROBLEMS } from '../route-kit.js'
import { StoreParams, WriteHeaders } from '../schemas/common.js'
import { RollbackOutcome } from '../schemas/plan.js'

/** `azman rollback`: restore the store's bytes as they were after a journal entry. (The journal itself: `GET /stores/{store}/history`.) */
export async function rollbackRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/rollback',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Restore the store as it was right after a journal entry; journaled itself',
        tags: ['history'],
        params: StoreParams,
        headers: WriteHeaders,
        body: Type.Object({ to: Type.String({ minLength: 1, description: 'A journal entry id (GET /stores/{store}/history)' }) }, { additionalProperties: false }),
        response: { 200: Type.Ref(RollbackOutcome), ...problems(...WRITE_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const settings = writeSettingsOf(request, { query: {}, headers: request.headers })
      const result = await app.azman
        .store(request.params.store)
        .rollback(
          request.body.to,
          { actor: settings.actor, ...(settings.reason === undefined ? {} : { reason: settings.reason }) },
          { ...(settings.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: settings.lockTimeoutMs }), ...(settings.ifMatch === undefined ? {} : { ifMatch: settings.ifMatch }) },
        )
      reply.header('etag', etagOf(result.after))
      return { rolledBackTo: request.body.to, before: result.before, after: result.after, edits: result.edits }
    },
  )
}
