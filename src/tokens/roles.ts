/**
 * What an API token may do. Each role includes the ones before it:
 * `reader` reads stores and asks access questions, `auditor` also audits and
 * compares stores, `operator` also writes.
 */
export const ROLES = ['reader', 'auditor', 'operator'] as const

export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Whether a token of role `held` may do what needs role `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed)
}
