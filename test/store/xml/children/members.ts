/** Helpers the child writers share: SIDs and a change that adds or removes Administrator members. */
import type { PolicyStore } from '../../../../src/model/policy.js'

/** A distinct, well-formed domain SID for a number. */
export function sidFor(n: number): string {
  return `S-1-5-21-1111111111-2222222222-3333333333-${n}`
}

/** The RID (last part) of a SID. */
export function ridOf(sid: string): number {
  return Number(sid.slice(sid.lastIndexOf('-') + 1))
}

/** Changes the members of the "Administrator" role assignment of every application. */
export function withAdministratorMembers(p: PolicyStore, change: (members: readonly string[]) => readonly string[]): PolicyStore {
  return {
    ...p,
    applications: p.applications.map((a) => ({
      ...a,
      roleAssignments: a.roleAssignments.map((r) => (r.name === 'Administrator' ? { ...r, members: change(r.members) } : r)),
    })),
  }
}

/** The members of the "Administrator" role assignment of the first application. */
export function administratorMembers(p: PolicyStore): readonly string[] {
  return p.applications[0]?.roleAssignments.find((r) => r.name === 'Administrator')?.members ?? []
}
