import type { AccessIndex } from '../access/index.js'
import { accountSid } from '../change-set/principals.js'
import type { Account } from '../directory/directory.js'
import { evaluateLdapQueryGroups } from '../directory/ldap-query-groups.js'
import { resolveToken } from '../directory/resolve-token.js'
import { sidsOf, type SidNames } from '../directory/sid-names.js'
import type { PolicyStore } from '../model/policy.js'
import { UsageError } from '../errors/usage-error.js'
import { loadAccessIndex, tokenSids } from './access-args.js'
import type { GlobalOptions } from './command.js'
import { withDirectory } from './directory.js'
import type { CliIo } from './io.js'

/** Who an access query is about, and how to name SIDs in its output. */
export interface AccessSubject {
  readonly index: AccessIndex
  readonly policy: PolicyStore
  /** The token: the --sid values, and the --account's SIDs (its token through the directory, or its well-known SID). */
  readonly sids: readonly string[]
  /** The --account, as the directory resolved it. */
  readonly account?: Account
  /** LDAP-query group memberships the directory decided for the account (see evaluateLdapQueryGroups). */
  readonly groupOutcomes?: ReadonlyMap<string, boolean | undefined>
  /** The directory's names for the SIDs of the store and the token. */
  readonly names?: SidNames
}

/** The usage lines of --sid and --account for check and what-can. */
export const TOKEN_USAGE = `  --sid SID        a SID of the token, or a well-known name (Everyone,
                   BUILTIN\\Administrators); repeat it. A list of --sid is the whole
                   token: nothing is added, every SID counts as held.
  --account NAME   an account (DOMAIN\\name, name@upn.suffix): with a directory (the
                   store's DC for an msldap:// store, else --directory / AZMAN_LDAP_URL)
                   its token as Windows builds it at logon (its SID, its transitive
                   groups from tokenGroups, Everyone, Authenticated Users), and its
                   LDAP-query application groups decided by the directory instead of
                   conditional. Without one, only well-known names.`

/**
 * Loads the store and the application for an access query, and, with a
 * directory, resolves --account to its Windows token, evaluates the store's
 * LDAP-query groups for it, and names the SIDs. `needsToken`: a --sid or an
 * --account is required (check, what-can); who-can only names SIDs.
 */
export async function loadAccessSubject(
  command: string,
  ref: string,
  values: { readonly app?: string | undefined; readonly sid?: readonly string[] | undefined; readonly account?: string | undefined },
  io: CliIo,
  globals: GlobalOptions,
  needsToken: boolean,
): Promise<AccessSubject> {
  const given = values.sid ?? []
  if (needsToken && values.account === undefined && given.length === 0) {
    throw new UsageError(`${command}: give the token with --sid SID (repeat it for each SID) or --account NAME; see azman ${command} --help`)
  }
  const sids = given.length === 0 ? [] : tokenSids(command, given)
  const { index, policy } = await loadAccessIndex(command, ref, values.app, io, globals)
  return withDirectory(ref, globals, async (directory) => {
    if (directory === undefined) {
      // No directory: well-known account names only; a domain account gets a clear error (its SID, or --directory).
      return { index, policy, sids: values.account === undefined ? sids : [...sids, accountSid(values.account)] }
    }
    const token = values.account === undefined ? undefined : await resolveToken(directory, values.account)
    const all = token === undefined ? sids : [...new Set([...sids, ...token.sids])]
    const names = await directory.names(new Set([...sidsOf(policy), ...all]))
    if (token === undefined) return { index, policy, sids: all, names }
    const groupOutcomes = await evaluateLdapQueryGroups(directory, policy, token.account)
    return { index, policy, sids: all, account: token.account, groupOutcomes, names }
  })
}
