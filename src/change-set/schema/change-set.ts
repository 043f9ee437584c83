import { Type, type Static, type TUnion } from '@sinclair/typebox'
import { List } from '../../json/schema-types.js'
import { MESSAGE } from '../../json/schema-messages.js'
import { GROUP_CHANGES } from './group.js'
import { OPERATION_CHANGES } from './operation.js'
import { ROLE_ASSIGNMENT_CHANGES } from './role-assignment.js'
import { SCOPE_CHANGES } from './scope.js'
import { BizRuleSpec, OperationRef, PrincipalRef } from './shared.js'
import { TASK_CHANGES } from './task.js'

/**
 * The change-set format's one source of truth: every change type's schema,
 * gathered from the kinds' files (`operation.ts`, `task.ts`, ...). The
 * TypeScript types (`change.ts`), the parser (`parse-change-set.ts`), the REST
 * body schema and the OpenAPI document, and the list of change types in
 * docs/change-sets.md all follow from these. A new change type is added to its
 * kind's file only.
 */

/** Every change type's schema, in documentation order. */
export const CHANGE_SCHEMAS = [...OPERATION_CHANGES, ...TASK_CHANGES, ...ROLE_ASSIGNMENT_CHANGES, ...SCOPE_CHANGES, ...GROUP_CHANGES] as const

/** One change of any type, as its TypeScript type. */
export type Change = Static<TUnion<[...typeof CHANGE_SCHEMAS]>>
export type ChangeType = Change['type']

/** Every change type, in documentation order. */
export const CHANGE_TYPES: readonly ChangeType[] = CHANGE_SCHEMAS.map((schema) => schema.properties.type.const)

/**
 * One change: a `oneOf` told apart by `type` (Ajv's and OpenAPI's
 * `discriminator`), so a change is checked against its own type's schema only
 * and errors speak of that type (5,000 changes: about 5 ms instead of 65 to
 * 100 ms against each of the types in turn). TypeBox's `Type.Union` writes
 * `anyOf`, which a discriminator does not take: hence the schema written out,
 * typed with the union of the change types' own types.
 */
export const ChangeSchema = Type.Unsafe<Change>({
  $id: 'Change',
  description: 'One change; its `type` says which',
  discriminator: { propertyName: 'type' },
  oneOf: CHANGE_SCHEMAS,
  [MESSAGE]: { type: 'must be an object with a "type"', discriminator: `must be one of: ${CHANGE_TYPES.join(', ')}` },
})

/** `"allowBroad": true` in a change set: what `--allow-broad` (REST `?allowBroad=true`) allows. */
export const ALLOW_BROAD = Type.Boolean({
  description: 'Allow granting to Everyone, Domain Users and other broad principals, as --allow-broad and ?allowBroad=true do (either one enables it); the journal records the allowance',
  [MESSAGE]: { default: 'must be true or false' },
})

/** A change set as the REST service's schemas name it. */
export const ChangeSetSchema = Type.Object(
  { changes: Type.Readonly(List(Type.Ref(ChangeSchema), { description: 'The changes, applied in order' })), allowBroad: Type.Optional(Type.Readonly(ALLOW_BROAD)) },
  { $id: 'ChangeSet', additionalProperties: false, description: 'A change set (docs/change-sets.md)' },
)

/** A change set as a file holds it: an optional `format` (`azman-changes/1`, not checked) and the changes. */
export const ChangeSetFileSchema = Type.Object(
  {
    format: Type.Optional(Type.String({ description: 'The format, azman-changes/1 (optional, not checked)' })),
    changes: List(Type.Ref(ChangeSchema), { [MESSAGE]: { default: 'is required (an array of changes)', required: 'is required (an array of changes)' } }),
    allowBroad: Type.Optional(ALLOW_BROAD),
  },
  { additionalProperties: false, [MESSAGE]: { type: 'a change set is an object {"changes": [...]}' } },
)

/** The schemas the change types' schemas refer to (`$ref`). */
export const REFERENCED_SCHEMAS = [BizRuleSpec, OperationRef, PrincipalRef] as const

/** Those, the change schema and the change set's, for an Ajv instance or OpenAPI components. */
export const CHANGE_SET_SCHEMAS = [...REFERENCED_SCHEMAS, ChangeSchema, ChangeSetSchema] as const
