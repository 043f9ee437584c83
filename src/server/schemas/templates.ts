import { Type } from '@sinclair/typebox'
import { List } from './types.js'
import { AliasSchema, CompanionSchema, ForbiddenPrincipalSchema, SourceObjectSchema, TemplateFileSchema, TemplateOperationSchema } from '../../templates/schema/template-file.js'

const closed = { additionalProperties: false } as const
const file = TemplateFileSchema.properties

/**
 * A least-privilege template, as `azman templates --json` prints it
 * (templates/README.md documents the format): the template file's schema
 * (`templates/schema/template-file.ts`) as read, with every list present,
 * `required` given on each operation and each source an object.
 */
export const Template = Type.Object(
  {
    name: file.name,
    title: file.title,
    description: file.description,
    application: file.application,
    roleDefinition: file.roleDefinition,
    aliases: List(AliasSchema),
    assignableAt: file.assignableAt,
    operations: List(Type.Object({ ...TemplateOperationSchema.properties, required: Type.Boolean({ description: 'Whether the job cannot be done without it' }) }, closed), { minItems: 1 }),
    forbiddenPrincipals: List(ForbiddenPrincipalSchema),
    sources: List(SourceObjectSchema),
    companions: List(CompanionSchema, { description: 'Templates the members also need at application level; `withConnect` delegations apply them too' }),
  },
  { $id: 'Template', additionalProperties: false },
)

export const TemplateList = Type.Object({ templates: List(Type.Ref(Template)) }, closed)
