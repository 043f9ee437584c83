import type { ObjectKind } from './limits.js'
import { allContainers, taskKind, type Container, type ObjectPath } from './paths.js'
import type { Application, ApplicationGroup, Operation, PolicyObject, PolicyStore, RoleAssignment, Scope, Task } from './policy.js'

/** Every named object of a store, with where it lives. */
export type Visited =
  | { readonly kind: 'application'; readonly object: Application; readonly path: ObjectPath; readonly container: undefined }
  | { readonly kind: 'operation'; readonly object: Operation; readonly path: ObjectPath; readonly container: Container }
  | { readonly kind: 'task' | 'role-definition'; readonly object: Task; readonly path: ObjectPath; readonly container: Container }
  | { readonly kind: 'role-assignment'; readonly object: RoleAssignment; readonly path: ObjectPath; readonly container: Container }
  | { readonly kind: 'group'; readonly object: ApplicationGroup; readonly path: ObjectPath; readonly container: Container | undefined }
  | { readonly kind: 'scope'; readonly object: Scope; readonly path: ObjectPath; readonly container: Container }

function child(path: ObjectPath, kind: ObjectKind, object: PolicyObject): ObjectPath {
  return [...path, { kind, name: object.name }]
}

/** Visits every object in document-independent order: store groups, then each application and its containers. */
export function* walkStore(store: PolicyStore): Generator<Visited> {
  for (const group of store.groups) {
    yield { kind: 'group', object: group, path: [{ kind: 'group', name: group.name }], container: undefined }
  }
  for (const container of allContainers(store)) {
    const { application, scope, path } = container
    if (scope === undefined) {
      yield { kind: 'application', object: application, path, container: undefined }
      for (const operation of application.operations) {
        yield { kind: 'operation', object: operation, path: child(path, 'operation', operation), container }
      }
    } else {
      const parent: Container = {
        application,
        scope: undefined,
        path: path.slice(0, 1),
        groups: application.groups,
        tasks: application.tasks,
        roleAssignments: application.roleAssignments,
      }
      yield { kind: 'scope', object: scope, path, container: parent }
    }
    for (const group of container.groups) yield { kind: 'group', object: group, path: child(path, 'group', group), container }
    for (const task of container.tasks) {
      const kind = taskKind(task)
      yield { kind, object: task, path: child(path, kind, task), container }
    }
    for (const ra of container.roleAssignments) {
      yield { kind: 'role-assignment', object: ra, path: child(path, 'role-assignment', ra), container }
    }
  }
}
