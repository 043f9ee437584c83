import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from '../http-status.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The `charset` parameter of a Content-Type, lower case and unquoted; undefined when there is none. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '')
  return match?.[2]?.toLowerCase()
}

/** The text of a JSON body: UTF-8, decoded strictly (a byte that is not UTF-8 is a 400, never U+FFFD). */
function bodyText(request: FastifyRequest, body: Buffer): string {
  const charset = charsetOf(request.headers['content-type'])
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, 'AZMAN_ERR_UNSUPPORTED_MEDIA_TYPE', `request bodies are JSON in UTF-8, not ${charset} (Content-Type: application/json)`)
  }
  try {
    return utf8.decode(body)
  } catch {
    throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', 'the request body is not valid UTF-8; JSON bodies are UTF-8')
  }
}

/**
 * Request bodies are JSON in UTF-8, and nothing else: fastify's text/plain
 * parser is removed (a text body is 415, as any other type), and the JSON
 * parser decodes the bytes strictly before fastify's own JSON parser reads
 * them (which refuses `__proto__` and `constructor.prototype` keys). Before,
 * bytes that were not UTF-8 became U+FFFD in names, and a `charset=` was
 * ignored.
 */
export const jsonBodies = fp(
  async (app) => {
    const parseJson = app.getDefaultJsonParser('error', 'error')
    app.removeAllContentTypeParsers()
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      let text: string
      try {
        text = bodyText(request, body as Buffer)
      } catch (e) {
        done(e as Error, undefined)
        return
      }
      void parseJson(request, text, done)
    })
  },
  { name: 'azman-json-bodies' },
)
