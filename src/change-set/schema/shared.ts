import { Type, type Static, type TLiteral, type TObject, type TProperties, type TReadonly } from '@sinclair/typebox'
import { List, Nullable } from '../../json/schema-types.js'
import { MESSAGE } from '../../json/schema-messages.js'

/**
 * The pieces every change type's schema is built from: object references
 * (operations, principals), business rules, where an object lives, and the
 * field kinds with the messages a change set that gets them wrong is refused
 * with (`x-message`, see `json/schema-messages.ts`).
 *
 * Names carry `minLength: 1` for the REST service, which refuses an empty name
 * at the door (400); the library's parser leaves empty and blank names to
 * planning, which refuses them with `AZMAN_ERR_CHANGE_INVALID_NAME`.
 */

/** A name of an object, as a change gives it (matched without regard to case). */
export function Name(description: string): ReturnType<typeof Type.String> {
  return Type.String({ minLength: 1, description })
}

/** An OperationID: a 32-bit integer, as AzMan stores it (bounded, so 1e400, which JSON reads as Infinity, is refused). */
export const OperationId = Type.Integer({
  minimum: -2147483648,
  maximum: 2147483647,
  description: 'An OperationID: a 32-bit integer',
  [MESSAGE]: { default: 'must be a 32-bit integer', required: 'is required (an integer)' },
})

/** An operation by OperationID or name. */
export const OperationRef = Type.Union([OperationId, Type.String({ minLength: 1 })], {
  $id: 'OperationRef',
  description: 'An OperationID (integer) or an operation name',
  [MESSAGE]: { default: 'must be an OperationID (an integer) or an operation name (a string)' },
})
export type OperationRef = Static<typeof OperationRef>

/**
 * A member of a role assignment or application group: a SID, a well-known
 * account name (`BUILTIN\Administrators`, `Everyone`), or an application group
 * by name.
 */
export const PrincipalRef = Type.Union(
  [
    Type.Object({ sid: Type.Readonly(Type.String({ minLength: 1, description: 'A SID, e.g. S-1-5-21-1004336348-1177238915-682003330-1105' })) }, { additionalProperties: false }),
    Type.Object({ account: Type.Readonly(Type.String({ minLength: 1, description: 'A well-known account: BUILTIN\\Administrators, Everyone, ...' })) }, { additionalProperties: false }),
    Type.Object({ group: Type.Readonly(Type.String({ minLength: 1, description: 'An application group by name' })) }, { additionalProperties: false }),
  ],
  {
    $id: 'PrincipalRef',
    [MESSAGE]: {
      type: 'must be an object: {"sid": "S-1-..."}, {"account": "BUILTIN\\\\Users"} or {"group": "name"}',
      default: 'must have exactly one of "sid", "account" or "group", with a string value',
    },
  },
)
export type PrincipalRef = Static<typeof PrincipalRef>

/** A business rule: a script AzMan runs at access-check time. */
export const BizRuleSpec = Type.Object(
  {
    language: Type.Readonly(Type.Union([Type.Literal('VBScript'), Type.Literal('JScript')], { [MESSAGE]: { type: 'must be a string', default: 'must be "VBScript" or "JScript"' } })),
    script: Type.Readonly(Type.String({ description: 'The script' })),
    importedPath: Type.ReadonlyOptional(Type.String({ description: 'The file the script was imported from, as AzMan records it' })),
  },
  { $id: 'BizRuleSpec', additionalProperties: false },
)
export type BizRuleSpec = Static<typeof BizRuleSpec>

const BIZ_RULE_TYPE = 'must be an object {"language", "script", "importedPath"?}, or null to remove the rule'

/**
 * A business rule on a create: null is taken for no rule (and dropped by the
 * parser, `x-null-is-absent`); the REST schema takes an object only.
 */
export const bizRule = Type.ReadonlyOptional(Type.Ref(BizRuleSpec, { description: 'The business rule (null: none)', [MESSAGE]: { type: BIZ_RULE_TYPE }, 'x-null-is-absent': true }))

/** A business rule on an update: a new rule, or null to remove it. */
export const nullableBizRule = Type.ReadonlyOptional(Nullable(Type.Ref(BizRuleSpec), { description: 'A new business rule, or null to remove it', [MESSAGE]: { type: BIZ_RULE_TYPE } }))

/** Operations by OperationID or name. */
export function operations(description: string) {
  return Type.ReadonlyOptional(List(Type.Ref(OperationRef), { description, [MESSAGE]: { default: 'must be an array of OperationIDs or operation names' } }))
}

/** Names of tasks and role definitions (or of other objects a field names). */
export function names(description: string): ReturnType<typeof Type.ReadonlyOptional<ReturnType<typeof List<ReturnType<typeof Type.String>>>>> {
  return Type.ReadonlyOptional(List(Type.String({ minLength: 1, [MESSAGE]: { default: 'must be a name (a string)' } }), { description, [MESSAGE]: { default: 'must be an array of names' } }))
}

const PRINCIPALS = '{"sid"}, {"account"} or {"group"}'
/** Members (or non-members) by SID, well-known account or application group. */
export function principals(description: string) {
  return List(Type.Ref(PrincipalRef), { description, [MESSAGE]: { default: `must be an array of ${PRINCIPALS}`, required: `is required (an array of ${PRINCIPALS})` } })
}

/** A description on a create. */
export const description = Type.ReadonlyOptional(Type.String({ description: 'Description' }))
/** A description on an update: a new one, or null to remove it. */
export const nullableDescription = Type.ReadonlyOptional(
  Nullable(Type.String({ description: 'null removes the description' }), {
    description: 'A new description; null removes the description',
    [MESSAGE]: { default: 'must be a string, or null to remove it' },
  }),
)
/** A new name on an update. */
export const newName = Type.ReadonlyOptional(Name('A new name'))

/** Where a task, role definition, role assignment or scope-level group lives: an application, and a scope in it or not. */
export const inContainer = {
  app: Type.Readonly(Name('Application name')),
  scope: Type.ReadonlyOptional(Name('Scope name; absent for the application level')),
}

/** Where a group lives: the store (no `app`), an application, or a scope of one. */
export const inGroupContainer = {
  app: Type.ReadonlyOptional(Name('Application name; absent for a store-level group')),
  scope: Type.ReadonlyOptional(Name('Scope name; needs its "app"')),
}

/** What documents a change type: what it does, and one example (without its `type`). */
export interface ChangeDoc {
  readonly description: string
  readonly example: Readonly<Record<string, unknown>>
}

/** The schema of one change type: `type` and the given fields, unknown fields refused. */
export function changeType<T extends string, P extends TProperties>(type: T, properties: P, doc: ChangeDoc): TObject<{ type: TReadonly<TLiteral<T>> } & P> {
  return Type.Object({ type: Type.Readonly(Type.Literal(type)), ...properties }, { additionalProperties: false, description: doc.description, examples: [{ type, ...doc.example }] })
}
