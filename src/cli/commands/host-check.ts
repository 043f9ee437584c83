import { UsageError } from '../../errors/usage-error.js'
import type { ExitCode } from '../../errors/azman-error.js'
import type { GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'

/** `azman host check`: judges a store against host facts. (Placeholder.) */
export async function hostCheck(args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  await Promise.resolve([args, io, globals])
  throw new UsageError('host check is not built yet')
}
