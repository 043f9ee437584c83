import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { InvalidChangeError } from '../errors/change-errors.js'
import { StoreIoError } from '../errors/input-errors.js'
import { UsageError } from '../errors/usage-error.js'
import type { CliIo } from './io.js'

/** Reads a JSON file argument, or standard input for `-`. Bad JSON is an invalid change (exit 4) naming the file. */
export async function readJsonArgument(path: string, io: CliIo): Promise<unknown> {
  let text: string
  if (path === '-') {
    if (!io.readStdin) throw new UsageError('reading from standard input is not available here')
    text = await io.readStdin()
  } else {
    try {
      text = await readJsonInput(path)
    } catch (e) {
      throw new StoreIoError(`cannot read ${path}: ${ioReason(e)}`, { cause: e })
    }
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_SET_INVALID', `${path === '-' ? 'standard input' : path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}
