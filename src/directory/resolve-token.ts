import { isValidSid, wellKnownSidName } from '../model/sid.js'
import type { Account, Directory } from './directory.js'

/** An access token as Windows would build it at logon, for access questions. */
export interface Token {
  readonly account: Account
  /** Every SID the token carries: the account's, its transitive groups', Everyone and Authenticated Users. */
  readonly sids: readonly string[]
}

/**
 * The token of an account given as `DOMAIN\name`, `name@upn.suffix`, a bare
 * name, or a SID: the account's SID, its transitive group SIDs (`tokenGroups`)
 * and the SIDs every logon carries (Everyone, Authenticated Users).
 *
 * @throws UnknownAccountError when the directory has no such account.
 */
export async function resolveToken(directory: Directory, account: string): Promise<Token> {
  const trimmed = account.trim()
  let found: Account
  if (/^s-1-/i.test(trimmed) && isValidSid(`S-${trimmed.slice(2)}`)) {
    const sid = `S-${trimmed.slice(2)}`
    const name = (await directory.names([sid])).get(sid) ?? wellKnownSidName(sid) ?? sid
    found = { sid, name }
  } else {
    found = await directory.resolveAccount(trimmed)
  }
  return { account: found, sids: await directory.tokenSids(found) }
}
