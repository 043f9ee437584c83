import type { Application, ApplicationGroup, PolicyStore, RoleAssignment, Scope, Task } from '../model/policy.js'
import type { Place } from './locate.js'

/**
 * Immutable updates of the policy model: each returns a new store that shares
 * every object it did not change, so the diff sees exactly what changed.
 */

export function replaceIn<T>(items: readonly T[], old: T, next: T): T[] {
  return items.map((i) => (i === old ? next : i))
}

export function withApp(policy: PolicyStore, app: Application, next: Application): PolicyStore {
  return { ...policy, applications: replaceIn(policy.applications, app, next) }
}

export interface PlaceContent {
  readonly groups: readonly ApplicationGroup[]
  readonly tasks: readonly Task[]
  readonly roleAssignments: readonly RoleAssignment[]
}

/** The store with the content of a place (an application level or a scope) replaced. */
export function withPlace(policy: PolicyStore, place: Place, change: (content: PlaceContent) => PlaceContent): PolicyStore {
  const { app, scope } = place
  if (scope) {
    const next: Scope = { ...scope, ...change(scope) }
    return withApp(policy, app, { ...app, scopes: replaceIn(app.scopes, scope, next) })
  }
  return withApp(policy, app, { ...app, ...change(app) })
}

/** Where a group lives: the store, or a place. */
export type GroupHome = { readonly store: true } | { readonly place: Place }

export function withGroups(policy: PolicyStore, home: GroupHome, change: (groups: readonly ApplicationGroup[]) => readonly ApplicationGroup[]): PolicyStore {
  if ('store' in home) return { ...policy, groups: change(policy.groups) }
  return withPlace(policy, home.place, (c) => ({ ...c, groups: change(c.groups) }))
}

/** Values added to a list, keeping what is there; values already present are not repeated. */
export function added(list: readonly string[], values: readonly string[], key: (v: string) => string): readonly string[] {
  const present = new Set(list.map(key))
  const out = [...list]
  for (const v of values) {
    if (!present.has(key(v))) {
      present.add(key(v))
      out.push(v)
    }
  }
  return out.length === list.length ? list : out
}

export function removed(list: readonly string[], values: readonly string[], key: (v: string) => string): readonly string[] {
  const drop = new Set(values.map(key))
  const out = list.filter((v) => !drop.has(key(v)))
  return out.length === list.length ? list : out
}
