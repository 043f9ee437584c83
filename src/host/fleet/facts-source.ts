import { HostFactsError } from '../../errors/input-errors.js'
import { hostFactsFromJson } from '../facts/read-facts.js'
import type { HostFacts } from '../facts/schema.js'
import type { FleetHost } from './fleet-types.js'

/**
 * A facts document given as a parsed JSON value (a REST body's `facts`),
 * held to the same schema as a file.
 *
 * @param at the JSON path of the value in its document, e.g. `$.hosts[2].facts`
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS`, naming the JSON path
 */
export function hostFactsValue(value: unknown, at: string): HostFacts {
  try {
    return hostFactsFromJson(value, at)
  } catch (e) {
    // `$.facts: $.vms must be ...` reads better as `$.facts.vms must be ...`: one path from the body's root.
    const prefix = `${at}: $`
    if (e instanceof HostFactsError && e.message.startsWith(prefix)) throw new HostFactsError(`${at}${e.message.slice(prefix.length)}`, { cause: e })
    throw e
  }
}

/**
 * Hosts from facts documents already in memory (a REST body), each held to
 * the facts schema when its turn comes; `at(i)` is the JSON path of the i-th
 * document, used as its label and in errors.
 */
export function documentHosts(documents: readonly { readonly facts: unknown; readonly store?: string | undefined }[], at: (i: number) => string): FleetHost[] {
  return documents.map((d, i) => ({ label: at(i), facts: () => Promise.resolve(hostFactsValue(d.facts, `${at(i)}.facts`)), ...(d.store === undefined ? {} : { store: d.store }) }))
}

/**
 * The body's one-host `facts` as its HostFactsError when it is not valid
 * facts; undefined when it is (or there is none). A fleet's documents
 * (`hosts[i].facts`) are judged host by host when the fleet is checked.
 */
export function factsProblem(body: unknown): HostFactsError | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const facts = (body as { facts?: unknown }).facts
  if (facts === undefined) return undefined
  try {
    hostFactsValue(facts, '$.facts')
    return undefined
  } catch (e) {
    if (e instanceof HostFactsError) return e
    throw e
  }
}
