import { certainOperations } from '../model/certain-grants.js'
import { allContainers } from '../model/paths.js'
import { guidKey, operationNumber, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { LinkResolver } from '../model/resolve.js'
import type { Steps } from '../model/steps.js'

/**
 * Hyper-V operations that act on the host or destroy, by OperationID: Reconfigure Service (105), the
 * virtual switch and port changes (200 to 260, 350), Delete Virtual Machine (305) and Change Virtual
 * Machine Authorization Scope (310). Granted at application level they apply to every VM and to
 * the host itself.
 */
export const HOST_WIDE_OPERATIONS: ReadonlySet<number> = new Set([105, 200, 205, 210, 215, 220, 225, 230, 235, 240, 245, 250, 255, 260, 305, 310, 350])

interface Grants {
  /** `role assignment "X" of application "A"`. */
  readonly label: string
  /** The host-wide operations granted for certain, as `ID "name"`, by GUID key. */
  readonly ops: Map<string, string>
}

/** Per application-level role assignment (by GUID key), the host-wide operations it grants for certain. */
function* hostWideGrants(store: PolicyStore): Steps<Map<string, Grants>> {
  const resolver = new LinkResolver(store)
  const out = new Map<string, Grants>()
  for (const container of allContainers(store)) {
    if (container.scope !== undefined) continue
    const byGuid = new Map(container.application.operations.map((o) => [guidKey(o.guid), o]))
    for (const ra of container.application.roleAssignments) {
      const ops = new Map<string, string>()
      for (const key of certainOperations(resolver, container, ra)) {
        const op = byGuid.get(key)
        const id = op === undefined ? undefined : operationNumber(op)
        if (op !== undefined && id !== undefined && HOST_WIDE_OPERATIONS.has(id)) ops.set(key, `${id} ${quote(op.name)}`)
      }
      out.set(guidKey(ra.guid), { label: `role assignment ${quote(ra.name)} of application ${quote(container.application.name)}`, ops })
    }
    yield
  }
  return out
}

/**
 * Warns when a change makes an application-level role assignment grant a
 * destructive or host-wide Hyper-V operation ({@link HOST_WIDE_OPERATIONS})
 * it did not grant before: at application level it applies to every VM on
 * the host, not to one scope's.
 */
export function* hostWideWarningSteps(before: PolicyStore, after: PolicyStore): Steps<string[]> {
  const earlier = yield* hostWideGrants(before)
  const later = yield* hostWideGrants(after)
  const warnings: string[] = []
  for (const [key, { label, ops }] of later) {
    const had = earlier.get(key)?.ops ?? new Map<string, string>()
    const gained = [...ops]
      .filter(([op]) => !had.has(op))
      .map(([, text]) => text)
      .sort((x, y) => parseInt(x, 10) - parseInt(y, 10))
    if (gained.length === 0) continue
    warnings.push(
      `${label} now grants ${gained.join(', ')} at application level: there it applies to every VM on the host (and to the host itself), not to one scope's VMs; delegate it in a scope unless every VM is meant`,
    )
  }
  return warnings
}
