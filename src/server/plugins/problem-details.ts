import { dirname, resolve } from 'node:path'
import { restDetail, serverFolders } from '../rest-wording.js'
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AzmanError } from '../../errors/azman-error.js'
import { HttpError, httpStatusOf } from '../http-status.js'

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

/**
 * One error handler for the whole service: every error becomes a problem
 * response with azman's stable code. AzmanErrors keep their code and message
 * (they never hold secrets); anything else is an internal error, logged with
 * its stack and answered without details.
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
    app.setErrorHandler((error: FastifyError | AzmanError | Error, request, reply) => {
      let problem: ProblemOf | undefined
      if (error instanceof AzmanError) problem = { status: httpStatusOf(error), code: error.code, detail: restDetail(error.message, folders) }
      else problem = fromFastify(error as FastifyError)
      if (problem === undefined || problem.status >= 500) {
        request.log.error({ err: error }, 'request failed')
        problem ??= { status: 500, code: 'AZMAN_ERR_INTERNAL', detail: `internal error; the server log has the details under request id ${request.id}` }
      } else {
        request.log.info({ code: problem.code, status: problem.status }, 'request refused')
      }
      return sendProblem(request, reply, problem)
    })
    app.setNotFoundHandler((request) => {
      throw new HttpError(404, 'AZMAN_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}; GET /openapi.json lists them`)
    })
  },
  { name: 'azman-problem-details' },
)
