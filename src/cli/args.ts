import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from '../errors/usage-error.js'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * Strict argument parsing: unknown flags, missing values and wrong numbers of
 * positionals are usage errors (exit 3) that name the problem.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
  positionals: { readonly min: number; readonly max: number; readonly names: string },
): { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values']; positionals: string[] } {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (e) {
    const message = e instanceof Error ? parseArgsMessage(e.message) : String(e)
    throw new UsageError(`${command}: ${message}; see azman ${command} --help`)
  }
  const count = parsed.positionals.length
  if (count < positionals.min || count > positionals.max) {
    throw new UsageError(`${command} takes ${positionals.names}; see azman ${command} --help`)
  }
  return { values: parsed.values, positionals: parsed.positionals }
}

/** Node's parser's message, shortened to what this command line needs: a value that starts with a dash is given with `=`. */
function parseArgsMessage(message: string): string {
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)
  if (ambiguous) return `${ambiguous[1] ?? ''} needs a value; for one that starts with a dash, write ${ambiguous[1] ?? ''}=VALUE`
  return message.replace(/\. To specify a positional argument.*$/s, '')
}
