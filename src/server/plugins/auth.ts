import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { roleAllows } from '../../tokens/roles.js'
import type { TokenVerifier } from '../../tokens/token-verifier.js'
import type { Access } from '../context.js'
import { HttpError } from '../http-status.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The checks every routed request passes first (the rate limit, then a
     * reader's token), for the requests the router refuses before any hook
     * runs (see the problem details plugin). Rejects with the 429 or 401.
     */
    azmanGate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none of that form. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  return header === undefined ? undefined : BEARER.exec(header)?.[1]
}

/** Who may call the request's route (`access`: its `config.access`, default reader); throws the 401 or 403 when the token does not allow it. */
function authorize(request: FastifyRequest, verifier: TokenVerifier, access?: Access): void {
  access ??= request.routeOptions.config.access ?? 'reader'
  if (access === 'public') return
  const header = request.headers.authorization
  if (header === undefined) throw new HttpError(401, 'AZMAN_ERR_UNAUTHENTICATED', 'this request needs an API token: send "Authorization: Bearer <token>" (azman token add makes one)')
  const token = BEARER.exec(header)?.[1]
  if (token === undefined) throw new HttpError(401, 'AZMAN_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"')
  const caller = verifier.verify(token)
  if (caller === undefined) throw new HttpError(401, 'AZMAN_ERR_UNAUTHENTICATED', 'the API token is not valid (unknown or revoked)')
  request.caller = caller
  if (!roleAllows(caller.role, access)) {
    throw new HttpError(403, 'AZMAN_ERR_FORBIDDEN', `the token "${caller.name}" has the role ${caller.role}; this request needs ${access === 'reader' ? 'a' : 'an'} ${access} token`)
  }
}

/**
 * Authentication and authorization, first thing on every request (before the
 * body is read, so 401 and 403 come before 400, 413 and 412). Every route but
 * the public ones needs `Authorization: Bearer <token>`; the token's role must
 * reach the route's `config.access` (default: reader). The token is never
 * logged and never echoed. The tokens file is looked at again at most once a
 * second (then the check waits for it); otherwise the check is synchronous.
 */
export const auth = fp(
  async (app) => {
    app.decorateRequest('caller', undefined)
    const { verifier } = app.azman
    /** Authorizes for `access` (default: the route's) and continues, or answers the 401 / 403. */
    const check = (request: FastifyRequest, access: Access | undefined, done: (error?: Error) => void): void => {
      try {
        authorize(request, verifier, access)
      } catch (e) {
        done(e as Error)
        return
      }
      done()
    }
    /** Reads the tokens file again when it is due, then checks. */
    const gate = (request: FastifyRequest, access: Access | undefined, done: (error?: Error) => void): void => {
      if (!verifier.due) return check(request, access, done)
      void verifier.reload().then((problem) => {
        if (problem !== undefined) {
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- anything thrown that is not an Error is logged as String() shows it
          request.log.error({ problem: problem instanceof Error ? problem.message : String(problem) }, 'the tokens file cannot be read: every token is refused until it is fixed')
        }
        check(request, access, done)
      }, done)
    }
    app.addHook('onRequest', (request, _reply, done) => gate(request, undefined, done))
    app.decorate('azmanGate', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.azmanRateLimit?.(request, reply)
      await new Promise<void>((resolve, reject) => {
        gate(request, 'reader', (error) => (error === undefined ? resolve() : reject(error)))
      })
    })
  },
  { name: 'azman-auth' },
)
