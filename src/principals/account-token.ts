import { accountSid } from '../change-set/principals.js'
import type { Account, Directory } from '../directory/directory.js'
import { evaluateLdapQueryGroups } from '../directory/ldap-query-groups.js'
import { resolveToken } from '../directory/resolve-token.js'
import { sidForName, type NamesTable } from '../directory/names-file.js'
import { mergedNames, sidsOf, type SidNames } from '../directory/sid-names.js'
import { UnknownAccountError } from '../errors/directory-errors.js'
import { wellKnownAccountSid } from '../model/account-name.js'
import { quote } from '../model/quote.js'
import type { PolicyStore } from '../model/policy.js'
import { InvalidChangeError } from '../errors/change-errors.js'
import { NotFoundError } from '../errors/lookup-error.js'

/** The token of an access question (check, what-can), with what the directory said about it. */
export interface SubjectToken {
  /** Every SID of the token: the given SIDs, and the account's (its Windows token, or its well-known SID). */
  readonly sids: readonly string[]
  /** The account, as the directory resolved it (only with a directory and an account). */
  readonly account?: Account
  /** LDAP-query group memberships the directory decided for the account (see evaluateLdapQueryGroups). */
  readonly groupOutcomes?: ReadonlyMap<string, boolean | undefined>
  /** Names for the SIDs of the store and the token: the directory's, else the names file's. */
  readonly names?: SidNames
  /**
   * Said when the token is not one the directory built at logon: it holds
   * only the SIDs given (and, with `withWellKnown`, the logon SIDs), never an
   * account's groups. Absent for a directory's token of an account.
   */
  readonly tokenNote?: string
}

/** Everyone, Authenticated Users and BUILTIN\Users: the SIDs every interactively logged-on domain user's token has. */
export const LOGON_SIDS: readonly string[] = ['S-1-1-0', 'S-1-5-11', 'S-1-5-32-545']

/** What an access question adds to the SIDs it is given. */
export interface TokenOptions {
  /** Add {@link LOGON_SIDS}, as a logged-on user has them (CLI `--with-well-known`, REST `withWellKnown=true`). */
  readonly withWellKnown?: boolean
  /** The names file: names SIDs, and resolves `account` when there is no directory. */
  readonly table?: NamesTable
}

/** The one-line note of a token that holds only what it was given (see {@link SubjectToken.tokenNote}). */
export function tokenNote(options: TokenOptions): string {
  if (options.withWellKnown === true) {
    return 'note: the token holds the SIDs given with Everyone, Authenticated Users and Users, as a logged-on user has them; group memberships are not expanded'
  }
  return 'note: the token holds only the SIDs given: no Everyone, Authenticated Users or Users unless given (--with-well-known, over REST withWellKnown=true, adds them), and no group memberships'
}

/** `sids` with the logon SIDs after them, when asked for (those already there are not repeated). */
function withLogonSids(sids: readonly string[], options: TokenOptions): string[] {
  if (options.withWellKnown !== true) return [...sids]
  return [...sids, ...LOGON_SIDS.filter((s) => !sids.includes(s))]
}

/**
 * The SID of an account without a directory: a well-known name, else the
 * names file's entry for it.
 *
 * @throws UnknownAccountError when the names file has no entry or two for it.
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT` without either.
 */
export function accountSidFromTable(account: string, table: NamesTable | undefined): string {
  if (table === undefined || wellKnownAccountSid(account) !== undefined) return accountSid(account)
  const sid = sidForName(table, account)
  if (sid === null) throw new UnknownAccountError(`${quote(account)} names more than one SID in the names file ${table.file}; give the SID (--sid) instead`)
  if (sid === undefined) throw new UnknownAccountError(`${quote(account)} is not in the names file ${table.file}, and there is no directory to ask; give its SID (--sid) or a directory (--directory)`)
  return sid
}

/**
 * The token of an access question about `sids` and, optionally, an
 * `account` (`DOMAIN\name`, `name@upn.suffix`, a well-known name or a SID).
 *
 * With a directory, the account's token is built as Windows builds it at
 * logon (its SID, its transitive groups from `tokenGroups`, Everyone and
 * Authenticated Users), the store's LDAP-query application groups are decided
 * for it, and the SIDs of the store and the token are named (the names file
 * names what the directory does not). Without one, well-known account names
 * and the names file's accounts are accepted, and the token is the SIDs
 * alone, with a {@link SubjectToken.tokenNote}.
 *
 * A query changes nothing, so an account it cannot find is never an invalid
 * change (exit 4): it is `AZMAN_ERR_NOT_FOUND` (exit 3, HTTP 404), with the
 * message of the write paths' refusal (what to do instead).
 *
 * @throws NotFoundError when the directory has no such account (or names
 *   several), or for a domain account without a directory.
 */
export async function subjectToken(directory: Directory | undefined, policy: PolicyStore, sids: readonly string[], account: string | undefined, options: TokenOptions = {}): Promise<SubjectToken> {
  const file = options.table?.names
  if (directory === undefined) {
    const given = account === undefined ? [...sids] : [...sids, await queried(() => accountSidFromTable(account, options.table))]
    return { sids: withLogonSids(given, options), ...(file === undefined ? {} : { names: file }), tokenNote: tokenNote(options) }
  }
  const token = account === undefined ? undefined : await queried(() => resolveToken(directory, account))
  const all = withLogonSids(token === undefined ? [...sids] : [...new Set([...sids, ...token.sids])], options)
  const names = mergedNames(await directory.names(new Set([...sidsOf(policy), ...all])), file)
  if (token === undefined) return { sids: all, names, tokenNote: tokenNote(options) }
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
