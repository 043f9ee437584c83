import { HostFactsError } from '../../errors/input-errors.js'
import { schemaProblem } from '../../json/schema-check.js'
import { HostFactsSchema, type HostFacts } from './schema.js'

/**
 * Reads a host facts document strictly: JSON of the `azman-host-facts/1`
 * shape, within {@link FACTS_LIMITS}.
 *
 * @param source how to name the input in messages (a file name)
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS` (exit 2), naming the JSON path
 */
export function readHostFacts(text: string, source: string): HostFacts {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HostFactsError(`${source}: not JSON`)
  }
  const problem = schemaProblem(HostFactsSchema, value, '$', 'is not a field of host facts')
  if (problem !== undefined) throw new HostFactsError(`${source}: ${problem.path} ${problem.message}`)
  return value as HostFacts
}
