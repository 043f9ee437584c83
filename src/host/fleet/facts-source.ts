import { HostFactsError } from '../../errors/input-errors.js'
import { readJsonInput } from '../../fs/file-system.js'
import { ioReason } from '../../fs/io-error.js'
import { schemaProblem } from '../../json/schema-check.js'
import { readHostFacts } from '../facts/read-facts.js'
import { HostFactsSchema, type HostFacts } from '../facts/schema.js'

/**
 * A facts file read strictly: the file (a regular file of at most 16 MiB,
 * as every JSON input), then {@link readHostFacts}.
 *
 * The fleet's own small reader until the facts reader's file function
 * (`readHostFactsFile`) lands; the two say the same things.
 *
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS` (exit 2): a file that cannot be read, is not JSON or not facts
 */
export async function readFactsFile(path: string): Promise<HostFacts> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    throw new HostFactsError(`cannot read the facts file ${path}: ${ioReason(e)}`, { cause: e })
  }
  return readHostFacts(text, path)
}

/**
 * A facts document given as a parsed JSON value (a REST body's `facts`),
 * held to the same schema as a file.
 *
 * @param at the JSON path of the value in its document, e.g. `$.hosts[2].facts`
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS`, naming the JSON path
 */
export function hostFactsValue(value: unknown, at: string): HostFacts {
  const problem = schemaProblem(HostFactsSchema, value, at, 'is not a field of host facts')
  if (problem !== undefined) throw new HostFactsError(`${problem.path} ${problem.message}`)
  return value as HostFacts
}
