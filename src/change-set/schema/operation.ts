import { Type } from '@sinclair/typebox'
import { changeType, description, Name, newName, nullableDescription, OperationId } from './shared.js'

/** The change types of operations. */

const APP = 'Hyper-V services'
const app = Type.Readonly(Name('Application name'))
const name = Type.Readonly(Name('Operation name'))

export const CreateOperation = changeType(
  'create-operation',
  { app, name, operationId: Type.Readonly(OperationId), description },
  { description: 'Creates an operation with its OperationID.', example: { app: APP, name: 'Export VM', operationId: 900, description: 'Exports a virtual machine' } },
)

export const UpdateOperation = changeType(
  'update-operation',
  { app, name, newName, description: nullableDescription, operationId: Type.ReadonlyOptional(OperationId) },
  {
    description: 'Renames an operation, or changes its description or OperationID; fields left out stay as they are.',
    example: { app: APP, name: 'Export VM', newName: 'Export', description: null, operationId: 901 },
  },
)

export const DeleteOperation = changeType(
  'delete-operation',
  { app, name },
  { description: 'Deletes an operation (refused while a task or role definition links to it); one already absent is in place.', example: { app: APP, name: 'Export' } },
)

/** Every change type of operations, in documentation order. */
export const OPERATION_CHANGES = [CreateOperation, UpdateOperation, DeleteOperation] as const
