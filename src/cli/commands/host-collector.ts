import { UsageError } from '../../errors/usage-error.js'
import type { ExitCode } from '../../errors/azman-error.js'
import type { GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'

/** `azman host collector`: writes the host facts collector. (Placeholder.) */
export async function hostCollector(args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  await Promise.resolve([args, io, globals])
  throw new UsageError('host collector is not built yet')
}
