import type { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import type { Command, GlobalOptions } from '../command.js'
import type { CliIo } from '../io.js'

type Action = (args: readonly string[], io: CliIo, globals: GlobalOptions) => Promise<ExitCode>

/** A command with actions: `azman scope create ...`, `azman scope delete ...`. */
export function commandWithActions(name: string, summary: string, usage: string, actions: Readonly<Record<string, Action>>): Command {
  return {
    name,
    summary,
    usage,
    actions: Object.keys(actions),
    async run(args, io, globals) {
      const [action, ...rest] = args
      const run = action === undefined ? undefined : actions[action]
      if (!run) throw new UsageError(`${name} takes one of: ${Object.keys(actions).join(', ')}; see azman ${name} --help`)
      return run(rest, io, globals)
    },
  }
}

/**
 * The actions table of {@link commandWithActions}, one action a name, made by `make`, in the order of `names`
 * (the order `--help` and the usage error list them in).
 */
export function actionsNamed<N extends string>(names: readonly N[], make: (name: N) => Action): Record<N, Action> {
  return Object.fromEntries(names.map((name) => [name, make(name)])) as Record<N, Action>
}
