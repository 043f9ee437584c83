/**
 * Hyper-V stores for audit and lint tests: the shipped 2008 R2 sample, read
 * from disk, with role definitions, tasks, role assignments, groups and scopes
 * added through the model factories.
 */
import { readFileSync } from 'node:fs'
import { operationNumber, type Application, type ApplicationGroup, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { loadTemplate } from '../../src/templates/load-template.js'
import type { Template } from '../../src/templates/template.js'
import { sample } from '../cli/run-cli.js'
import { group, roleAssignment, roleDefinition, scope, task } from '../model/factories.js'

export const APP = 'Hyper-V services'
export const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'
export const ALICE = `${DOMAIN}-1105`
export const BOB = `${DOMAIN}-1106`

export const SHIPPED = ['hyperv-full-administrator', 'hyperv-manager-connect', 'hyperv-it-monitor', 'hyperv-vm-operator', 'hyperv-vm-administrator', 'hyperv-network-administrator'] as const

export async function shippedTemplates(): Promise<Template[]> {
  return Promise.all(SHIPPED.map((name) => loadTemplate(name)))
}

export function loadSample(name: string): PolicyStore {
  return parseXmlStore(readFileSync(sample(name))).policy
}

/** The default 2008 R2 store: 34 operations, the Administrator definition and assignment. */
export function baseStore(): PolicyStore {
  return loadSample('hyperv-2008r2.xml')
}

export function hyperVApp(policy: PolicyStore): Application {
  const app = policy.applications.find((a) => a.name === APP)
  if (!app) throw new Error('no Hyper-V application')
  return app
}

/** GUIDs of operations by OperationID. */
export function opLinks(policy: PolicyStore, ...ids: number[]): string[] {
  const app = hyperVApp(policy)
  return ids.map((id) => {
    const op = app.operations.find((o) => operationNumber(o) === id)
    if (!op) throw new Error(`no operation ${id}`)
    return op.guid
  })
}

/** A role definition granting these OperationIDs. */
export function rd(policy: PolicyStore, name: string, ...ids: number[]): Task {
  return roleDefinition(name, { operationLinks: opLinks(policy, ...ids) })
}

/** A role assignment of these tasks to these SIDs (and groups). */
export function ra(name: string, tasks: readonly Task[], members: readonly string[], groups: readonly ApplicationGroup[] = []): RoleAssignment {
  return roleAssignment(name, { taskLinks: tasks.map((t) => t.guid), members, appMemberLinks: groups.map((g) => g.guid) })
}

export interface Additions {
  readonly tasks?: readonly Task[]
  readonly roleAssignments?: readonly RoleAssignment[]
  readonly groups?: readonly ApplicationGroup[]
  readonly scopes?: readonly Scope[]
  readonly storeGroups?: readonly ApplicationGroup[]
}

/** The store with objects added to the Hyper-V application (and store-level groups). */
export function withAdded(policy: PolicyStore, add: Additions): PolicyStore {
  const app = hyperVApp(policy)
  const next: Application = {
    ...app,
    tasks: [...app.tasks, ...(add.tasks ?? [])],
    roleAssignments: [...app.roleAssignments, ...(add.roleAssignments ?? [])],
    groups: [...app.groups, ...(add.groups ?? [])],
    scopes: [...app.scopes, ...(add.scopes ?? [])],
  }
  return { ...policy, applications: policy.applications.map((a) => (a === app ? next : a)), groups: [...policy.groups, ...(add.storeGroups ?? [])] }
}

/** A scope holding these role assignments (and tasks, groups). */
export function scoped(name: string, roleAssignments: readonly RoleAssignment[], extra: { tasks?: readonly Task[]; groups?: readonly ApplicationGroup[] } = {}): Scope {
  return scope(name, { roleAssignments, tasks: extra.tasks ?? [], groups: extra.groups ?? [] })
}

export { group, task }
