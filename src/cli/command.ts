import type { ExitCode } from '../errors/azman-error.js'
import type { NamesTable } from '../directory/names-file.js'
import type { ServiceStarter } from '../service-config/service-starter.js'
import type { OpenStoreOptions } from '../store/open-store.js'
import type { CliIo } from './io.js'

/** Options every command accepts. */
export interface GlobalOptions {
  readonly json: boolean
  readonly debug: boolean
  /** How to reach stores on a server (credentials, TLS, journal): the store options and AZMAN_LDAP_* variables. */
  readonly store: OpenStoreOptions
  /** The names file's SID to name table (--names, AZMAN_NAMES), read once before the command runs; a directory's names win over it. */
  readonly names?: NamesTable
  /** Starts the REST service for `azman serve`; given by the composition root (`src/bin.ts`), absent where main() runs without it. */
  readonly startService?: ServiceStarter
}

export interface Command {
  readonly name: string
  /** One line for `azman --help`. */
  readonly summary: string
  /** The usage block for `azman <command> --help`, ending with its `examples:` section (see examples.ts). */
  readonly usage: string
  /** A command with actions (`azman scope create ...`): their names. `azman <command> <action> --help` shows the command's usage. */
  readonly actions?: readonly string[]
  /** Parses its own arguments (throwing UsageError), does the work, renders, and returns the exit code. */
  run(args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode>
}
