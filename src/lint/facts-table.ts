import { AccessIndex } from '../access/index.js'
import { assignmentFacts, type AssignmentFacts } from '../audit/assignment-facts.js'
import type { Application, Operation, PolicyStore, RoleAssignment } from '../model/policy.js'
import type { LinkResolver } from '../model/resolve.js'
import type { Visited } from '../model/walk.js'

export type RoleAssignmentVisit = Extract<Visited, { kind: 'role-assignment' }>

/** What each role assignment grants and who holds it (from the access evaluator), computed once for all lint rules. */
export class FactsTable {
  private readonly indexes = new Map<Application, AccessIndex>()
  private readonly facts = new Map<RoleAssignment, AssignmentFacts>()

  constructor(
    private readonly policy: PolicyStore,
    private readonly resolver: LinkResolver,
  ) {}

  of(v: RoleAssignmentVisit): AssignmentFacts {
    let facts = this.facts.get(v.object)
    if (!facts) {
      const app = v.container.application
      let index = this.indexes.get(app)
      if (!index) {
        index = AccessIndex.build(this.policy, app, { resolver: this.resolver })
        this.indexes.set(app, index)
      }
      facts = assignmentFacts(index, v.object)
      this.facts.set(v.object, facts)
    }
    return facts
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
