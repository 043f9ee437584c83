import type { CedarPolicyShape } from './cedar-policy-shape.js'

/** An entity's uid as the slice compares them. */
export interface Uid {
  readonly type: string
  readonly id: string
}

function same(a: Uid, b: Uid): boolean {
  return a.type === b.type && a.id === b.id
}

function uidOf(v: unknown): Uid | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const o = v as { type?: unknown; id?: unknown }
  return typeof o.type === 'string' && typeof o.id === 'string' ? { type: o.type, id: o.id } : undefined
}

/**
 * Whether a policy can apply to a request on `resource`, whose ancestors (transitively) are
 * `ancestors`, judged from the policy's scope alone: `resource == E` only to E, `resource in E` only
 * to E and what is under it, `resource is T [in E]` only to type T (under E). Anything else, or a
 * constraint this does not know, can apply (it is kept: the slice is never narrower than the
 * policy set). A policy's conditions only narrow what its scope lets through.
 */
export function mayApply(policy: CedarPolicyShape, resource: Uid, ancestors: readonly Uid[]): boolean {
  const c = policy.resource
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return true
  const under = (e: unknown): boolean => {
    const uid = uidOf(e)
    return uid === undefined || same(uid, resource) || ancestors.some((a) => same(a, uid))
  }
  switch (c.op) {
    case '==': {
      const uid = uidOf(c.entity)
      return uid === undefined || same(uid, resource)
    }
    case 'in':
      return 'entity' in c ? under(c.entity) : true
    case 'is': {
      if (c.entity_type !== resource.type) return typeof c.entity_type !== 'string'
      const inner = c.in
      return typeof inner === 'object' && inner !== null && !Array.isArray(inner) && 'entity' in inner ? under(inner.entity) : true
    }
    default:
      return true
  }
}

/**
 * The entity a policy's resource constraint is tied to (`==`, `in`, `is ... in`): a policy with one
 * can apply only at that entity or under it. Undefined for any other constraint.
 */
export function resourceAnchor(policy: CedarPolicyShape): Uid | undefined {
  const c = policy.resource
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return undefined
  if (c.op === '==' || c.op === 'in') return uidOf(c.entity)
  if (c.op === 'is' && typeof c.in === 'object' && c.in !== null && !Array.isArray(c.in)) return uidOf(c.in.entity)
  return undefined
}
