import { accountSid } from '../change-set/principals.js'
import type { Account, Directory } from '../directory/directory.js'
import { evaluateLdapQueryGroups } from '../directory/ldap-query-groups.js'
import { resolveToken } from '../directory/resolve-token.js'
import { sidsOf, type SidNames } from '../directory/sid-names.js'
import type { PolicyStore } from '../model/policy.js'
import { InvalidChangeError } from '../errors/change-errors.js'
import { UnknownAccountError } from '../errors/directory-errors.js'
import { NotFoundError } from '../errors/lookup-error.js'

/** The token of an access question (check, what-can), with what the directory said about it. */
export interface SubjectToken {
  /** Every SID of the token: the given SIDs, and the account's (its Windows token, or its well-known SID). */
  readonly sids: readonly string[]
  /** The account, as the directory resolved it (only with a directory and an account). */
  readonly account?: Account
  /** LDAP-query group memberships the directory decided for the account (see evaluateLdapQueryGroups). */
  readonly groupOutcomes?: ReadonlyMap<string, boolean | undefined>
  /** The directory's names for the SIDs of the store and the token (only with a directory). */
  readonly names?: SidNames
}

/**
 * The token of an access question about `sids` and, optionally, an
 * `account` (`DOMAIN\name`, `name@upn.suffix`, a well-known name or a SID).
 *
 * With a directory, the account's token is built as Windows builds it at
 * logon (its SID, its transitive groups from `tokenGroups`, Everyone and
 * Authenticated Users), the store's LDAP-query application groups are decided
 * for it, and the SIDs of the store and the token are named. Without one,
 * only well-known account names are accepted.
 *
 * A query changes nothing, so an account it cannot find is never an invalid
 * change (exit 4): it is `AZMAN_ERR_NOT_FOUND` (exit 3, HTTP 404), with the
 * message of the write paths' refusal (what to do instead).
 *
 * @throws NotFoundError when the directory has no such account (or names
 *   several), or for a domain account without a directory.
 */
export async function subjectToken(directory: Directory | undefined, policy: PolicyStore, sids: readonly string[], account: string | undefined): Promise<SubjectToken> {
  if (directory === undefined) return { sids: account === undefined ? [...sids] : [...sids, await queried(() => accountSid(account))] }
  const token = account === undefined ? undefined : await queried(() => resolveToken(directory, account))
  const all = token === undefined ? [...sids] : [...new Set([...sids, ...token.sids])]
  const names = await directory.names(new Set([...sidsOf(policy), ...all]))
  if (token === undefined) return { sids: all, names }
  const groupOutcomes = await evaluateLdapQueryGroups(directory, policy, token.account)
  return { sids: all, account: token.account, groupOutcomes, names }
}

/** `find()`, with an account it cannot find (`AZMAN_ERR_ACCOUNT_UNKNOWN`, `AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT`) as a query's {@link NotFoundError}. */
async function queried<T>(find: () => T | Promise<T>): Promise<T> {
  try {
    return await find()
  } catch (error) {
    if (error instanceof UnknownAccountError || (error instanceof InvalidChangeError && error.code === 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT')) throw new NotFoundError(error.message, { cause: error })
    throw error
  }
}
