import type { PrincipalRef } from '../../change-set/schema/shared.js'
import { InvalidChangeError } from '../../errors/change-errors.js'
import { wellKnownAccountSid } from '../../model/account-name.js'

/** Principals as written (a SID, or an account name): `{sid}` for what looks like a SID, `{account}` for the rest. */
export function principalRefs(values: readonly string[]): PrincipalRef[] {
  return values.map((v) => (/^S-\d/i.test(v.trim()) ? { sid: v.trim() } : { account: v.trim() }))
}

/**
 * Principals as SIDs, once domain accounts are resolved (through a directory or a names file):
 * well-known names by their SID; a name still unresolved is refused
 * (`AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT`), never guessed.
 */
export function principalSids(resolved: readonly PrincipalRef[]): string[] {
  return resolved.map((ref) => {
    if ('sid' in ref) return ref.sid
    const account = 'account' in ref ? ref.account : ref.group
    const sid = wellKnownAccountSid(account)
    if (sid !== undefined) return sid
    throw new InvalidChangeError(
      'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT',
      `host script: cannot tell the SID of ${JSON.stringify(account)}: give its SID, or a directory (--directory) or a names file (--names) that knows it`,
    )
  })
}
