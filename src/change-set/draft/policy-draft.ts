import type { Application, ApplicationGroup, Operation, PolicyStore, RoleAssignment, Scope, Task } from '../../model/policy.js'
import { Collection, type CollectionHooks } from './collection.js'
import { LinkArea } from './link-area.js'
import { currentLinkValues, ObjectDraft } from './object-draft.js'

/** The objects that hold links, of one container: what a {@link LinkArea} counts. */
interface Linkers {
  readonly groups: Collection<ApplicationGroup>
  readonly tasks: Collection<Task>
  readonly roleAssignments: Collection<RoleAssignment>
}

function* linksIn(container: Linkers): Generator<string> {
  for (const collection of [container.groups, container.tasks, container.roleAssignments] as const) {
    for (const item of collection.live()) yield* currentLinkValues(item)
  }
}

/** Keeps an area's link counts as objects that hold links come and go. */
function counted<T extends ApplicationGroup | Task | RoleAssignment>(area: LinkArea): CollectionHooks<T, ObjectDraft<T>> {
  return {
    added: (object) => area.changeAll(currentLinkValues(object), 1),
    removed: (draft) => area.changeAll(draft.linkValues(), -1),
  }
}

function linkerCollection<T extends ApplicationGroup | Task | RoleAssignment>(source: readonly T[], area: LinkArea): Collection<T> {
  return new Collection<T>(source, (object) => new ObjectDraft(object, area), counted(area))
}

/**
 * An application or scope being edited: the groups, tasks and role
 * assignments it holds, whose links count in `linkArea` (the application's).
 * Applications and scopes hold them alike, so both are built on this.
 */
abstract class HolderDraft<T extends Scope | Application> extends ObjectDraft<T> implements Linkers {
  private groupList: Collection<ApplicationGroup> | undefined
  private taskList: Collection<Task> | undefined
  private assignmentList: Collection<RoleAssignment> | undefined

  /** Where the links of what this holds are counted. */
  protected abstract get linkCounts(): LinkArea

  get groups(): Collection<ApplicationGroup> {
    return (this.groupList ??= linkerCollection(this.source.groups, this.linkCounts))
  }

  get tasks(): Collection<Task> {
    return (this.taskList ??= linkerCollection(this.source.tasks, this.linkCounts))
  }

  get roleAssignments(): Collection<RoleAssignment> {
    return (this.assignmentList ??= linkerCollection(this.source.roleAssignments, this.linkCounts))
  }

  protected override childrenEdited(): boolean {
    return [this.groupList, this.taskList, this.assignmentList].some((c) => c?.edited === true)
  }

  protected override children(): ReadonlyMap<string, readonly unknown[]> {
    return new Map<string, readonly unknown[]>([
      ['groups', this.groupList?.toArray() ?? this.source.groups],
      ['tasks', this.taskList?.toArray() ?? this.source.tasks],
      ['roleAssignments', this.assignmentList?.toArray() ?? this.source.roleAssignments],
    ])
  }
}

/** A scope being edited: its groups, tasks and role assignments. Its links count in its application's area. */
export class ScopeDraft extends HolderDraft<Scope> {
  constructor(
    source: Scope,
    private readonly appArea: LinkArea,
  ) {
    super(source, undefined)
  }

  protected get linkCounts(): LinkArea {
    return this.appArea
  }
}

/** An application being edited: its operations, groups, tasks, role assignments and scopes, and the link counts of all of them. */
export class AppDraft extends HolderDraft<Application> {
  /** Links from the application's tasks, role assignments and groups, at application level and in its scopes. */
  readonly area: LinkArea
  private operationList: Collection<Operation> | undefined
  private scopeList: Collection<Scope, ScopeDraft> | undefined

  constructor(source: Application) {
    super(source, undefined)
    this.area = new LinkArea(() => this.allLinks())
  }

  protected get linkCounts(): LinkArea {
    return this.area
  }

  private *allLinks(): Generator<string> {
    yield* linksIn(this)
    for (const scope of this.scopes.all()) yield* linksIn(scope)
  }

  get operations(): Collection<Operation> {
    return (this.operationList ??= new Collection<Operation>(this.source.operations, (object) => new ObjectDraft(object, undefined)))
  }

  get scopes(): Collection<Scope, ScopeDraft> {
    return (this.scopeList ??= new Collection<Scope, ScopeDraft>(this.source.scopes, (object) => new ScopeDraft(object, this.area), {
      removed: (scope) => this.area.changeAll(linksIn(scope), -1),
    }))
  }

  protected override childrenEdited(): boolean {
    return super.childrenEdited() || [this.operationList, this.scopeList].some((c) => c?.edited === true)
  }

  protected override children(): ReadonlyMap<string, readonly unknown[]> {
    return new Map<string, readonly unknown[]>([
      ...super.children(),
      ['operations', this.operationList?.toArray() ?? this.source.operations],
      ['scopes', this.scopeList?.toArray() ?? this.source.scopes],
    ])
  }
}

/**
 * A store being edited by a change set: changes find objects through
 * indexes and edit them in place, so each change costs what it touches, not
 * the size of the store. The store it was made from is never modified;
 * {@link materialize} gives the edited store, sharing every object no change
 * touched (so the diff sees exactly what changed).
 */
export class PolicyDraft {
  /** Links from the store-level groups. */
  readonly area: LinkArea
  private groupList: Collection<ApplicationGroup> | undefined
  private appList: Collection<Application, AppDraft> | undefined

  constructor(readonly source: PolicyStore) {
    this.area = new LinkArea(() => {
      const groups = this.groups
      return (function* () {
        for (const item of groups.live()) yield* currentLinkValues(item)
      })()
    })
  }

  /** Store-level groups. */
  get groups(): Collection<ApplicationGroup> {
    return (this.groupList ??= linkerCollection(this.source.groups, this.area))
  }

  get applications(): Collection<Application, AppDraft> {
    return (this.appList ??= new Collection<Application, AppDraft>(this.source.applications, (object) => new AppDraft(object)))
  }

  /** The store as edited: the store it was made from when nothing changed. */
  materialize(): PolicyStore {
    const groups = this.groupList?.edited === true
    const applications = this.appList?.edited === true
    if (!groups && !applications) return this.source
    return { ...this.source, groups: this.groups.toArray(), applications: this.applications.toArray() }
  }
}
