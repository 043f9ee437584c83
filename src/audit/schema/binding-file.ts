import { Type, type TSchema } from '@sinclair/typebox'
import { List, Nullable } from '../../json/schema-types.js'
import { MESSAGE } from '../../json/schema-messages.js'

/** The format tag of an audit binding file. */
export const BINDING_FORMAT = 'azman-audit-binding/1'

const BINDING_SHAPE = '{"app", "scope"?, "roleAssignment", "template": "<template name>" | null, "reason"?}'
const PRINCIPAL_SHAPE = '{"sid": "S-1-...", "name": "DOMAIN\\\\account"}'

/** A non-empty string (not only whitespace), with the messages of a required text field. */
const Text = (description: string) => Type.String({ description, pattern: '\\S', [MESSAGE]: { type: 'must be a string', required: 'is required (a string)', default: 'must not be empty' } })

/** One entry of `bindings`: a role assignment and the template it is held against. */
export const BindingEntrySchema = Type.Object(
  {
    app: Text('The application'),
    scope: Type.Optional(
      Nullable(Type.String({ minLength: 1 }), {
        description: 'A scope name; "*" for the application level and every scope; absent or null for the application level',
        [MESSAGE]: { default: 'must be a scope name, "*" for every scope and the application level, or absent (or null) for the application level' },
      }),
    ),
    roleAssignment: Text('The role assignment'),
    template: Nullable(Type.String(), {
      description: 'A template name (one given with --template), or null for none',
      [MESSAGE]: { required: 'is required: a template name, or null for none', default: 'must be a template name, or null for none' },
    }),
    reason: Type.Optional(Type.String({ description: 'Why, for the report (a ticket, a review)' })),
  },
  { additionalProperties: false, [MESSAGE]: { type: `must be an object: ${BINDING_SHAPE}`, unknown: 'is not a field of a binding' } },
)

/** One entry of `principals`: a SID and its name. */
export const PrincipalEntrySchema = Type.Object(
  { sid: Type.String({ description: 'A SID (S-1-...)' }), name: Text('The principal name') },
  { additionalProperties: false, [MESSAGE]: { type: `must be an object: ${PRINCIPAL_SHAPE}`, unknown: 'is not a field of a principal' } },
)

/** The file's schema with `binding` and `principal` as its entries' schemas. */
function bindingFileSchema<B extends TSchema, P extends TSchema>(binding: B, principal: P) {
  return Type.Object(
    {
      format: Type.Literal(BINDING_FORMAT, { [MESSAGE]: { required: `must be "${BINDING_FORMAT}"`, default: `must be "${BINDING_FORMAT}"` } }),
      bindings: List(binding, {
        [MESSAGE]: { type: 'is required (an array of {"app", "scope"?, "roleAssignment", "template"})', required: 'is required (an array of {"app", "scope"?, "roleAssignment", "template"})' },
      }),
      principals: Type.Optional(List(principal, { [MESSAGE]: { type: 'must be an array of {"sid", "name"}' } })),
    },
    {
      additionalProperties: false,
      [MESSAGE]: { type: `a binding file is a JSON object {"format": "${BINDING_FORMAT}", "bindings": [...], "principals"?: [...]}`, unknown: 'is not a field of a binding file' },
    },
  )
}

/** An audit binding file (`azman-audit-binding/1`) as JSON; template names and SIDs are checked after it. */
export const BindingFileSchema = bindingFileSchema(BindingEntrySchema, PrincipalEntrySchema)

/**
 * {@link BindingFileSchema} without its entries' schemas: the file is read
 * field by field, each entry checked in turn (with its template) after the
 * file's own fields, as people read it.
 */
export const BindingFileShellSchema = bindingFileSchema(Type.Unknown(), Type.Unknown())
