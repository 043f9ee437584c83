import { readFileSync } from 'node:fs'
import type { ApplicationGroup, PolicyStore, RoleAssignment, Scope } from '../../src/model/policy.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'

export const ROOT = new URL('../../', import.meta.url).pathname

/** A store sample, parsed. */
export function samplePolicy(name: 'hyperv-2008.xml' | 'hyperv-2008r2.xml' | 'hyperv-2008r2-delegated.xml'): PolicyStore {
  return parseXmlStore(readFileSync(`${ROOT}store-samples/${name}`), name).policy
}

const noGroups = <T extends { groups: readonly ApplicationGroup[]; roleAssignments: readonly RoleAssignment[] }>(c: T): T => ({
  ...c,
  groups: [],
  roleAssignments: c.roleAssignments.map((r) => ({ ...r, appMemberLinks: [] })),
})

/**
 * A policy without application groups (and without the links to them): what
 * Samba accepts. The delegated sample made so is "a delegated store without
 * application groups".
 */
export function withoutGroups(policy: PolicyStore): PolicyStore {
  return {
    ...policy,
    groups: [],
    applications: policy.applications.map((a) => ({ ...noGroups(a), scopes: a.scopes.map((s): Scope => noGroups(s)) })),
  }
}
