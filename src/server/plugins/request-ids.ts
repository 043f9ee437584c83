import fp from 'fastify-plugin'

/** Every response names its request id (`X-Request-Id`), as the log and problem responses do. */
export const requestIds = fp(
  async (app) => {
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id)
      done()
    })
  },
  { name: 'azman-request-ids' },
)
