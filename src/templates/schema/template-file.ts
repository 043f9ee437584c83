import { Type, type TSchema } from '@sinclair/typebox'
import { List } from '../../json/schema-types.js'
import { MESSAGE } from '../../json/schema-messages.js'

/** The format tag of a template file. */
export const TEMPLATE_FORMAT = 'azman-template/1'

const OPERATION_SHAPE = '{"id": <OperationID>, "name": "...", "required": true|false, "note"?: "..."}'
const FORBIDDEN_SHAPE = '{"sid": "S-1-...", "name": "..."}'
const CITATION = 'must be a citation: a string, or {"title", "ref"?, "url"?, "note"?}'

/** A non-empty string (not only whitespace), with the messages of a required text field. */
const Text = (description: string) => Type.String({ description, pattern: '\\S', [MESSAGE]: { type: 'must be a string', required: 'is required (a string)', default: 'must not be empty' } })

/** One entry of `operations`: an OperationID the template allows. */
export const TemplateOperationSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The OperationID (a 32-bit integer)', minimum: -2147483648, maximum: 2147483647, [MESSAGE]: { required: 'is required (an integer)', default: 'must be a 32-bit integer' } }),
    name: Text('The operation name, for reading'),
    required: Type.Optional(Type.Boolean({ description: 'Whether the job cannot be done without it; default false' })),
    note: Type.Optional(Type.String({ description: 'Why the operation is there, or what is uncertain about it' })),
  },
  { additionalProperties: false, [MESSAGE]: { type: `must be an object: ${OPERATION_SHAPE}`, unknown: 'is not a field of a template operation' } },
)

/** One entry of `forbiddenPrincipals`: a SID pattern (checked after the schema) and its name. */
export const ForbiddenPrincipalSchema = Type.Object(
  { sid: Type.String({ description: 'A SID, or a SID pattern with * for a part that may be anything (S-1-5-21-*-*-*-513)' }), name: Text('The principal name') },
  { additionalProperties: false, [MESSAGE]: { type: `must be an object: ${FORBIDDEN_SHAPE}`, unknown: 'is not a field of a forbidden principal' } },
)

/** A citation as an object; its `url` must be http(s) (checked after the schema). */
export const SourceObjectSchema = Type.Object(
  {
    title: Text('What the source is: a document title, or a whole citation'),
    ref: Type.Optional(Type.String({ description: 'The source short ID (HV-RBAC)' })),
    url: Type.Optional(Type.String({ description: 'An http(s) URL' })),
    note: Type.Optional(Type.String({ description: 'What the template takes from it, or how it departs from it' })),
  },
  { additionalProperties: false, [MESSAGE]: { unknown: 'is not a field of a source' } },
)

/** A citation as a string: its title. */
export const SourceTitleSchema = Type.String({ description: 'A document title, or a whole citation', pattern: '\\S', [MESSAGE]: { default: 'must not be empty' } })

/** One entry of `sources`: a citation, as a string (its title) or an object. */
export const TemplateSourceSchema = Type.Union([SourceTitleSchema, SourceObjectSchema], { [MESSAGE]: { type: CITATION, default: 'must not be empty' } })

const ASSIGNABLE_AT = 'must be "scope", "application" or "any"'

/** An alias: a name, not empty. */
export const AliasSchema = Type.String({ pattern: '\\S', [MESSAGE]: { type: 'must be a string', default: 'must not be empty' } })

/** A companion: the name of a template needed at application level, not empty. */
export const CompanionSchema = Type.String({ pattern: '\\S', [MESSAGE]: { type: 'must be a string (a template name)', default: 'must not be empty' } })

/** The file's schema with the given schemas for the entries of its four lists. */
function templateFileSchema<A extends TSchema, O extends TSchema, F extends TSchema, S extends TSchema>(alias: A, operation: O, forbidden: F, source: S) {
  return Type.Object(
    {
      format: Type.Literal(TEMPLATE_FORMAT, { [MESSAGE]: { required: `must be "${TEMPLATE_FORMAT}"`, default: `must be "${TEMPLATE_FORMAT}"` } }),
      name: Text('The template name (how bindings and --template name it)'),
      title: Text('A one-line title'),
      description: Text('The delegated job'),
      application: Text('The AzMan application the template is for (compared without regard to case)'),
      roleDefinition: Text('Name of the role definition `delegate` creates or reuses'),
      aliases: Type.Optional(
        List(alias, {
          description: 'Other names of role assignments and role definitions that do this job; default none',
          [MESSAGE]: { type: 'must be an array of strings' },
        }),
      ),
      assignableAt: Type.Union([Type.Literal('scope'), Type.Literal('application'), Type.Literal('any')], {
        description: 'scope: only inside a scope; application: only at application level; any',
        [MESSAGE]: { required: ASSIGNABLE_AT, default: ASSIGNABLE_AT },
      }),
      operations: List(operation, {
        minItems: 1,
        [MESSAGE]: {
          type: 'is required (a non-empty array of operations)',
          required: 'is required (a non-empty array of operations)',
          default: 'must not be empty: a template allows at least one operation',
        },
      }),
      forbiddenPrincipals: Type.Optional(List(forbidden, { description: 'Principals that must never hold the role; default none', [MESSAGE]: { type: 'must be an array of {"sid", "name"}' } })),
      sources: Type.Optional(List(source, { description: 'Where the operation list comes from; default none', [MESSAGE]: { type: 'must be an array of citations' } })),
      companions: Type.Optional(
        List(CompanionSchema, {
          description: 'Templates the members also need at application level (hyperv-manager-connect for a scope template): `delegate --with-connect` applies them too; default none',
          [MESSAGE]: { type: 'must be an array of template names' },
        }),
      ),
    },
    { additionalProperties: false, [MESSAGE]: { type: 'a template is a JSON object', unknown: 'is not a field of a template' } },
  )
}

/** A template file (`azman-template/1`) as JSON; duplicate OperationIDs, SID patterns and URLs are checked after it. */
export const TemplateFileSchema = templateFileSchema(AliasSchema, TemplateOperationSchema, ForbiddenPrincipalSchema, TemplateSourceSchema)

/**
 * {@link TemplateFileSchema} without its entries' schemas (aliases only typed,
 * as every alias is typed before any is checked for being empty): the file is read
 * field by field, each entry checked in turn (with the checks that are not
 * schema-shaped) after the fields before its list, as people read it.
 */
export const TemplateFileShellSchema = templateFileSchema(Type.String(), Type.Unknown(), Type.Unknown(), Type.Unknown())
