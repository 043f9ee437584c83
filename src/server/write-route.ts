import type { FastifyReply, FastifyRequest } from 'fastify'
import { runWrite, type WriteOutcome, type WriteRequest } from '../change-set/run-write.js'
import type { PublicWriteOutcome } from '../change-set/plan-detail.js'
import { withAccountsResolved } from '../principals/account-sids.js'
import { sendOutcome, writeSettingsOf, type WriteInput } from './replies.js'
import type { ExpiringWrite } from '../expiry/expiring-write.js'
import type { ExpiryEntry } from '../expiry/expiry-schema.js'

/** What a write with `expiresAt` answers besides its outcome (the sidecar's path stays on the server). */
export interface ExpiryAnswer {
  readonly expiry?: { readonly expiresAt: string; readonly entries: readonly ExpiryEntry[]; readonly alreadyMembers: readonly string[] }
}

/**
 * What every write route does once it has parsed its request into a write
 * request: run it through the library's one write path as the token's owner,
 * and answer what it did with the store's new ETag. Domain account names
 * (`{"account": "LAB\\alice"}`) become SIDs through the service's directory.
 * With `expiring` (`"expiresAt"`, checked before), the expiry of the members
 * added is recorded once the write is done, and answered as `"expiry"`.
 */
export async function respondWithWrite(
  request: FastifyRequest,
  reply: FastifyReply,
  storeName: string,
  writeRequest: WriteRequest,
  input: WriteInput,
  expiring?: ExpiringWrite,
): Promise<(WriteOutcome | PublicWriteOutcome) & ExpiryAnswer> {
  const store = request.server.azman.store(storeName)
  const outcome = await runWrite(store, withAccountsResolved(writeRequest, request.server.azman.directory(storeName), request.server.azman.config.names), writeSettingsOf(request, input))
  if (expiring === undefined) return sendOutcome(reply, outcome, input.query.detail)
  const { expiresAt, entries, alreadyMembers } = await expiring.record(outcome)
  return { ...sendOutcome(reply, outcome, input.query.detail), expiry: { expiresAt, entries, alreadyMembers } }
}
