import { Type } from '@sinclair/typebox'
import { changeType, description, Name } from './shared.js'

/** The change types of scopes. */

const APP = 'Hyper-V services'
const app = Type.Readonly(Name('Application name'))
const name = Type.Readonly(Name('Scope name'))

export const CreateScope = changeType(
  'create-scope',
  { app, name, description },
  { description: 'Creates a scope in an application.', example: { app: APP, name: 'Lab VMs', description: 'Virtual machines of the lab' } },
)
export const RenameScope = changeType(
  'rename-scope',
  { app, name, newName: Type.Readonly(Name('The new name')) },
  { description: 'Renames a scope.', example: { app: APP, name: 'Lab VMs', newName: 'Lab machines' } },
)
export const DeleteScope = changeType('delete-scope', { app, name }, { description: 'Deletes a scope and everything in it; one already absent is in place.', example: { app: APP, name: 'Old VMs' } })

/** Every change type of scopes, in documentation order. */
export const SCOPE_CHANGES = [CreateScope, RenameScope, DeleteScope] as const
