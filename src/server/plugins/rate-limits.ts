import rateLimit from '@fastify/rate-limit'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from '../http-status.js'
import { bearerToken } from './auth.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The rate limit's check (rejects with the 429), for the requests the router refuses before any hook runs; undefined without a limit. */
    azmanRateLimit?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>
  }
}

/**
 * Requests per time window, counted per token, and per client address for
 * requests without a valid one (no token, a malformed or unknown one). Over
 * the limit: 429 with `Retry-After`. Registered before authentication, so a
 * flood of requests that authentication would refuse is limited too (it was
 * not, when the count came after the 401).
 */
export const rateLimits = fp<{ max: number; windowMs: number }>(
  async (app, options) => {
    // Not `global: true`: that adds a hook to each route, which runs after the application's own
    // hooks, so a request authentication refuses would never be counted. One application-level hook,
    // added before authentication's, counts every request first.
    await app.register(rateLimit, {
      global: false,
      max: options.max,
      timeWindow: options.windowMs,
      keyGenerator: (request) => {
        const token = bearerToken(request)
        const caller = token === undefined ? undefined : app.azman.verifier.verify(token)
        return caller === undefined ? `address ${request.ip}` : `token ${caller.name}`
      },
      errorResponseBuilder: (_request, context) => new HttpError(429, 'AZMAN_ERR_RATE_LIMITED', `more than ${context.max} requests in ${context.after}; retry after ${context.after}`),
    })
    const limit = app.rateLimit()
    app.addHook('onRequest', limit)
    app.decorate('azmanRateLimit', limit)
  },
  { name: 'azman-rate-limits' },
)
