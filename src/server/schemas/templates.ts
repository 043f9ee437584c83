import { Type } from '@sinclair/typebox'
import { List } from './types.js'

export const Template = Type.Object(
  {
    name: Type.String(),
    title: Type.String(),
    description: Type.String(),
    application: Type.String(),
    roleDefinition: Type.String(),
    assignableAt: Type.Union([Type.Literal('scope'), Type.Literal('application'), Type.Literal('any')]),
    operations: List(Type.Object({ id: Type.Integer(), name: Type.String(), required: Type.Boolean() }, { additionalProperties: false })),
    forbiddenPrincipals: List(Type.Object({ sid: Type.String(), name: Type.String() }, { additionalProperties: false })),
    sources: List(Type.String()),
  },
  { $id: 'Template', additionalProperties: false },
)

export const TemplateList = Type.Object({ templates: List(Type.Ref(Template)) }, { additionalProperties: false })
