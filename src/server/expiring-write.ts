import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import type { PrincipalRef } from '../change-set/change.js'
import { prepareExpiringWrite, type ExpiringWrite } from '../expiry/expiring-write.js'

/** `"expiresAt"` of the bodies of the writes that add members (POST .../delegations, POST .../role-assignments/{name}/members). */
export const EXPIRES_AT = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  description:
    "When the members leave: an ISO 8601 date-time with its zone (2027-01-31T18:00:00Z, 2027-01-31T19:00+01:00), in the future. Recorded in the store's expiry file after the write; the service's timer (expireEverySeconds) removes them then (docs/expiry.md). Members by SID or account, not application groups",
})

/**
 * The expiry a write request asks for (`expiresAt`), checked before the write
 * as `--until` is ({@link prepareExpiringWrite}); undefined without one.
 *
 * @throws UsageError (400) for a time that does not exist or has passed, or application groups
 * @throws ExpiryFileError for a sidecar that does not parse (nothing is written)
 */
export async function expiringWriteOf(request: FastifyRequest, storeName: string, expiresAt: string | undefined, members: readonly PrincipalRef[]): Promise<ExpiringWrite | undefined> {
  if (expiresAt === undefined) return undefined
  return prepareExpiringWrite(request.server.azman.store(storeName), {
    until: expiresAt,
    what: 'expiresAt',
    bySid: '{"sid"} or {"account"} (not {"group"})',
    members,
    lockTimeoutMs: request.server.azman.config.lockTimeoutMs,
  })
}
