import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { HttpError } from '../http-status.js'

/**
 * Requests per time window, counted per token (per client address for
 * requests without a valid one). Over the limit: 429 with `Retry-After`.
 */
export const rateLimits = fp<{ max: number; windowMs: number }>(
  async (app, options) => {
    await app.register(rateLimit, {
      global: true,
      max: options.max,
      timeWindow: options.windowMs,
      keyGenerator: (request) => (request.caller === undefined ? `address ${request.ip}` : `token ${request.caller.name}`),
      errorResponseBuilder: (_request, context) => new HttpError(429, 'AZMAN_ERR_RATE_LIMITED', `more than ${context.max} requests in ${context.after}; retry after ${context.after}`),
    })
  },
  { name: 'azman-rate-limits' },
)
