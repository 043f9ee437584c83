import { InvalidChangeError } from '../errors/change-errors.js'
import { wellKnownAccountSid } from '../model/account-name.js'
import { parseSid } from '../model/sid.js'
import { quote } from '../model/quote.js'
import { UsageError } from '../errors/usage-error.js'

/**
 * A SID given by the user, checked and in canonical form (model/sid.ts
 * canonicalSid: `S` upper case, no leading zeros), so that `S-1-5-21-...-01001`
 * is the SID `S-1-5-21-...-1001` a store may already hold. Numbers beyond a
 * SID's fields (a sub-authority over 32 bits, an authority of 2^48 or more)
 * are refused.
 */
export function checkedSid(sid: string): string {
  const canonical = parseSid(sid)
  if (canonical === undefined) {
    throw new InvalidChangeError(
      'AZMAN_ERR_CHANGE_INVALID_SID',
      `${quote(sid)} is not a SID; a SID looks like S-1-5-21-1004336348-1177238915-682003330-1105 (revision 1, an authority below 2^48, at most 15 sub-authorities of 32 bits)`,
    )
  }
  return canonical
}

/** The SID an account name stands for; domain accounts are refused with what to do instead. */
export function accountSid(account: string): string {
  const sid = wellKnownAccountSid(account)
  if (sid === undefined) {
    throw new InvalidChangeError(
      'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT',
      `${quote(account)} is not a well-known account; resolving domain accounts needs a directory: pass --directory ldaps://dc.example.com (or set AZMAN_LDAP_URL), or give its SID (--sid) instead`,
    )
  }
  return sid
}

/**
 * A SID of an access token as people give it: a SID (any case of the `S-`)
 * or a well-known account name (`Everyone`, `BUILTIN\Administrators`).
 * Refused with a usage error (exit 3; HTTP 400) otherwise.
 */
export function tokenSid(value: string, context = 'a token SID'): string {
  const text = value.trim()
  const canonical = parseSid(text)
  if (canonical !== undefined) return canonical
  const named = wellKnownAccountSid(text)
  if (named !== undefined) return named
  throw new UsageError(`${context}: ${quote(value)} is neither a SID (S-1-5-21-...) nor a well-known account name (Everyone, BUILTIN\\Administrators, ...)`)
}
