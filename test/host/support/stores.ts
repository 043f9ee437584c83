/**
 * Stores for host-check tests: the shipped samples, and the delegated sample
 * changed through the model where a test needs it.
 */
import type { PolicyStore, RoleAssignment } from '../../../src/model/policy.js'
import { hyperVApp, loadSample } from '../../audit/hyperv-store.js'
import { DOMAIN } from './facts-builder.js'

export const DELEGATED = 'hyperv-2008r2-delegated.xml'

/** The delegated sample with one application-level role assignment changed. */
export function withRoleAssignment(policy: PolicyStore, name: string, change: (ra: RoleAssignment) => RoleAssignment): PolicyStore {
  const app = hyperVApp(policy)
  const found = app.roleAssignments.find((r) => r.name === name)
  if (found === undefined) throw new Error(`no role assignment ${name}`)
  const next = { ...app, roleAssignments: app.roleAssignments.map((r) => (r === found ? change(r) : r)) }
  return { ...policy, applications: policy.applications.map((a) => (a === app ? next : a)) }
}

/**
 * The delegated sample where every delegated principal can connect: the two
 * scope-only holders (Lab Owners' member 1110, Production Monitors' 1120) are
 * added to the application-level "Hyper-V Manager Connect" role assignment,
 * as `azman audit` asks (AUDIT_CANNOT_CONNECT).
 */
export function connectedDelegatedStore(): PolicyStore {
  return withRoleAssignment(loadSample(DELEGATED), 'Hyper-V Manager Connect', (ra) => ({ ...ra, members: [...ra.members, `${DOMAIN}-1110`, `${DOMAIN}-1120`] }))
}

export { loadSample }
