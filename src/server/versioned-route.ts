import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { sendVersioned } from './replies.js'
import { problems, READ_PROBLEMS } from './route-kit.js'
import { AtParam } from './at-query.js'
import { ReadHeaders } from './schemas/common.js'

/** A read of one store that answers with the store's version as ETag (and 304 to a matching If-None-Match). */
export interface VersionedRead<P extends TObject> {
  readonly url: string
  readonly summary: string
  readonly tags: readonly string[]
  readonly params: P
  /** The 200 answer. */
  readonly response: TSchema
  /** The 304 answer's schema; default `Type.Null()`. */
  readonly notModified?: TSchema
  /** Whether the route takes `?at=` (a time or journal entry: the store as it was then, see at-query.ts). */
  readonly at?: boolean
  /** The answer and the store version it was read at; `at` is the `?at=` given, when the route takes it. */
  readonly answer: (params: Static<P>, at: string | undefined) => Promise<{ readonly version: string; readonly body: unknown }>
}

/**
 * Registers `GET route.url` (reader access, {@link READ_PROBLEMS}, `If-None-Match`), whose handler reads the
 * answer and sends it versioned ({@link sendVersioned}).
 */
export function versionedRead<P extends TObject>(fastify: FastifyInstance, route: VersionedRead<P>): void {
  fastify.withTypeProvider<TypeBoxTypeProvider>().get(
    route.url,
    {
      schema: {
        summary: route.summary,
        tags: [...route.tags],
        params: route.params,
        ...(route.at === true ? { querystring: Type.Object({ at: Type.Optional(AtParam) }, { additionalProperties: false }) } : {}),
        headers: ReadHeaders,
        response: { 200: route.response, 304: route.notModified ?? Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const { version, body } = await route.answer(request.params as Static<P>, route.at === true ? (request.query as { readonly at?: string }).at : undefined)
      return sendVersioned(request, reply, version, body)
    },
  )
}
