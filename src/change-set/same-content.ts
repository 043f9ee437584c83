/**
 * Structural comparisons the planner needs: plain JSON values (a saved plan's
 * edits against a replay's) and a policy object's own content (a create that
 * found its object, against what the change set leaves of it).
 */

/** Deep equality of JSON-like values: key order does not matter, array order does. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]))
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  // A key whose value is undefined is the same as an absent key, as in JSON.
  const keys = new Set([...Object.keys(x), ...Object.keys(y)])
  for (const key of keys) if (!sameJson(x[key], y[key])) return false
  return true
}

function isStringList(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}

/** Links and SIDs: the same values in any order, without regard to case. */
function sameValues(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map((v) => v.toLowerCase()))
  const y = new Set(b.map((v) => v.toLowerCase()))
  return x.size === y.size && [...x].every((v) => y.has(v))
}

/** A scope's children are objects of their own, compared on their own. */
const CHILD_LISTS = new Set(['groups', 'tasks', 'roleAssignments'])

/**
 * Whether two versions of one policy object (operation, task, role
 * definition, role assignment, group or scope) hold the same content: scalar
 * fields exactly, link and member lists as sets, unknown XML exactly. A
 * scope's children are left out.
 */
export function sameContent(a: object, b: object): boolean {
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  const keys = new Set([...Object.keys(x), ...Object.keys(y)])
  for (const key of keys) {
    if (CHILD_LISTS.has(key)) continue
    const u = x[key]
    const v = y[key]
    if (isStringList(u) && isStringList(v)) {
      if (!sameValues(u, v)) return false
    } else if (!sameJson(u, v)) return false
  }
  return true
}
