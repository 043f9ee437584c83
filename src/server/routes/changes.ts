import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { FEED_HELD_MAX, FEED_PAGE_MAX, FEED_WAIT_MAX_S, waitForChanges } from '../../history/change-feed.js'
import { HttpError } from '../http-status.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { FeedPageSchema } from '../schemas/changes.js'

/**
 * The change feed: `GET /stores/{store}/changes?since=ID&wait=S`, the journal
 * entries after an entry with their effective-access delta, a page at a time;
 * with `wait`, held until there is one (long poll). A held request ends when
 * its client goes away or the server closes (it then answers the empty page).
 * At most {@link FEED_HELD_MAX} requests are held at once; one more is a 429
 * with `Retry-After`.
 */
export async function changeFeedRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  // Every held request's wait; the server's close ends them all before it waits for connections to end.
  const waits = new Set<AbortController>()
  let held = 0
  // A request that reaches its handler while the server closes answers at once instead of waiting.
  let closing = false
  fastify.addHook('preClose', async () => {
    closing = true
    for (const w of waits) w.abort()
  })
  app.get(
    '/stores/:store/changes',
    {
      schema: {
        summary:
          'The change feed: journal entries after `since`, each with the effective-access delta of its two versions; `wait` holds the request until there is one (`azman history --since ID --follow`)',
        tags: ['history'],
        params: StoreParams,
        querystring: Type.Object(
          {
            since: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 64,
                description: 'A journal entry id (GET /stores/{store}/history, or the last answer\'s "next" or "last"); without it, from the first entry. 404 when the journal holds no such entry',
              }),
            ),
            wait: Type.Optional(
              Type.Integer({
                minimum: 0,
                maximum: FEED_WAIT_MAX_S,
                description: `When no entry follows \`since\`: hold the request up to this many seconds (at most ${FEED_WAIT_MAX_S}) until one is appended; default 0, answer at once`,
              }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: FEED_PAGE_MAX, description: `Entries per answer; default and most ${FEED_PAGE_MAX}` })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(FeedPageSchema), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const { since, wait, limit } = request.query
      const holds = (wait ?? 0) > 0
      if (holds && held >= FEED_HELD_MAX) {
        void reply.header('retry-after', '1')
        throw new HttpError(429, 'AZMAN_ERR_RATE_LIMITED', `${FEED_HELD_MAX} change-feed requests are held already; retry after 1 second`)
      }
      const controller = new AbortController()
      const end = (): void => controller.abort()
      waits.add(controller)
      if (holds) held++
      reply.raw.once('close', end)
      try {
        const names = app.azman.config.names?.names
        return await waitForChanges(app.azman.store(request.params.store), since, {
          waitMs: closing ? 0 : (wait ?? 0) * 1000,
          signal: controller.signal,
          ...(limit === undefined ? {} : { limit }),
          ...(names === undefined ? {} : { names }),
        })
      } finally {
        if (holds) held--
        waits.delete(controller)
        reply.raw.off('close', end)
      }
    },
  )
}
