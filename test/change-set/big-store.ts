/**
 * Large stores and large change sets for the scale tests and the plan
 * benchmark: the Hyper-V sample grown to thousands of objects, and change
 * sets of one kind of change, as many as asked.
 */
import type { Change } from '../../src/change-set/change.js'
import { NO_EXTRAS, type Application, type ApplicationGroup, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import type { StoreSnapshot } from '../../src/store/port.js'
import { APP, SAMPLE, snapshotOf } from './change-set-helpers.js'

/** A GUID of the grown store, by kind and number: `0000000k-0000-4000-8000-nnnnnnnnnnnn`. */
export function bigGuid(kind: number, n: number): string {
  return `0000000${kind}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
}

/** A domain user SID by number. */
export const bigSid = (n: number): string => `S-1-5-21-3623811015-3361044348-30300820-${100000 + n}`

/** Names of what {@link bigStore} adds. */
export const BIG = {
  scope: (i: number) => `Scope ${i}`,
  task: (i: number) => `Task ${i}`,
  group: (i: number) => `Group ${i}`,
  roleAssignment: (i: number) => `Role assignment ${i}`,
  /** The application-level Basic group that holds `size` members. */
  crowd: 'Crowd',
} as const

function group(guid: string, name: string, members: readonly string[]): ApplicationGroup {
  return { guid, name, groupType: 'Basic', members, nonMembers: [], appMemberLinks: [], appNonMemberLinks: [], extras: NO_EXTRAS }
}

function task(guid: string, name: string, operation: string): Task {
  return { guid, name, roleDefinition: false, operationLinks: [operation], taskLinks: [], extras: NO_EXTRAS }
}

function roleAssignment(guid: string, name: string, taskGuid: string, members: readonly string[]): RoleAssignment {
  return { guid, name, taskLinks: [taskGuid], operationLinks: [], appMemberLinks: [], members, extras: NO_EXTRAS }
}

/**
 * The r2 sample with `size` more of each: scopes (each with a group, a task
 * and a role assignment granting it), application-level tasks and groups,
 * members of the Administrator role assignment, and members of group
 * {@link BIG.crowd}. About 6 x `size` objects; integrity-clean.
 */
export function bigStore(size: number): StoreSnapshot {
  const { policy, version } = snapshotOf(SAMPLE.r2)
  const [app, ...others] = policy.applications
  if (app === undefined || app.name !== APP) throw new Error('the r2 sample changed')
  const operation = app.operations[0]?.guid ?? ''
  const range = Array.from({ length: size }, (_, i) => i)
  const scopes: Scope[] = range.map((i) => {
    const taskGuid = bigGuid(3, i)
    return {
      guid: bigGuid(1, i),
      name: BIG.scope(i),
      groups: [group(bigGuid(2, i), BIG.group(i), [bigSid(i)])],
      tasks: [task(taskGuid, BIG.task(i), operation)],
      roleAssignments: [roleAssignment(bigGuid(4, i), BIG.roleAssignment(i), taskGuid, [bigSid(i)])],
      extras: NO_EXTRAS,
    }
  })
  const grown: Application = {
    ...app,
    tasks: [...app.tasks, ...range.map((i) => task(bigGuid(5, i), BIG.task(i), operation))],
    groups: [...app.groups, ...range.map((i) => group(bigGuid(6, i), BIG.group(i), [])), group(bigGuid(7, 0), BIG.crowd, range.map(bigSid))],
    roleAssignments: app.roleAssignments.map((ra) => (ra.name === 'Administrator' ? { ...ra, members: [...ra.members, ...range.map(bigSid)] } : ra)),
    scopes: [...app.scopes, ...scopes],
  }
  const store: PolicyStore = { ...policy, applications: [grown, ...others] }
  return { policy: store, version }
}

/** What a change set of one kind does to {@link bigStore}: `count` changes, numbered from `from`. */
export type ChangeMaker = (i: number) => Change

/** One maker per kind of change the scale tests and the benchmark run, each meaningful on {@link bigStore}. */
export const MAKERS: Readonly<Record<string, ChangeMaker>> = {
  'create-scope': (i) => ({ type: 'create-scope', app: APP, name: `New scope ${i}` }),
  'create-group': (i) => ({ type: 'create-group', app: APP, name: `New group ${i}`, groupType: 'Basic', members: [{ sid: bigSid(1_000_000 + i) }] }),
  'create-task': (i) => ({ type: 'create-task', app: APP, name: `New task ${i}`, operations: ['Read Service Configuration'] }),
  'create-role-definition': (i) => ({ type: 'create-role-definition', app: APP, name: `New role ${i}`, tasks: [BIG.task(i % 100)] }),
  'create-role-assignment': (i) => ({ type: 'create-role-assignment', app: APP, name: `New assignment ${i}`, roleDefinitions: ['Administrator'] }),
  'create-operation': (i) => ({ type: 'create-operation', app: APP, name: `New operation ${i}`, operationId: 100_000 + i }),
  'add-role-assignment-members': (i) => ({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: bigSid(1_000_000 + i) }] }),
  'remove-role-assignment-members': (i) => ({ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: bigSid(i) }] }),
  'add-group-members': (i) => ({ type: 'add-group-members', app: APP, group: BIG.crowd, members: [{ sid: bigSid(1_000_000 + i) }] }),
  'remove-group-members': (i) => ({ type: 'remove-group-members', app: APP, group: BIG.crowd, members: [{ sid: bigSid(i) }] }),
  'delete-task': (i) => ({ type: 'delete-task', app: APP, name: BIG.task(i) }),
  'delete-group': (i) => ({ type: 'delete-group', app: APP, name: BIG.group(i) }),
  'delete-scope': (i) => ({ type: 'delete-scope', app: APP, name: BIG.scope(i) }),
  'rename-scope': (i) => ({ type: 'rename-scope', app: APP, name: BIG.scope(i), newName: `Renamed scope ${i}` }),
  'update-task': (i) => ({ type: 'update-task', app: APP, scope: BIG.scope(i), name: BIG.task(i), description: `Task number ${i}` }),
}

/** `count` changes of one kind. */
export function changesOf(kind: string, count: number): Change[] {
  const make = MAKERS[kind]
  if (make === undefined) throw new Error(`no maker for ${kind}`)
  return Array.from({ length: count }, (_, i) => make(i))
}
