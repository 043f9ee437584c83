import type { Container } from '../../model/paths.js'
import type { Application, PolicyStore, RoleAssignment } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import type { LinkResolver } from '../../model/resolve.js'
import { NotFoundError } from '../access-errors.js'
import { decisionOf, type Decision } from '../decision.js'
import { MembershipCompiler } from '../membership/compile-membership.js'
import { assertGroupNesting } from '../membership/group-depth.js'
import { GroupGraph } from '../membership/group-links.js'
import { TaskClosures } from '../operations/task-closure.js'
import { SidNumbers, type Token } from '../token.js'
import { YES, type Tri } from '../tri.js'
import { ApplicationContext } from './application-context.js'
import { ContainerIndex, type IndexedRoleAssignment } from './container-index.js'
import { PackedArena } from './packed-arena.js'

export interface AccessIndexOptions {
  /** A LinkResolver already built for the store, to share it. */
  readonly resolver?: LinkResolver
  /** Scope indexes are built on first use unless this is true. Default false. */
  readonly eager?: boolean
  /** The most membership terms one group or role assignment may flatten to. Default 1,000,000. */
  readonly termLimit?: number
}

/** `; known: "A", "B"` for a not-found message. */
function known(names: readonly string[]): string {
  if (names.length === 0) return ' (there are none)'
  const shown = names.slice(0, 8).map(quote)
  return `; known: ${shown.join(', ')}${names.length > 8 ? `, and ${names.length - 8} more` : ''}`
}

/** The application of that name (without regard to case). @throws NotFoundError */
export function findApplication(store: PolicyStore, name: string): Application {
  const wanted = name.toLowerCase()
  const app = store.applications.find((a) => a.name.toLowerCase() === wanted)
  if (app === undefined) throw new NotFoundError(`no application ${quote(name)} in the store${known(store.applications.map((a) => a.name))}`)
  return app
}

/**
 * The access-check index of one application of one store
 * (docs/access-evaluation.md#5-the-evaluation). Build it once; then each
 * decision costs O(token size x entries per SID) in the application level plus
 * the named scope, independent of the number of scopes, role assignments or
 * members in the store.
 *
 * What it holds: for each container (the application level, each scope, the
 * scopes built on first use unless `eager`), the role assignments with their
 * operation closures as bit sets (certain / conditional) and their membership
 * flattened into terms (SID, exclusions, run-time conditions), inverted by
 * SID. Group and task closures are shared between containers.
 *
 * Decisions carry no proof; {@link explainAccess} (src/access/explain) gives
 * the proof for one operation when asked.
 *
 * The index reads the policy as it was when built: rebuild it after an edit.
 */
export class AccessIndex {
  readonly context: ApplicationContext
  readonly groups: GroupGraph
  readonly appLevel: ContainerIndex
  private readonly closures: TaskClosures
  private readonly memberships: MembershipCompiler
  private readonly scopeIndexes = new Map<Container, ContainerIndex>()
  private readonly indexedRas = new Map<RoleAssignment, IndexedRoleAssignment>()
  private readonly numbers = new SidNumbers()
  private readonly arena = new PackedArena()

  private constructor(store: PolicyStore, application: Application, options: AccessIndexOptions) {
    this.context = new ApplicationContext(store, application, options.resolver)
    this.groups = new GroupGraph(this.context)
    assertGroupNesting(this.context, this.groups)
    this.closures = new TaskClosures(this.context)
    this.memberships = new MembershipCompiler(this.context, this.groups, options.termLimit ?? 1_000_000)
    this.appLevel = this.buildContainer(this.context.appLevel)
    if (options.eager === true) this.buildAll()
  }

  /**
   * Builds the index of an application, named (case-insensitive) or given.
   * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` when no application has that name.
   * @throws AccessLimitError `AZMAN_ERR_ACCESS_TOO_COMPLEX` for adversarial group nesting.
   * @throws AccessTooDeepError `AZMAN_ERR_ACCESS_TOO_DEEP` when groups nest deeper than NESTING_LIMIT (64).
   */
  static build(store: PolicyStore, application: string | Application, options: AccessIndexOptions = {}): AccessIndex {
    const app = typeof application === 'string' ? findApplication(store, application) : application
    return new AccessIndex(store, app, options)
  }

