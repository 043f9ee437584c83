import { Type, type TSchema } from '@sinclair/typebox'
import { Ajv } from 'ajv'
import t from 'tap'
import { declareSchemaKeywords, firstProblem, MESSAGE, schemaRefs } from '../../src/json/schema-messages.js'

const Inner = Type.Object(
  { a: Type.String(), b: Type.Integer({ [MESSAGE]: { default: 'must be a small number', required: 'is required (a small number)' } }) },
  { $id: 'Inner', additionalProperties: false },
)
const Root = Type.Object(
  {
    first: Type.String(),
    inner: Type.Optional(Type.Union([Type.Ref(Inner), Type.Null()], { [MESSAGE]: { type: 'must be an Inner or null' } })),
    list: Type.Optional(Type.Array(Type.Boolean())),
    whole: Type.Optional(Type.Array(Type.String(), { [MESSAGE]: { default: 'must be an array of names', whole: true } })),
  },
  { additionalProperties: false, [MESSAGE]: { type: 'must be an object {"first"}' } },
)

const ajv = new Ajv({ allErrors: true, strict: false })
declareSchemaKeywords(ajv)
ajv.addSchema(Inner)
const validate = ajv.compile(Root)
const context = { refs: schemaRefs([Inner]), unknownField: 'is not a field of this thing', base: '$' }

function problem(data: unknown): string {
  if (validate(data)) return 'valid'
  const { path, message } = firstProblem(validate.errors ?? [], data, Root, context)
  return `${path}: ${message}`
}

/** The first problem of data against `schema`, as `path: message`, or `valid`. */
function schemaProblem(schema: TSchema): (data: unknown) => string {
  const check = new Ajv({ allErrors: true, strict: false })
  declareSchemaKeywords(check)
  const v = check.compile(schema)
  return (data) => {
    if (v(data)) return 'valid'
    const { path, message } = firstProblem(v.errors ?? [], data, schema, context)
    return `${path}: ${message}`
  }
}

const CASES: readonly [string, unknown, string][] = [
  ['not an object: the root message', 5, '$: must be an object {"first"}'],
  ['a missing field: generic, by its type', {}, '$.first: is required (a string)'],
  ['a wrong type: generic', { first: 1 }, '$.first: must be a string'],
  ['a boolean', { first: 'x', list: [true, 'no'] }, '$.list[1]: must be true or false'],
  ['an unknown field comes after every known one, even a later one', { zzz: 1, first: 'x', list: [1] }, '$.list[0]: must be true or false'],
  ['an unknown field alone', { first: 'x', zzz: 1 }, '$.zzz: is not a field of this thing'],
  ['a union that no member takes: its type message', { first: 'x', inner: 'text' }, '$.inner: must be an Inner or null'],
  ['a union member chosen by type: that member speaks, not the union', { first: 'x', inner: { a: 'y' } }, '$.inner.b: is required (a small number)'],
  ['a message of the field itself', { first: 'x', inner: { a: 'y', b: 'z' } }, '$.inner.b: must be a small number'],
  ['fields in schema order, not the order of the data', { inner: { b: 1, a: 2 }, first: 3 }, '$.first: must be a string'],
  ['an error inside a "whole" value is reported at the value', { first: 'x', whole: ['a', 2] }, '$.whole: must be an array of names'],
  ['valid', { first: 'x', inner: null }, 'valid'],
]

for (const [what, data, expected] of CASES) {
  t.test(what, async (t) => t.equal(problem(data), expected))
}

t.test('an object can name its own unknown fields (x-message unknown), else the context does', async (t) => {
  const Own = Type.Object({ a: Type.Object({ b: Type.String() }, { additionalProperties: false, [MESSAGE]: { unknown: 'is not a field of an a' } }) }, { additionalProperties: false })
  const at = schemaProblem(Own)
  t.equal(at({ a: { b: 'x', c: 1 } }), '$.a.c: is not a field of an a')
  t.equal(at({ a: { b: 'x' }, c: 1 }), '$.c: is not a field of this thing')
})

t.test('an unknown field of the union member a value is read as: the member names it, before the union speaks', async (t) => {
  // Regression: with the object after another member, the other member's type error tied with the unknown field and won.
  const Citation = Type.Object({ title: Type.String() }, { additionalProperties: false, [MESSAGE]: { unknown: 'is not a field of a source' } })
  const Either = Type.Object({ s: Type.Union([Type.String(), Citation], { [MESSAGE]: { type: 'must be a citation' } }) }, { additionalProperties: false })
  const at = schemaProblem(Either)
  t.equal(at({ s: { title: 't', link: 1 } }), '$.s.link: is not a field of a source')
  t.equal(at({ s: 5 }), '$.s: must be a citation')
  t.equal(at({ s: { title: 5 } }), '$.s.title: must be a string')
})
