import { guidKey, type PolicyStore } from '../../model/policy.js'
import { sameContent } from '../same-content.js'
import { walkStore, type Visited } from '../../model/walk.js'

/** Every object of a store version by GUID key, with where it lives (the first object with a GUID wins). */
export type ObjectIndex = ReadonlyMap<string, Visited>

/** The {@link ObjectIndex} of a store version. */
export function indexObjects(policy: PolicyStore): ObjectIndex {
  const out = new Map<string, Visited>()
  for (const v of walkStore(policy)) if (!out.has(guidKey(v.object.guid))) out.set(guidKey(v.object.guid), v)
  return out
}

/** An application's own fields (its children are objects of their own). */
function sameApplicationFields(a: Visited, b: Visited): boolean {
  if (a.kind !== 'application' || b.kind !== 'application') return false
  const own = (v: typeof a): unknown => JSON.stringify([v.object.name, v.object.description ?? null, v.object.version ?? null, v.object.extras])
  return own(a) === own(b)
}

/** Whether one object is the same in two versions: same kind, same content (a task that became a role definition is not). */
export function sameObject(a: Visited | undefined, b: Visited | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  if (a.kind !== b.kind) return false
  if (a.kind === 'application') return sameApplicationFields(a, b)
  return sameContent(a.object, b.object)
}

/**
 * The objects one version of a store changed against the one before it, by
 * GUID key: created, deleted, or with other content (fields, links, members,
 * unknown XML). Objects inside a created or deleted scope are counted one by
 * one. What the store itself holds (its description, versions) is the key `""`.
 */
export function changedObjects(before: PolicyStore, after: PolicyStore): Set<string> {
  const a = indexObjects(before)
  const b = indexObjects(after)
  const out = new Set<string>()
  for (const key of new Set([...a.keys(), ...b.keys()])) if (!sameObject(a.get(key), b.get(key))) out.add(key)
  const own = (p: PolicyStore): string => JSON.stringify([p.description ?? null, p.majorVersion, p.minorVersion, p.guid ?? null, p.extras])
  if (own(before) !== own(after)) out.add('')
  return out
}

const LINK_LISTS = ['operationLinks', 'taskLinks', 'appMemberLinks', 'appNonMemberLinks'] as const

/**
 * What an object rests on, by GUID key: itself, the scope it lives in, and
 * the objects it links to. A later write that changed an object resting on
 * one the reverted entry changed depends on that entry (a role definition
 * made inside the scope the entry created, a role assignment linked to the
 * role definition it created).
 */
export function restsOn(v: Visited): string[] {
  const out = [guidKey(v.object.guid)]
  if (v.kind !== 'application' && v.container?.scope !== undefined) out.push(guidKey(v.container.scope.guid))
  const fields = v.object as unknown as Readonly<Record<string, unknown>>
  for (const list of LINK_LISTS) {
    const links = fields[list]
    if (Array.isArray(links)) for (const g of links) if (typeof g === 'string') out.push(guidKey(g))
  }
  return out
}
