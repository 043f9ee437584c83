import { Type } from '@sinclair/typebox'
import { bizRule, changeType, description, inContainer, Name, names, newName, nullableBizRule, nullableDescription, operations } from './shared.js'

/** The change types of tasks and role definitions (both are AzMan tasks; a role definition has `IsRoleDefinition`). */

const APP = 'Hyper-V services'
const name = Type.Readonly(Name('Name of the task or role definition'))
const tasks = names('Nested tasks and role definitions, by name')

function create<T extends 'create-task' | 'create-role-definition'>(type: T, what: string, example: Readonly<Record<string, unknown>>) {
  return changeType(
    type,
    { ...inContainer, name, operations: operations('Operations, by OperationID or name'), tasks, description, bizRule },
    { description: `Creates a ${what} with its operations, nested tasks and business rule.`, example },
  )
}

function update<T extends 'update-task' | 'update-role-definition'>(type: T, what: string, example: Readonly<Record<string, unknown>>) {
  return changeType(
    type,
    {
      ...inContainer,
      name,
      newName,
      description: nullableDescription,
      bizRule: nullableBizRule,
      addOperations: operations('Operations to link, by OperationID or name'),
      removeOperations: operations('Operations to unlink, by OperationID or name'),
      addTasks: names('Tasks and role definitions to nest, by name'),
      removeTasks: names('Nested tasks and role definitions to unlink, by name'),
    },
    { description: `Renames a ${what}, changes its description or business rule, or links and unlinks operations and nested tasks; fields left out stay as they are.`, example },
  )
}

function remove<T extends 'delete-task' | 'delete-role-definition'>(type: T, what: string, example: Readonly<Record<string, unknown>>) {
  return changeType(type, { ...inContainer, name }, { description: `Deletes a ${what}; one already absent is in place.`, example })
}

export const CreateTask = create('create-task', 'task', {
  app: APP,
  name: 'Operate VMs',
  operations: [315, 'Stop Virtual Machine'],
  bizRule: { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' },
})
export const UpdateTask = update('update-task', 'task', { app: APP, name: 'Operate VMs', addOperations: [340], removeOperations: [315], description: null, bizRule: null })
export const DeleteTask = remove('delete-task', 'task', { app: APP, name: 'Operate VMs' })
export const CreateRoleDefinition = create('create-role-definition', 'role definition', { app: APP, scope: 'Lab VMs', name: 'VM Operator', tasks: ['Operate VMs'], operations: [335] })
export const UpdateRoleDefinition = update('update-role-definition', 'role definition', { app: APP, scope: 'Lab VMs', name: 'VM Operator', newName: 'Lab VM Operator', removeTasks: ['Operate VMs'] })
export const DeleteRoleDefinition = remove('delete-role-definition', 'role definition', { app: APP, scope: 'Lab VMs', name: 'Lab VM Operator' })

/** Every change type of tasks and role definitions, in documentation order. */
export const TASK_CHANGES = [CreateTask, UpdateTask, DeleteTask, CreateRoleDefinition, UpdateRoleDefinition, DeleteRoleDefinition] as const
