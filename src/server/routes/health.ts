import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

/** `GET /health`: the process is up. No token, no rate limit, nothing about the stores. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      config: { access: 'public', rateLimit: false },
      schema: { summary: 'Liveness check', tags: ['service'], security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false }) } },
    },
    async () => ({ status: 'ok' as const }),
  )
}
