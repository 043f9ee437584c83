import type { AccessIndex } from '../access/index.js'
import type { PolicyStore } from '../model/policy.js'
import { subjectToken, type SubjectToken } from '../principals/account-token.js'
import { UsageError } from '../errors/usage-error.js'
import { loadAccessIndex, tokenSids } from './access-args.js'
import type { GlobalOptions } from './command.js'
import { withDirectory } from './directory.js'
import type { CliIo } from './io.js'

/** Who an access query is about, and how to name SIDs in its output. */
export interface AccessSubject extends SubjectToken {
  readonly index: AccessIndex
  readonly policy: PolicyStore
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
                   conditional. Without one, well-known names and the accounts of the
                   --names file (its SID only).
  --with-well-known
                   add Everyone, Authenticated Users and Users (S-1-1-0, S-1-5-11,
                   S-1-5-32-545) to the token, as a logged-on user has them. A token
                   not built by a directory ends with a note saying what it holds.`

/**
 * Loads the store and the application for an access query, and, with a
 * directory, resolves --account to its Windows token, evaluates the store's
 * LDAP-query groups for it, and names the SIDs (the directory's names, else
 * the --names file's). `needsToken`: a --sid or an
 * --account is required (check, what-can); who-can only names SIDs.
 */
export async function loadAccessSubject(
  command: string,
  ref: string,
  values: {
    readonly app?: string | undefined
    readonly sid?: readonly string[] | undefined
    readonly account?: string | undefined
    readonly 'with-well-known'?: boolean | undefined
    /** --at: the store as it was then. */
    readonly at?: string | undefined
  },
  io: CliIo,
  globals: GlobalOptions,
  needsToken: boolean,
): Promise<AccessSubject> {
  const given = values.sid ?? []
  if (needsToken && values.account === undefined && given.length === 0) {
    throw new UsageError(`${command}: give the token with --sid SID (repeat it for each SID) or --account NAME; see azman ${command} --help`)
  }
  const sids = given.length === 0 ? [] : tokenSids(command, given)
  const { index, policy } = await loadAccessIndex(command, ref, values.app, io, globals, values.at)
  // Without a directory: well-known account names and the names file's; another account gets a clear error (its SID, or --directory).
  const options = { withWellKnown: values['with-well-known'] === true, ...(globals.names === undefined ? {} : { table: globals.names }) }
  return withDirectory(ref, globals, async (directory) => ({ index, policy, ...(await subjectToken(directory, policy, sids, values.account, options)) }))
}

/** The token note as the last line of a text answer (a blank line before it), or nothing. */
export function noteLine(note: string | undefined): string {
  return note === undefined ? '' : `\n${note}\n`
}
