/**
 * Small builders for policy models in tests. Every builder takes the object's
 * name and optional overrides; GUIDs default to fresh, deterministic values.
 */
import { NO_EXTRAS, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'

let counter = 0

/** A fixed GUID from a number: `g(1)` is `00000000-0000-4000-8000-000000000001`. */
export function g(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
}

/** A GUID not used by any other call of this function in the process. */
export function freshGuid(): string {
  counter++
  return `0000ffff-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`
}

export function operation(name: string, operationId = '1', over: Partial<Operation> = {}): Operation {
  return { guid: freshGuid(), name, operationId, extras: NO_EXTRAS, ...over }
}

export function task(name: string, over: Partial<Task> = {}): Task {
  return { guid: freshGuid(), name, roleDefinition: false, operationLinks: [], taskLinks: [], extras: NO_EXTRAS, ...over }
}

export function roleDefinition(name: string, over: Partial<Task> = {}): Task {
  return task(name, { roleDefinition: true, ...over })
}

export function roleAssignment(name: string, over: Partial<RoleAssignment> = {}): RoleAssignment {
  return { guid: freshGuid(), name, taskLinks: [], operationLinks: [], appMemberLinks: [], members: [], extras: NO_EXTRAS, ...over }
}

export function group(name: string, over: Partial<ApplicationGroup> = {}): ApplicationGroup {
  return {
    guid: freshGuid(),
    name,
    groupType: 'Basic',
    members: [],
    nonMembers: [],
    appMemberLinks: [],
    appNonMemberLinks: [],
    extras: NO_EXTRAS,
    ...over,
  }
}

export function scope(name: string, over: Partial<Scope> = {}): Scope {
  return { guid: freshGuid(), name, groups: [], tasks: [], roleAssignments: [], extras: NO_EXTRAS, ...over }
}

export function application(name: string, over: Partial<Application> = {}): Application {
  return {
    guid: freshGuid(),
    name,
    operations: [],
    groups: [],
    tasks: [],
    roleAssignments: [],
    scopes: [],
    extras: NO_EXTRAS,
    ...over,
  }
}

export function store(over: Partial<PolicyStore> = {}): PolicyStore {
  return { majorVersion: '2', minorVersion: '0', applications: [], groups: [], extras: NO_EXTRAS, ...over }
}

/** Replaces the element of `list` that is `old` (by identity) with `next`. */
export function replace<T>(list: readonly T[], old: T, next: T): T[] {
  if (!list.includes(old)) throw new Error('replace: element not in list')
  return list.map((x) => (x === old ? next : x))
}

/** A copy of `object` without the optional property `key`. */
export function without<T extends object, K extends keyof T>(object: T, key: K): Omit<T, K> {
  const copy = { ...object }
  delete copy[key]
  return copy
}
