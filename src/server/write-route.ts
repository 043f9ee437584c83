import type { FastifyReply, FastifyRequest } from 'fastify'
import { runWrite, type WriteOutcome, type WriteRequest } from '../change-set/run-write.js'
import { sendOutcome, writeSettingsOf, type WriteInput } from './replies.js'

/**
 * What every write route does once it has parsed its request into a write
 * request: run it through the library's one write path as the token's owner,
 * and answer what it did with the store's new ETag.
 */
export async function respondWithWrite(request: FastifyRequest, reply: FastifyReply, storeName: string, writeRequest: WriteRequest, input: WriteInput): Promise<WriteOutcome> {
  const store = request.server.azman.store(storeName)
  return sendOutcome(reply, await runWrite(store, writeRequest, writeSettingsOf(request, input)))
}
