import type { ObjectKind } from './limits.js'
import type { Application, ApplicationGroup, PolicyStore, RoleAssignment, Scope, Task } from './policy.js'
import { quote } from './quote.js'

/** One step of an object's path: its kind and name. */
export interface PathSegment {
  readonly kind: ObjectKind
  readonly name: string
}

/** Where an object lives: from its application (or the store) down to the object itself. */
export type ObjectPath = readonly PathSegment[]

const KIND_LABEL: Readonly<Record<ObjectKind, string>> = {
  store: 'store',
  application: 'application',
  operation: 'operation',
  task: 'task',
  'role-definition': 'role definition',
  'role-assignment': 'role assignment',
  group: 'group',
  scope: 'scope',
}

export function kindLabel(kind: ObjectKind): string {
  return KIND_LABEL[kind]
}

/** `application "Hyper-V services" > scope "Lab VMs" > role assignment "Operators"`. */
export function formatPath(path: ObjectPath): string {
  if (path.length === 0) return 'store'
  return path.map((s) => `${KIND_LABEL[s.kind]} ${quote(s.name)}`).join(' > ')
}

export function taskKind(task: Task): 'task' | 'role-definition' {
  return task.roleDefinition ? 'role-definition' : 'task'
}

/**
 * A container of tasks, role assignments and groups: an application or one of
 * its scopes. Scope-level objects see application-level ones, never the reverse.
 */
export interface Container {
  readonly application: Application
  /** Undefined at application level. */
  readonly scope: Scope | undefined
  readonly path: ObjectPath
  readonly groups: readonly ApplicationGroup[]
  readonly tasks: readonly Task[]
  readonly roleAssignments: readonly RoleAssignment[]
}

/** The application itself, then each of its scopes. */
export function* containersOf(application: Application): Generator<Container> {
  const appPath: ObjectPath = [{ kind: 'application', name: application.name }]
  yield { application, scope: undefined, path: appPath, ...application }
  for (const scope of application.scopes) {
    yield {
      application,
      scope,
      path: [...appPath, { kind: 'scope', name: scope.name }],
      groups: scope.groups,
      tasks: scope.tasks,
      roleAssignments: scope.roleAssignments,
    }
  }
}

/** Every container of every application in the store. */
export function* allContainers(store: PolicyStore): Generator<Container> {
  for (const application of store.applications) yield* containersOf(application)
}
