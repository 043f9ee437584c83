import type { JsonProblem } from '../../json/schema-messages.js'
import { parseSid } from '../../model/sid.js'
import { parseSddlCached } from '../sddl/parse-sddl.js'
import { SddlError } from '../sddl/sddl-error.js'
import { namespaceKey } from './namespace-key.js'
import { HostFactsSchema, type HostFacts } from './schema.js'

/** The fields of a facts document that are not facts: every other field is one, and may be named in `errors`. */
const NOT_FACTS: ReadonlySet<string> = new Set(['format', 'collectedAt', 'collector', 'errors'])

/** The facts a document may hold (`computer`, `os`, ... `firewall`), in the schema's order. */
export const FACT_NAMES: readonly string[] = Object.keys(HostFactsSchema.properties).filter((k) => !NOT_FACTS.has(k))

/** What a SID field holds that is not a SID as Windows writes it, or undefined when it is one. */
function sidProblem(sid: string, path: string): JsonProblem | undefined {
  const canonical = parseSid(sid)
  if (canonical === sid) return undefined
  if (canonical === undefined) return { path, message: 'is not a SID: more than 15 sub-authorities, or a part over its limit (the authority under 2^48, a sub-authority under 2^32)' }
  return { path, message: `must be a SID as Windows writes it: ${canonical}, without leading zeros` }
}

/** The first entry of `items` whose key (by `keyOf`, compared as given) an earlier entry has, as a problem naming both. */
function duplicate<T>(items: readonly T[] | undefined, path: string, field: string, keyOf: (item: T) => string, what: string): JsonProblem | undefined {
  const seen = new Map<string, number>()
  for (const [i, item] of (items ?? []).entries()) {
    const key = keyOf(item)
    const first = seen.get(key)
    if (first !== undefined) return { path: `${path}[${i}].${field}`, message: `is the ${what} of ${path}[${first}] too: ${what}s are unique on a host` }
    seen.set(key, i)
  }
  return undefined
}

function groupProblems(facts: HostFacts): JsonProblem | undefined {
  for (const [i, group] of (facts.localGroups ?? []).entries()) {
    const at = `$.localGroups[${i}]`
    const own = sidProblem(group.sid, `${at}.sid`)
    if (own !== undefined) return own
    for (const [j, member] of group.members.entries()) {
      const problem = sidProblem(member.sid, `${at}.members[${j}].sid`)
      if (problem !== undefined) return problem
    }
  }
  return duplicate(facts.localGroups, '$.localGroups', 'sid', (g) => g.sid, 'group SID')
}

/** An SDDL string that does not parse (what BinarySDToSDDL on a host never writes): a check on it would judge nothing. */
function sddlProblemAt(sddl: string | null | undefined, path: string): JsonProblem | undefined {
  if (sddl === null || sddl === undefined) return undefined
  try {
    parseSddlCached(sddl)
    return undefined
  } catch (e) {
    if (e instanceof SddlError) return { path, message: `is not a security descriptor azman can read: ${e.message}` }
    throw e
  }
}

function sddlProblem(facts: HostFacts): JsonProblem | undefined {
  for (const [i, n] of (facts.wmiNamespaces ?? []).entries()) {
    const problem = sddlProblemAt(n.sddl, `$.wmiNamespaces[${i}].sddl`)
    if (problem !== undefined) return problem
  }
  return sddlProblemAt(facts.dcom?.launchRestriction, '$.dcom.launchRestriction') ?? sddlProblemAt(facts.dcom?.accessRestriction, '$.dcom.accessRestriction')
}

/** The store block describes the file StoreLocation names: a store block of another location is not what the host reads. */
function storeLocationProblem(facts: HostFacts): JsonProblem | undefined {
  const registry = facts.virtualization?.storeLocation
  const store = facts.store?.location
  if (registry === undefined || registry === null || store === undefined || store === registry) return undefined
  return { path: '$.store.location', message: `must be virtualization.storeLocation (${JSON.stringify(registry.slice(0, 200))}), the store the host reads: the collector describes that store` }
}

/**
 * Whether an `errors` entry names a fact (`vms`) or a field of one
 * (`store.sha256`), and that fact or field is absent: a fact is either there or
 * explained, never both. A list fact (`vms`, `localGroups`, `wmiNamespaces`)
 * may be both: the items that could be read are there, and the entry says
 * which could not and why.
 */
function errorProblem(facts: HostFacts, fact: string, path: string): JsonProblem | undefined {
  const [head = '', field, ...rest] = fact.split('.')
  const known = `the facts are ${FACT_NAMES.join(', ')}`
  if (!FACT_NAMES.includes(head)) return { path, message: `names no fact (${known}; a field of one is named "store.sha256")` }
  const value = (facts as unknown as Record<string, unknown>)[head]
  if (field === undefined)
    return value === undefined || Array.isArray(value)
      ? undefined
      : { path, message: `names ${head}, which the facts have: a fact is either there or listed in errors, not both (only a list may be both: some of its items could not be read)` }
  const schema = (HostFactsSchema.properties as Record<string, { properties?: Record<string, unknown> }>)[head]
  if (rest.length > 0 || schema?.properties?.[field] === undefined) return { path, message: `names no field of ${head}` }
  const inner = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined
  return inner === undefined ? undefined : { path, message: `names ${head}.${field}, which the facts have: a fact is either there or listed in errors, not both` }
}

/**
 * What a facts document that fits its schema still gets wrong, in the order a
 * reader meets it: SIDs Windows would not read, a VM GUID (or group SID, or
 * WMI namespace, `/` and `\` alike) given twice, an SDDL that does not parse, a
 * store block of another location than StoreLocation, an `errors` entry that
 * names no fact or a fact that is there. Undefined when there is nothing. Two VMs may share a name
 * (Hyper-V allows it); they never share a GUID.
 */
export function factsProblem(facts: HostFacts): JsonProblem | undefined {
  return (
    duplicate(facts.vms, '$.vms', 'guid', (vm) => vm.guid.toLowerCase(), 'VM GUID') ??
    duplicate(facts.wmiNamespaces, '$.wmiNamespaces', 'namespace', (n) => namespaceKey(n.namespace), 'namespace') ??
    sddlProblem(facts) ??
    storeLocationProblem(facts) ??
    groupProblems(facts) ??
    facts.errors.map((e, i) => errorProblem(facts, e.fact, `$.errors[${i}].fact`)).find((p) => p !== undefined)
  )
}
