import { Type } from '@sinclair/typebox'
import { List } from './types.js'

const closed = { additionalProperties: false } as const

/** A least-privilege template, as `azman templates --json` prints it (templates/README.md documents the format). */
export const Template = Type.Object(
  {
    name: Type.String(),
    title: Type.String(),
    description: Type.String(),
    application: Type.String(),
    roleDefinition: Type.String(),
    aliases: List(Type.String()),
    assignableAt: Type.Union([Type.Literal('scope'), Type.Literal('application'), Type.Literal('any')]),
    operations: List(Type.Object({ id: Type.Integer(), name: Type.String(), required: Type.Boolean(), note: Type.Optional(Type.String()) }, closed)),
    forbiddenPrincipals: List(Type.Object({ sid: Type.String(), name: Type.String() }, closed)),
    sources: List(Type.Object({ title: Type.String(), ref: Type.Optional(Type.String()), url: Type.Optional(Type.String()), note: Type.Optional(Type.String()) }, closed)),
  },
  { $id: 'Template', additionalProperties: false },
)

export const TemplateList = Type.Object({ templates: List(Type.Ref(Template)) }, closed)