  get store(): PolicyStore {
    return this.context.store
  }

  get application(): Application {
    return this.context.application
  }

  /** Builds every scope's index now (for timing, or before many decisions). */
  buildAll(): void {
    for (const c of this.context.scopes) this.containerIndex(c)
  }

  /**
   * The index of a scope (by name, without regard to case), or of the
   * application level when `scope` is undefined or `""` (as AccessCheck reads
   * an empty scope name, docs/access-evaluation.md#22-the-scope).
   * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` when the scope does not exist
   *   (Hyper-V would silently fall back to the default scope; we refuse:
   *   docs/access-evaluation.md#8-where-azman-differs-from-windows).
   */
  where(scope?: string): ContainerIndex {
    if (scope === undefined || scope === '') return this.appLevel
    const c = this.context.scope(scope)
    if (c === undefined) {
      throw new NotFoundError(`no scope ${quote(scope)} in application ${quote(this.application.name)}${known(this.application.scopes.map((s) => s.name))}`)
    }
    return this.containerIndex(c)
  }

  /** Every container index: the application level, then each scope in document order. */
  *containers(): Generator<ContainerIndex> {
    yield this.appLevel
    for (const c of this.context.scopes) yield this.containerIndex(c)
  }

  /**
   * The operation index of an OperationID or name.
   * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` when the application has no such operation.
   */
  operation(ref: number | string): number {
    const index = this.context.operations.find(ref)
    if (index === undefined) {
      const what = typeof ref === 'number' || /^-?[0-9]+$/.test(ref.trim()) ? `with OperationID ${String(ref).trim()}` : quote(ref)
      throw new NotFoundError(`no operation ${what} in application ${quote(this.application.name)}`)
    }
    return index
  }

  /**
   * The decision for one operation (by OperationTable index) in `where` (from
   * {@link where}): the union of the application level and, for a scope, the
   * scope's own role assignments
   * (docs/access-evaluation.md#52-role-assignments-that-apply). No proof is built.
   */
  decide(token: Token, where: ContainerIndex, op: number): Decision {
    return decisionOf(this.decideTri(token, where, op))
  }

  /** {@link decide} as YES / MAYBE / NO. */
  decideTri(token: Token, where: ContainerIndex, op: number): Tri {
    const app = this.appLevel.evaluate(token, op)
    if (app === YES || where === this.appLevel) return app
    const scope = where.evaluate(token, op)
    return scope > app ? scope : app
  }

  /** The indexed form of a role assignment of this application (its container built if needed), or undefined. */
  roleAssignment(ra: RoleAssignment): IndexedRoleAssignment | undefined {
    const container = this.context.roleAssignmentContainer(ra)
    if (container === undefined) return undefined
    this.containerIndex(container)
    return this.indexedRas.get(ra)
  }

  private containerIndex(container: Container): ContainerIndex {
    if (container === this.context.appLevel && this.appLevel !== undefined) return this.appLevel
    const known = this.scopeIndexes.get(container)
    if (known) return known
    const index = this.buildContainer(container)
    this.scopeIndexes.set(container, index)
    return index
  }

  private buildContainer(container: Container): ContainerIndex {
    const ras = container.roleAssignments.map((ra): IndexedRoleAssignment => {
      const { reach, broken: brokenTasks } = this.closures.roleAssignment(ra, container)
      const { membership, broken: brokenMembers } = this.memberships.roleAssignment(ra, container)
      const indexed = { roleAssignment: ra, container, reach, membership, broken: [...brokenTasks, ...brokenMembers] }
      this.indexedRas.set(ra, indexed)
      return indexed
    })
    return new ContainerIndex(container, ras, this.numbers, this.context.operations.size, this.arena)
  }
}
