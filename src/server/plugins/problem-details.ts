import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { dirname, resolve } from 'node:path'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AzmanError } from '../../errors/azman-error.js'
import { HttpError, httpStatusOf } from '../http-status.js'
import { restDetail, serverFolders } from '../rest-wording.js'

/** What a problem response says; {@link sendProblem} adds `type`, `title` and `instance`. */
interface ProblemOf {
  readonly status: number
  readonly code: string
  readonly detail: string
}

/** Errors fastify raises itself (body parsing, validation), by their code. */
function fromFastify(error: FastifyError): ProblemOf | undefined {
  if (error.validation !== undefined) return { status: 400, code: 'AZMAN_ERR_REQUEST_INVALID', detail: `the request is not valid: ${error.message}` }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'AZMAN_ERR_BODY_TOO_LARGE', detail: 'the request body is larger than this server accepts (its body limit); send less at once' }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'AZMAN_ERR_UNSUPPORTED_MEDIA_TYPE', detail: 'send request bodies as JSON (Content-Type: application/json)' }
    case 'FST_ERR_BAD_URL':
      return { status: 400, code: 'AZMAN_ERR_REQUEST_INVALID', detail: 'the URL has a %-escape that does not decode: percent-encode names in paths as UTF-8 (a space as %20, a / as %2F)' }
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, code: 'AZMAN_ERR_REQUEST_INVALID', detail: 'a name in the URL is too long for this server' }
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'AZMAN_ERR_REQUEST_INVALID', detail: `the request body is not valid JSON: ${error.message}` }
  }
  if (error instanceof SyntaxError) return { status: 400, code: 'AZMAN_ERR_REQUEST_INVALID', detail: `the request body is not valid JSON: ${error.message}` }
  const status = error.statusCode
  if (status !== undefined && status >= 400 && status < 500) return { status, code: 'AZMAN_ERR_REQUEST_INVALID', detail: error.message }
  return undefined
}

/** Sends an RFC 9457 problem (`application/problem+json`). */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemOf): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="azman"')
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ type: `urn:azman:error:${problem.code}`, title: STATUS_CODES[problem.status] ?? 'Error', status: problem.status, detail: problem.detail, code: problem.code, instance: request.id })
}

/** The problem an error is answered with, logged: refusals at info, internal errors (500) with their stack at error. */
function schemaProblem(error: FastifyError | AzmanError | Error, request: FastifyRequest, folders: readonly string[]): ProblemOf {
  let problem: ProblemOf | undefined
  if (error instanceof AzmanError) problem = { status: httpStatusOf(error), code: error.code, detail: restDetail(error.message, folders) }
  else problem = fromFastify(error as FastifyError)
  if (problem === undefined || problem.status >= 500) {
    request.log.error({ err: error }, 'request failed')
    problem ??= { status: 500, code: 'AZMAN_ERR_INTERNAL', detail: `internal error; the server log has the details under request id ${request.id}` }
  } else {
    request.log.info({ code: problem.code, status: problem.status }, 'request refused')
  }
  return problem
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers an error as a problem (see {@link problemDetails}); for the requests the router refuses. */
    azmanProblem: (error: Error, request: FastifyRequest, reply: FastifyReply) => FastifyReply
  }
}

/**
 * The `frameworkErrors` handler: what the router refuses before any hook runs
 * (a %-escape that does not decode, a path parameter over the router's
 * limit). It runs the same checks as every request first (rate limit, token,
 * role of a reader), then answers a problem with the request id, as the
 * routed requests are answered.
 */
export function routerErrorHandler(app: () => FastifyInstance): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    reply.header('x-request-id', request.id)
    const server = app()
    server.azmanGate(request, reply).then(
      () => server.azmanProblem(error, request, reply),
      (refusal: unknown) => server.azmanProblem(refusal instanceof Error ? refusal : new Error(String(refusal)), request, reply),
    )
  }
}

/** What the HTTP parser refuses, by the parser's error code: the status, and what to do. */
function clientProblem(code: string | undefined): { status: number; code: string; detail: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'AZMAN_ERR_REQUEST_INVALID',
        detail: 'the request line and headers are larger than this server reads (16 KB): address objects with long names by GUID (the GUID in the path, and ?byGuid=scope, or app,scope,name ...)',
      }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'AZMAN_ERR_REQUEST_TIMEOUT', detail: 'the request was not received in time; send it again' }
    default:
      return { status: 400, code: 'AZMAN_ERR_REQUEST_INVALID', detail: 'the request is not valid HTTP' }
  }
}

/**
 * The `clientErrorHandler`: a request the HTTP parser could not read (headers
 * over Node's limit, not HTTP, too slow) gets a problem with a fresh request
 * id, logged under it, and the connection is closed. Its token cannot be
 * looked at: its headers were never read.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const id = randomUUID()
  const problem = clientProblem(error.code)
  this.log.info({ reqId: id, code: problem.code, status: problem.status, parserError: error.code }, 'request refused by the HTTP parser')
  const title = STATUS_CODES[problem.status] ?? 'Error'
  const body = JSON.stringify({ type: `urn:azman:error:${problem.code}`, title, status: problem.status, detail: problem.detail, code: problem.code, instance: id })
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${title}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}

/**
 * One error handler for the whole service: every error becomes a problem
 * response with azman's stable code. AzmanErrors keep their code and message
 * (they never hold secrets), in REST words and without the server's folders;
 * anything else is an internal error, logged with its stack and answered
 * without details. The same answer serves the requests the router refuses
 * ({@link routerErrorHandler}).
 */
export const problemDetails = fp(
  async (app) => {
    const config = app.azman.config
    const folders = serverFolders([
      ...config.stores
        .map((s) => s.ref)
        .filter((ref) => !ref.includes('://'))
        .map((ref) => dirname(resolve(ref))),
      ...(config.tokensFile === undefined ? [] : [dirname(resolve(config.tokensFile))]),
    ])
    const answer = (error: FastifyError | AzmanError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => sendProblem(request, reply, schemaProblem(error, request, folders))
    app.decorate('azmanProblem', answer)
    app.setErrorHandler(answer)
    app.setNotFoundHandler((request) => {
      throw new HttpError(404, 'AZMAN_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}; GET /openapi.json lists them`)
    })
  },
  { name: 'azman-problem-details' },
)
