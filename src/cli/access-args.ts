import { AccessIndex } from '../access/index.js'
import { tokenSid } from '../change-set/principals.js'
import { UsageError } from '../errors/usage-error.js'
import { quote } from '../model/quote.js'
import type { PolicyStore } from '../model/policy.js'
import type { GlobalOptions } from './command.js'
import type { CliIo } from './io.js'
import { loadStore } from './load-store.js'

/**
 * `--sid` values: a SID (`S-1-5-32-544`, any case of the `S`, leading zeros
 * allowed: `S-1-5-32-0544` is read as `S-1-5-32-544`, as Windows reads it) or
 * a well-known name (`Everyone`, `BUILTIN\Administrators`, `Administrators`).
 * SIDs come back canonical. The list is the whole token. Anything else,
 * numbers that overflow a SID's fields included, is a usage error (exit 3).
 */
export function tokenSids(command: string, values: readonly string[] | undefined): string[] {
  if (values === undefined || values.length === 0) throw new UsageError(`${command}: give the token with --sid SID (repeat it for each SID); see azman ${command} --help`)
  return values.map((value) => tokenSid(value, command))
}

/** Loads the store (an msldap:// one with the store options; as it was at `at`, with --at) and indexes the application named by --app (exit 3 when it does not exist). */
export async function loadAccessIndex(
  command: string,
  ref: string,
  app: string | undefined,
  io: CliIo,
  globals: GlobalOptions,
  at?: string,
): Promise<{ index: AccessIndex; policy: PolicyStore; version: string }> {
  if (app === undefined || app === '') throw new UsageError(`${command}: --app is required; see azman ${command} --help`)
  const { policy, version } = await loadStore(ref, io, globals.store, at)
  return { index: AccessIndex.build(policy, app), policy, version }
}

/** "application level" or `scope "Lab VMs"`, for text output. */
export function whereText(scope: string | null | undefined): string {
  return scope === null || scope === undefined || scope === '' ? 'the application level' : `scope ${quote(scope)}`
}
