/**
 * The engines as a deployment runs an export's files, for tests to hold the comparison to: Cedar's
 * `isAuthorized` with every policy and every entity of the files; one Casbin enforcer loaded from
 * `model.conf` and `policy.csv`. And small stores built by hand.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs'
import { newEnforcer, newModelFromString, StringAdapter } from 'casbin'
import type { MigrationEngine } from '../../../src/migrate/verify/engine.js'
import type { MigrationFiles } from '../../../src/migrate/targets.js'
import { NO_EXTRAS, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../../src/model/policy.js'

export function cedarTruth(files: MigrationFiles, appName = 'App'): MigrationEngine {
  const entities = JSON.parse(files['entities.json'] ?? '[]') as EntityJson[]
  const app = { type: 'Application', id: appName }
  return {
    name: 'cedar (every policy, every entity)',
    decide(token, scope, action) {
      const [first = '', ...rest] = token
      const principal: EntityJson = { uid: { type: 'Sid', id: first }, attrs: {}, parents: rest.map((s) => ({ type: 'Sid', id: s })) }
      const resource = scope === null ? app : { type: 'Scope', id: scope }
      const r = cedar.isAuthorized({
        principal: principal.uid,
        action: { type: 'Action', id: action },
        resource,
        context: {},
        policies: { staticPolicies: files['policies.cedar'] ?? '' },
        entities: [principal, ...entities],
      })
      if (r.type === 'failure') throw new Error(r.errors.map((e) => e.message).join('; '))
      return r.response.decision === 'allow'
    },
  }
}

export async function casbinTruth(files: MigrationFiles): Promise<MigrationEngine> {
  const e = await newEnforcer(newModelFromString(files['model.conf'] ?? ''), new StringAdapter(files['policy.csv'] ?? ''))
  return { name: 'casbin (one enforcer)', decide: (token, scope, action) => e.enforceSync(token.join(','), scope ?? '', action) }
}

let n = 0
export const guid = (): string => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`
export const op = (name: string, id: number, g = guid()): Operation => ({ guid: g, name, operationId: String(id), extras: NO_EXTRAS })
export const task = (name: string, ops: string[], p: Partial<Task> = {}): Task => ({ guid: guid(), name, roleDefinition: false, operationLinks: ops, taskLinks: [], extras: NO_EXTRAS, ...p })
export const ra = (name: string, members: string[], p: Partial<RoleAssignment> = {}): RoleAssignment => ({
  guid: guid(),
  name,
  taskLinks: [],
  operationLinks: [],
  appMemberLinks: [],
  members,
  extras: NO_EXTRAS,
  ...p,
})
export const group = (name: string, members: string[], nonMembers: string[] = [], p: Partial<ApplicationGroup> = {}): ApplicationGroup => ({
  guid: guid(),
  name,
  groupType: 'Basic',
  members,
  nonMembers,
  appMemberLinks: [],
  appNonMemberLinks: [],
  extras: NO_EXTRAS,
  ...p,
})
export const scope = (name: string, p: Partial<Scope> = {}): Scope => ({ guid: guid(), name, groups: [], tasks: [], roleAssignments: [], extras: NO_EXTRAS, ...p })
export const app = (p: Partial<Application>): Application => ({ guid: guid(), name: 'App', operations: [], groups: [], tasks: [], roleAssignments: [], scopes: [], extras: NO_EXTRAS, ...p })
export const store = (a: Application): PolicyStore => ({ majorVersion: '2', minorVersion: '0', applications: [a], groups: [], extras: NO_EXTRAS })
