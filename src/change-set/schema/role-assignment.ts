import { Type } from '@sinclair/typebox'
import { changeType, description, inContainer, Name, names, newName, nullableDescription, principals } from './shared.js'

/** The change types of role assignments. */

const APP = 'Hyper-V services'
const name = Type.Readonly(Name('Role assignment name'))
const roleAssignment = Type.Readonly(Name('Role assignment name'))
const roleDefinitions = names('Role definitions, by name')
const tasks = names('Tasks, by name')

export const CreateRoleAssignment = changeType(
  'create-role-assignment',
  { ...inContainer, name, roleDefinitions, tasks, description },
  {
    description: 'Creates a role assignment with its role definitions and tasks (members are added by their own changes).',
    example: { app: APP, scope: 'Lab VMs', name: 'Lab operators', roleDefinitions: ['VM Operator'], tasks: [] },
  },
)

export const UpdateRoleAssignment = changeType(
  'update-role-assignment',
  { ...inContainer, name, newName, description: nullableDescription },
  {
    description: 'Renames a role assignment or changes its description; fields left out stay as they are.',
    example: { app: APP, scope: 'Lab VMs', name: 'Lab operators', newName: 'Lab ops', description: 'Operators of the lab' },
  },
)

export const DeleteRoleAssignment = changeType(
  'delete-role-assignment',
  { ...inContainer, name },
  { description: 'Deletes a role assignment; one already absent is in place.', example: { app: APP, scope: 'Lab VMs', name: 'Lab ops' } },
)

function linkTasks<T extends 'add-role-assignment-tasks' | 'remove-role-assignment-tasks'>(type: T, doc: string, example: Readonly<Record<string, unknown>>) {
  return changeType(type, { ...inContainer, roleAssignment, roleDefinitions, tasks }, { description: doc, example })
}

function members<T extends 'add-role-assignment-members' | 'remove-role-assignment-members'>(type: T, doc: string, example: Readonly<Record<string, unknown>>) {
  return changeType(
    type,
    { ...inContainer, roleAssignment, members: Type.Readonly(principals(type.startsWith('add') ? 'The members to add' : 'The members to remove')) },
    { description: doc, example },
  )
}

export const AddRoleAssignmentTasks = linkTasks('add-role-assignment-tasks', 'Links role definitions and tasks to a role assignment.', {
  app: APP,
  scope: 'Lab VMs',
  roleAssignment: 'Lab ops',
  tasks: ['Operate VMs'],
})
export const RemoveRoleAssignmentTasks = linkTasks('remove-role-assignment-tasks', 'Unlinks role definitions and tasks from a role assignment.', {
  app: APP,
  roleAssignment: 'Auditors',
  roleDefinitions: ['IT Monitor'],
})
export const AddRoleAssignmentMembers = members('add-role-assignment-members', 'Adds members to a role assignment: SIDs, well-known accounts or application groups.', {
  app: APP,
  scope: 'Lab VMs',
  roleAssignment: 'Lab ops',
  members: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1105' }, { group: 'Lab owners' }],
})
export const RemoveRoleAssignmentMembers = members('remove-role-assignment-members', 'Removes members from a role assignment.', {
  app: APP,
  scope: 'Lab VMs',
  roleAssignment: 'Lab ops',
  members: [{ account: 'Everyone' }],
})

/** Every change type of role assignments, in documentation order. */
export const ROLE_ASSIGNMENT_CHANGES = [
  CreateRoleAssignment,
  UpdateRoleAssignment,
  DeleteRoleAssignment,
  AddRoleAssignmentTasks,
  RemoveRoleAssignmentTasks,
  AddRoleAssignmentMembers,
  RemoveRoleAssignmentMembers,
] as const
