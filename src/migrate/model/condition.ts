/**
 * Who holds a grant, as a boolean formula over the SIDs of a token: what every target writes in its
 * own syntax (a Cedar `when` clause, a Casbin matcher expression). Built in negation normal form
 * apart from `not` over an exclusion, and simplified as it is built, so `true` and `false` only
 * appear alone.
 */
export type Condition =
  | { readonly kind: 'sid'; readonly sid: string }
  | { readonly kind: 'and'; readonly items: readonly Condition[] }
  | { readonly kind: 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'const'; readonly value: boolean }

export const TRUE: Condition = { kind: 'const', value: true }
export const FALSE: Condition = { kind: 'const', value: false }

/** The token holds this SID. */
export function sidIn(sid: string): Condition {
  return { kind: 'sid', sid }
}

/** Any of the items (false when there are none). */
export function anyOf(items: readonly Condition[]): Condition {
  const kept: Condition[] = []
  for (const c of items) {
    if (c.kind === 'const') {
      if (c.value) return TRUE
      continue
    }
    if (c.kind === 'or') kept.push(...c.items)
    else kept.push(c)
  }
  return kept.length === 0 ? FALSE : kept.length === 1 ? (kept[0] ?? FALSE) : { kind: 'or', items: kept }
}

/** All of the items (true when there are none). */
export function allOf(items: readonly Condition[]): Condition {
  const kept: Condition[] = []
  for (const c of items) {
    if (c.kind === 'const') {
      if (!c.value) return FALSE
      continue
    }
    if (c.kind === 'and') kept.push(...c.items)
    else kept.push(c)
  }
  return kept.length === 0 ? TRUE : kept.length === 1 ? (kept[0] ?? TRUE) : { kind: 'and', items: kept }
}

export function not(item: Condition): Condition {
  if (item.kind === 'const') return item.value ? FALSE : TRUE
  if (item.kind === 'not') return item.item
  return { kind: 'not', item }
}

/** The value of a condition for a token (its SIDs, canonical). */
export function holds(condition: Condition, token: ReadonlySet<string>): boolean {
  switch (condition.kind) {
    case 'sid':
      return token.has(condition.sid)
    case 'and':
      return condition.items.every((c) => holds(c, token))
    case 'or':
      return condition.items.some((c) => holds(c, token))
    case 'not':
      return !holds(condition.item, token)
    case 'const':
      return condition.value
  }
}

/** How many nodes a condition has: what bounds the size of the text a target writes for it. */
export function conditionSize(condition: Condition): number {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return 1 + condition.items.reduce((n, c) => n + conditionSize(c), 0)
    case 'not':
      return 1 + conditionSize(condition.item)
    default:
      return 1
  }
}

/** The SIDs of an `or`'s items that are SIDs alone, and its other items: targets write the first as one set test. */
export function splitSids(items: readonly Condition[]): { sids: string[]; rest: Condition[] } {
  const sids: string[] = []
  const rest: Condition[] = []
  for (const c of items) {
    if (c.kind === 'sid') sids.push(c.sid)
    else rest.push(c)
  }
  return { sids, rest }
}

/**
 * Items joined by a binary operator as a balanced tree of parentheses (depth log2 n), not a chain:
 * an engine whose parser recurses once per operator (Cedar's, in WebAssembly, with a small stack)
 * then reads a role assignment of thousands of members.
 */
export function balanced(items: readonly string[], operator: string): string {
  if (items.length === 1) return items[0] ?? ''
  const half = Math.ceil(items.length / 2)
  return `(${balanced(items.slice(0, half), operator)} ${operator} ${balanced(items.slice(half), operator)})`
}
