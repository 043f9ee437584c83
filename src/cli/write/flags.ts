import type { OperationRef, PrincipalRef } from '../../change-set/change.js'
import { UsageError } from '../../errors/usage-error.js'
import type { CliIo } from '../io.js'

/** Flags that name principals, repeatable. */
export const PRINCIPAL_FLAGS = {
  sid: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  group: { type: 'string', multiple: true },
} as const

export const WHERE_FLAGS = {
  app: { type: 'string' },
  scope: { type: 'string' },
} as const

export function required(command: string, flag: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`${command}: --${flag} is required; see azman ${command.split(' ')[0] ?? command} --help`)
  return value
}

export function principals(values: { sid?: string[] | undefined; account?: string[] | undefined; group?: string[] | undefined }): PrincipalRef[] {
  return [...(values.sid ?? []).map((sid) => ({ sid })), ...(values.account ?? []).map((account) => ({ account })), ...(values.group ?? []).map((group) => ({ group }))]
}

/** The principals of `--sid`, `--account` and `--group`; a usage error (`command: name at least one ...`) when none is named. */
export function requiredPrincipals(command: string, values: { sid?: string[] | undefined; account?: string[] | undefined; group?: string[] | undefined }): PrincipalRef[] {
  const who = principals(values)
  if (who.length === 0) throw new UsageError(`${command}: name at least one --sid, --account or --group`)
  return who
}

/** `--operation 315` is an OperationID, `--operation "Start Virtual Machine"` a name. */
export function operations(values: readonly string[] | undefined): OperationRef[] {
  return (values ?? []).map((v) => (/^-?[0-9]+$/.test(v.trim()) ? Number(v.trim()) : v))
}

/** `{ scope }` when given, for spreading into a change. */
export function scoped(scope: string | undefined): { scope?: string } {
  return scope === undefined ? {} : { scope }
}

/**
 * The value of a renamed flag: `--current`, or its old name `--old`, accepted
 * for one version with a one-line note on stderr (never on stdout, which
 * `--json` keeps for the answer). Both at once is a usage error (exit 3).
 */
export function renamedFlag<T>(command: string, io: CliIo, current: readonly [flag: string, value: T | undefined], old: readonly [flag: string, value: T | undefined]): T | undefined {
  if (current[1] !== undefined && old[1] !== undefined) throw new UsageError(`${command}: give --${current[0]} or its deprecated old name --${old[0]}, not both`)
  if (old[1] !== undefined) io.stderr.write(`azman: warning: --${old[0]} is deprecated (accepted for one version); use --${current[0]}\n`)
  return current[1] ?? old[1]
}
