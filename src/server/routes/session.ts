import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { ROLES } from '../../tokens/roles.js'

/** The caller's token as `GET /me` describes it. */
export const SessionSchema = Type.Object(
  {
    name: Type.String({ description: "The token's name: the journal's actor for its writes" }),
    role: Type.Union(
      ROLES.map((r) => Type.Literal(r)),
      { description: 'reader (reads and access queries), auditor (reader plus audit and diff), operator (everything, including writes)' },
    ),
  },
  { $id: 'Session', additionalProperties: false },
)

/** `GET /me`: whose token this is and what it may do (the web console asks it at sign-in). */
export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/me', { schema: { summary: "The caller's token: its name and role", tags: ['service'], response: { 200: SessionSchema } } }, async (request) => {
    const caller = request.caller
    if (caller === undefined) throw new Error('GET /me ran without a caller')
    return { name: caller.name, role: caller.role }
  })
}
