import { AccessIndex, AccessLimitError, AccessTooDeepError } from '../access/index.js'
import { assignmentFacts, type AssignmentFacts } from '../access/assignment-facts.js'
import type { Application, Operation, PolicyStore, RoleAssignment } from '../model/policy.js'
import type { LinkResolver } from '../model/resolve.js'
import type { Visited } from '../model/walk.js'

export type RoleAssignmentVisit = Extract<Visited, { kind: 'role-assignment' }>

/** What each role assignment grants and who holds it (from the access evaluator), computed once for all lint rules. */
export class FactsTable {
  private readonly indexes = new Map<Application, AccessIndex | AccessLimitError | AccessTooDeepError>()
  private readonly facts = new Map<RoleAssignment, AssignmentFacts>()

  constructor(
    private readonly policy: PolicyStore,
    private readonly resolver: LinkResolver,
  ) {}

  /**
   * Why the access evaluator refuses an application (groups nested deeper
   * than azman's limit, or too convoluted), or undefined when it evaluates it.
   */
  refusal(app: Application): AccessLimitError | AccessTooDeepError | undefined {
    const index = this.index(app)
    return index instanceof AccessIndex ? undefined : index
  }

  /** @throws AccessLimitError, AccessTooDeepError for an application {@link refusal} names. */
  of(v: RoleAssignmentVisit): AssignmentFacts {
    let facts = this.facts.get(v.object)
    if (!facts) {
      const index = this.index(v.container.application)
      if (!(index instanceof AccessIndex)) throw index
      facts = assignmentFacts(index, v.object)
      this.facts.set(v.object, facts)
    }
    return facts
  }

  private index(app: Application): AccessIndex | AccessLimitError | AccessTooDeepError {
    let index = this.indexes.get(app)
    if (index === undefined) {
      try {
        index = AccessIndex.build(this.policy, app, { resolver: this.resolver })
      } catch (error) {
        if (!(error instanceof AccessLimitError || error instanceof AccessTooDeepError)) throw error
        index = error
      }
      this.indexes.set(app, index)
    }
    return index
  }

  /** Every operation it grants, certainly or through business rules. */
  granted(v: RoleAssignmentVisit): Operation[] {
    const f = this.of(v)
    return [...f.certain, ...f.conditional.keys()]
  }
}

export function roleAssignments(objects: readonly Visited[]): RoleAssignmentVisit[] {
  return objects.filter((v): v is RoleAssignmentVisit => v.kind === 'role-assignment')
}
