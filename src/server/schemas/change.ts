import { Type, type TObject, type TProperties } from '@sinclair/typebox'
import type { Change as LibraryChange } from '../../change-set/change.js'
import { Names, OperationId, OperationRef, PrincipalRef } from './common.js'
import { List, Nullable } from './types.js'

/**
 * The change-set format (docs/change-sets.md) as JSON Schema: one object
 * per change type, told apart by `type`, unknown fields refused. Routes that
 * take change sets also run them through `parseChangeSet`, so the CLI and the
 * API accept exactly the same documents.
 */

const app = Type.String({ minLength: 1, description: 'Application name' })
const scope = Type.Optional(Type.String({ minLength: 1, description: 'Scope name; absent for the application level' }))
const name = Type.String({ minLength: 1 })
const description = Type.Optional(Type.String())
const nullableDescription = Type.Optional(Nullable(Type.String({ description: 'null removes the description' })))
const operations = Type.Optional(List(Type.Ref(OperationRef)))
const tasks = Type.Optional(Names)
const principals = List(Type.Ref(PrincipalRef))

export const BizRuleSpec = Type.Object(
  { language: Type.Union([Type.Literal('VBScript'), Type.Literal('JScript')]), script: Type.String(), importedPath: Type.Optional(Type.String()) },
  { $id: 'BizRuleSpec', additionalProperties: false },
)

/** One change type's object (its TypeScript type is the library's `Change`, not derived here). */
function change(types: readonly string[], properties: TProperties): TObject {
  const [first, ...rest] = types
  // `const` or `enum` (not a union of literals): what the `discriminator` of {@link Change} reads.
  const type = rest.length === 0 && first !== undefined ? Type.Literal(first) : Type.Unsafe<string>({ type: 'string', enum: [...types] })
  return Type.Object({ type, ...properties }, { additionalProperties: false })
}

/** Its TypeScript type is the library's `Change`: the schema is checked against it by the tests (every change type of the example in docs/change-sets.md validates). */
export const Change = Type.Unsafe<LibraryChange>({
  // One branch per `type`, chosen by it (OpenAPI's and Ajv's `discriminator`): a change is checked
  // against its own branch only, not against each of the 15 in turn (5,000 changes: about 5 ms
  // instead of 65 to 100 ms, with the event loop held).
  $id: 'Change',
  discriminator: { propertyName: 'type' },
  oneOf: [
    change(['create-operation'], { app, name, operationId: OperationId, description }),
    change(['update-operation'], { app, name, newName: Type.Optional(name), description: nullableDescription, operationId: Type.Optional(Type.Integer()) }),
    change(['delete-operation'], { app, name }),
    change(['create-task', 'create-role-definition'], { app, scope, name, operations, tasks, description, bizRule: Type.Optional(Type.Ref(BizRuleSpec)) }),
    change(['update-task', 'update-role-definition'], {
      app,
      scope,
      name,
      newName: Type.Optional(name),
      description: nullableDescription,
      bizRule: Type.Optional(Nullable(Type.Ref(BizRuleSpec))),
      addOperations: operations,
      removeOperations: operations,
      addTasks: tasks,
      removeTasks: tasks,
    }),
    change(['delete-task', 'delete-role-definition', 'delete-role-assignment'], { app, scope, name }),
    change(['create-role-assignment'], { app, scope, name, roleDefinitions: tasks, tasks, description }),
    change(['update-role-assignment'], { app, scope, name, newName: Type.Optional(name), description: nullableDescription }),
    change(['add-role-assignment-tasks', 'remove-role-assignment-tasks'], { app, scope, roleAssignment: name, roleDefinitions: tasks, tasks }),
    change(['add-role-assignment-members', 'remove-role-assignment-members'], { app, scope, roleAssignment: name, members: principals }),
    change(['create-scope'], { app, name, description }),
    change(['rename-scope'], { app, name, newName: name }),
    change(['delete-scope'], { app, name }),
    change(['create-group'], {
      app: Type.Optional(app),
      scope,
      name,
      groupType: Type.Union([Type.Literal('Basic'), Type.Literal('LdapQuery')]),
      description,
      members: Type.Optional(principals),
      nonMembers: Type.Optional(principals),
      ldapQuery: Type.Optional(Type.String()),
    }),
    change(['update-group'], { app: Type.Optional(app), scope, name, newName: Type.Optional(name), description: nullableDescription, ldapQuery: Type.Optional(Type.String()) }),
    change(['delete-group'], { app: Type.Optional(app), scope, name }),
    change(['add-group-members', 'remove-group-members'], { app: Type.Optional(app), scope, group: name, members: Type.Optional(principals), nonMembers: Type.Optional(principals) }),
  ],
})

export const ChangeSet = Type.Object({ changes: List(Type.Ref(Change)) }, { $id: 'ChangeSet', additionalProperties: false })

export const CHANGE_SCHEMAS = [BizRuleSpec, Change, ChangeSet] as const
