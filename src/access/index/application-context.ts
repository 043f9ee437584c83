import { containersOf, type Container } from '../../model/paths.js'
import type { Application, ApplicationGroup, PolicyStore, RoleAssignment, Task } from '../../model/policy.js'
import { LinkResolver } from '../../model/resolve.js'
import { OperationTable } from '../operations/operation-table.js'

/**
 * One application of a store as the evaluator sees it: its containers (the
 * application level and each scope), link resolution with AzMan's visibility
 * rules (docs/access-evaluation.md#4-links-and-visibility), its operations, and
 * where every task, group and role assignment lives (a linked object's own
 * links resolve from its own container).
 */
export class ApplicationContext {
  readonly resolver: LinkResolver
  readonly operations: OperationTable
  readonly appLevel: Container
  readonly scopes: readonly Container[]
  private readonly taskHome = new Map<Task, Container>()
  /** undefined value: a store-level group. */
  private readonly groupHome = new Map<ApplicationGroup, Container | undefined>()
  private readonly raHome = new Map<RoleAssignment, Container>()
  /** Scope containers by lower-case name; the first of duplicate names wins (an integrity error). */
  private readonly scopesByName = new Map<string, Container>()

  constructor(
    readonly store: PolicyStore,
    readonly application: Application,
    resolver?: LinkResolver,
  ) {
    this.resolver = resolver ?? new LinkResolver(store)
    this.operations = new OperationTable(application)
    const [appLevel, ...scopes] = [...containersOf(application)]
    if (appLevel === undefined) throw new Error('containersOf yields the application level first')
    this.appLevel = appLevel
    this.scopes = scopes
    for (const c of scopes) {
      const key = c.scope?.name.toLowerCase() ?? ''
      if (!this.scopesByName.has(key)) this.scopesByName.set(key, c)
    }
    for (const group of store.groups) this.groupHome.set(group, undefined)
    for (const c of [appLevel, ...scopes]) {
      for (const task of c.tasks) this.taskHome.set(task, c)
      for (const group of c.groups) this.groupHome.set(group, c)
      for (const ra of c.roleAssignments) this.raHome.set(ra, c)
    }
  }

  /** The scope container of that name (as AzMan compares names: without regard to case). */
  scope(name: string): Container | undefined {
    return this.scopesByName.get(name.toLowerCase())
  }

  /** Where a task of this application lives. */
  taskContainer(task: Task): Container {
    return this.taskHome.get(task) ?? this.appLevel
  }

  /** Where a group lives: undefined for a store-level group. */
  groupContainer(group: ApplicationGroup): Container | undefined {
    return this.groupHome.get(group)
  }

  /** Whether the group is one this application can see at all (store, application or one of its scopes). */
  knowsGroup(group: ApplicationGroup): boolean {
    return this.groupHome.has(group)
  }

  /** Where a role assignment of this application lives, or undefined when it is not one of this application's. */
  roleAssignmentContainer(ra: RoleAssignment): Container | undefined {
    return this.raHome.get(ra)
  }

  /** Every group the application can reference: store level, application level, every scope. */
  allGroups(): IterableIterator<ApplicationGroup> {
    return this.groupHome.keys()
  }
}
