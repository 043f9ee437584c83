import type { Container } from './paths.js'
import { guidKey, type ApplicationGroup, type Application, type Operation, type PolicyStore, type Task } from './policy.js'
import { quote } from './quote.js'

/** Where a linked object was found, relative to the object that links it. */
export type Resolution<T> =
  | {
      readonly status: 'found'
      readonly target: T
      /** The application the target belongs to; undefined for a store-level group. */
      readonly application: Application | undefined
      /** The scope the target belongs to; undefined at application or store level. */
      readonly scope: string | undefined
    }
  /** No object with that GUID in the store. */
  | { readonly status: 'missing' }
  /** An object with that GUID exists, but of another kind. */
  | { readonly status: 'wrong-kind'; readonly actualKind: string }
  /** The right kind of object, but out of reach (another application or another scope). */
  | { readonly status: 'not-visible'; readonly where: string }

interface Located<T> {
  readonly object: T
  readonly application: Application | undefined
  readonly scope: string | undefined
}

/**
 * Link resolution with AzMan's visibility rules: operations come from the
 * same application; tasks from the application level or the same scope;
 * groups from the store level, the application level or the same scope.
 *
 * Built once per store; lookups are map reads.
 */
export class LinkResolver {
  private readonly operations = new Map<string, Located<Operation>[]>()
  private readonly tasks = new Map<string, Located<Task>[]>()
  private readonly groups = new Map<string, Located<ApplicationGroup>[]>()
  private readonly otherKinds = new Map<string, string>()

  constructor(store: PolicyStore) {
    const put = <T>(map: Map<string, Located<T>[]>, guid: string, located: Located<T>): void => {
      const key = guidKey(guid)
      const list = map.get(key)
      if (list) list.push(located)
      else map.set(key, [located])
    }
    for (const group of store.groups) put(this.groups, group.guid, { object: group, application: undefined, scope: undefined })
    for (const application of store.applications) {
      this.otherKinds.set(guidKey(application.guid), 'application')
      for (const op of application.operations) put(this.operations, op.guid, { object: op, application, scope: undefined })
      for (const task of application.tasks) put(this.tasks, task.guid, { object: task, application, scope: undefined })
      for (const group of application.groups) put(this.groups, group.guid, { object: group, application, scope: undefined })
      for (const ra of application.roleAssignments) this.otherKinds.set(guidKey(ra.guid), 'role assignment')
      for (const scope of application.scopes) {
        this.otherKinds.set(guidKey(scope.guid), 'scope')
        for (const task of scope.tasks) put(this.tasks, task.guid, { object: task, application, scope: scope.name })
        for (const group of scope.groups) put(this.groups, group.guid, { object: group, application, scope: scope.name })
        for (const ra of scope.roleAssignments) this.otherKinds.set(guidKey(ra.guid), 'role assignment')
      }
    }
  }

  operation(from: Container, guid: string): Resolution<Operation> {
    return this.resolve(this.operations, guid, 'operation', (l) => l.application === from.application && l.scope === undefined)
  }

  task(from: Container, guid: string): Resolution<Task> {
    return this.resolve(this.tasks, guid, 'task', (l) => l.application === from.application && (l.scope === undefined || l.scope === from.scope?.name))
  }

  /** A group linked from a container, or from a store-level group when `from` is undefined. */
  group(from: Container | undefined, guid: string): Resolution<ApplicationGroup> {
    return this.resolve(this.groups, guid, 'group', (l) => {
      if (l.application === undefined) return true
      if (from === undefined) return false
      return l.application === from.application && (l.scope === undefined || l.scope === from.scope?.name)
    })
  }

  private resolve<T>(map: Map<string, Located<T>[]>, guid: string, kind: string, visible: (l: Located<T>) => boolean): Resolution<T> {
    const key = guidKey(guid)
    const candidates = map.get(key)
    if (candidates) {
      const hit = candidates.find(visible)
      if (hit) return { status: 'found', target: hit.object, application: hit.application, scope: hit.scope }
      const first = candidates[0]
      const where = first?.application === undefined ? 'the store level' : `application ${quote(first.application.name)}${first.scope === undefined ? '' : ` scope ${quote(first.scope)}`}`
      return { status: 'not-visible', where }
    }
    for (const [other, otherKind] of [
      [this.operations, 'operation'],
      [this.tasks, 'task'],
      [this.groups, 'group'],
    ] as const) {
      if (otherKind !== kind && other.has(key)) return { status: 'wrong-kind', actualKind: otherKind }
    }
    const otherKind = this.otherKinds.get(key)
    return otherKind === undefined ? { status: 'missing' } : { status: 'wrong-kind', actualKind: otherKind }
  }
}
