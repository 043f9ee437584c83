import type { AssignmentFacts } from '../access/assignment-facts.js'
import { HYPERV_CONNECT_OPERATIONS, missingConnectOperations } from '../access/hyperv-connect.js'
import type { AccessIndex } from '../access/index.js'
import { operationNumber } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { operationRef, sidName } from './assignment-findings.js'
import { AuditCode, type AuditFinding } from './finding.js'

/** The connect template `AUDIT_CANNOT_CONNECT` points to. */
export const CONNECT_TEMPLATE = 'hyperv-manager-connect'

/**
 * Collects, for one application, the SIDs that hold role assignments granting
 * operations other than the connect ones (100, 295), and where; then reports
 * those whose token (with Everyone and Authenticated Users) cannot get the
 * connect operations at application level (`AUDIT_CANNOT_CONNECT`): Hyper-V
 * Manager refuses them, so the delegation cannot be used.
 */
export class ConnectAudit {
  /** SID → the places (`scope "Lab VMs"`, `application level`) where it holds operations, in store order. */
  private readonly places = new Map<string, string[]>()

  /** Notes the holders of one role assignment, in `scope` (undefined: application level). */
  note(scope: string | undefined, facts: AssignmentFacts): void {
    const connect: readonly number[] = HYPERV_CONNECT_OPERATIONS
    const granted = [...facts.certain, ...facts.conditional.keys()]
    if (!granted.some((op) => !connect.includes(operationNumber(op) ?? -1))) return
    const place = scope === undefined ? 'application level' : `scope ${quote(scope)}`
    for (const { sid } of facts.holders) {
      const list = this.places.get(sid) ?? []
      if (!list.includes(place)) list.push(place)
      this.places.set(sid, list)
    }
  }

  /** The findings, one per SID that cannot connect, in the order the SIDs were first met. */
  findings(app: string, index: AccessIndex, principalNames: ReadonlyMap<string, string> | undefined): AuditFinding[] {
    const out: AuditFinding[] = []
    for (const [sid, places] of this.places) {
      const missing = missingConnectOperations(index, sid)
      if (missing === undefined) return []
      if (missing.length === 0) continue
      const name = sidName(sid, principalNames)
      const who = name === null ? sid : `${name} (${sid})`
      const ops = missing.map((o) => `${o.operationId.trim()} ${quote(o.name)}`).join(' and ')
      out.push({
        severity: 'medium',
        code: AuditCode.CannotConnect,
        app,
        scope: null,
        roleAssignment: null,
        principal: { sid, name },
        operations: missing.map(operationRef),
        template: CONNECT_TEMPLATE,
        message:
          `${who} holds operations at ${places.join(', ')} but cannot get ${ops} at application level (not through groups, Everyone or Authenticated Users either): ` +
          `Hyper-V Manager cannot connect, so the delegation cannot be used; fix: azman delegate <store> --app ${quote(app)} --template ${CONNECT_TEMPLATE} --sid ${sid}`,
      })
    }
    return out
  }
}
