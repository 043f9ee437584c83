import type { FastifyReply, FastifyRequest } from 'fastify'
import { runWrite, type WriteOutcome, type WriteRequest } from '../change-set/run-write.js'
import type { PublicWriteOutcome } from '../change-set/plan-detail.js'
import { withAccountsResolved } from '../principals/account-sids.js'
import { sendOutcome, writeSettingsOf, type WriteInput } from './replies.js'

/**
 * What every write route does once it has parsed its request into a write
 * request: run it through the library's one write path as the token's owner,
 * and answer what it did with the store's new ETag. Domain account names
 * (`{"account": "LAB\\alice"}`) become SIDs through the service's directory.
 */
export async function respondWithWrite(request: FastifyRequest, reply: FastifyReply, storeName: string, writeRequest: WriteRequest, input: WriteInput): Promise<WriteOutcome | PublicWriteOutcome> {
  const store = request.server.azman.store(storeName)
  const outcome = await runWrite(store, withAccountsResolved(writeRequest, request.server.azman.directory(storeName), request.server.azman.config.names), writeSettingsOf(request, input))
  return sendOutcome(reply, outcome, input.query.detail)
}
