import { pushTo } from '../verify/push-to.js'
import { CEDAR_TYPES as T } from './cedar-names.js'

/**
 * A Cedar policy in the JSON form Cedar itself writes (`policyToJson`), read for the comparison's
 * symmetry reduction (docs/migrate.md#cases-asked-once): which SIDs, actions and other entities it
 * names, and which SIDs it treats alike.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `{type, id}` of a bare entity reference, as a policy's scope writes one. */
function bareRef(v: Json | undefined): { type: string; id: string } | undefined {
  return isObject(v) && typeof v.type === 'string' && typeof v.id === 'string' && Object.keys(v).length === 2 ? { type: v.type, id: v.id } : undefined
}

/** `{type, id}` of an entity literal in an expression: the `__entity` escape. */
function entityRef(v: Json | undefined): { type: string; id: string } | undefined {
  return isObject(v) && Object.keys(v).length === 1 ? bareRef(v.__entity) : undefined
}

/**
 * Collects the ids of entity references of `type` anywhere in `v`: escapes, and bare `{type, id}`
 * objects wherever they are (a policy's scope writes them so).
 */
function collect(v: Json | undefined, type: string, into: Set<string>): Set<string> {
  const ref = entityRef(v) ?? bareRef(v)
  if (ref !== undefined) {
    if (ref.type === type) into.add(ref.id)
  } else if (Array.isArray(v)) for (const x of v) collect(x, type, into)
  else if (isObject(v)) for (const x of Object.values(v)) collect(x, type, into)
  return into
}

/** Every entity reference anywhere in `v`, each once. */
function collectAll(v: Json | undefined, into: Map<string, { type: string; id: string }>): { type: string; id: string }[] {
  const ref = entityRef(v) ?? bareRef(v)
  if (ref !== undefined) into.set(`${ref.type}::${ref.id}`, ref)
  else if (Array.isArray(v)) for (const x of v) collectAll(x, into)
  else if (isObject(v)) for (const x of Object.values(v)) collectAll(x, into)
  return [...into.values()]
}

/** One policy of an export, as the symmetry reduction reads it. */
export class CedarPolicyShape {
  readonly json: Json
  /** Every SID the policy names (entity literals of type Sid, anywhere). */
  readonly sids: ReadonlySet<string>
  /** Every action the policy names. */
  readonly actions: ReadonlySet<string>
  /** Every entity the policy names, of any type. */
  readonly entities: readonly { readonly type: string; readonly id: string }[]
  constructor(json: unknown) {
    this.json = json as Json
    this.sids = collect(this.json, T.sid, new Set())
    this.actions = collect(this.json, T.action, new Set())
    this.entities = collectAll(this.json, new Map())
  }

  /** The resource constraint of the policy's scope, as written. */
  get resource(): Json | undefined {
    return isObject(this.json) ? this.json.resource : undefined
  }

  /**
   * The policy's classes of SIDs: a SID named only as an element of constant sets (`[Sid::"a",
   * Sid::"b"]`: every element an entity literal) is labelled by those sets; swapping two SIDs with one
   * label reorders the elements of sets and changes nothing else, so the policy decides alike. A SID
   * named anywhere else (alone, in the policy's scope, in any other expression) is a class of its own.
   */
  sidClasses(): Map<string, string> {
    const sets = new Map<string, number[]>()
    const alone = new Set<string>()
    let node = 0
    const visit = (v: Json | undefined): void => {
      if (Array.isArray(v)) for (const x of v) visit(x)
      else if (isObject(v)) {
        const elements = constantSet(v)
        if (elements !== undefined) {
          const at = node++
          for (const e of elements) if (e.type === T.sid) pushTo(sets, e.id, at)
          return
        }
        const ref = entityRef(v) ?? bareRef(v)
        if (ref !== undefined) {
          if (ref.type === T.sid) alone.add(ref.id)
          return
        }
        for (const x of Object.values(v)) visit(x)
      }
    }
    visit(this.json)
    const out = new Map<string, string>()
    for (const sid of this.sids) out.set(sid, alone.has(sid) || !sets.has(sid) ? `alone:${sid}` : `sets:${(sets.get(sid) ?? []).join(',')}`)
    return out
  }
}

/** The elements of `{"Set": [...]}` when every one is an entity literal (the set is a constant). */
function constantSet(v: { [key: string]: Json }): { type: string; id: string }[] | undefined {
  if (Object.keys(v).length !== 1 || !Array.isArray(v.Set)) return undefined
  const out: { type: string; id: string }[] = []
  for (const x of v.Set) {
    const ref = isObject(x) && Object.keys(x).length === 1 ? entityRef(x.Value) : undefined
    if (ref === undefined) return undefined
    out.push(ref)
  }
  return out
}
