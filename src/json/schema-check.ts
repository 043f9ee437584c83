import type { TSchema } from '@sinclair/typebox'
import { Ajv, type ValidateFunction } from 'ajv'
import { declareSchemaKeywords, firstProblem, schemaRefs, type JsonProblem } from './schema-messages.js'

const validators = new Map<TSchema, ValidateFunction>()

/**
 * The first problem, in field order, of `value` against `schema` (one
 * without `$ref`s), its path starting at `base`; undefined when it fits.
 * Each schema is compiled once, on first use.
 *
 * @param unknownField the message for a field the schema does not have, where its object gives none
 */
export function schemaProblem(schema: TSchema, value: unknown, base: string, unknownField: string): JsonProblem | undefined {
  let validate = validators.get(schema)
  if (validate === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false })
    declareSchemaKeywords(ajv)
    validate = ajv.compile(schema)
    validators.set(schema, validate)
  }
  if (validate(value)) return undefined
  return firstProblem(validate.errors ?? [], value, schema, { refs: schemaRefs([]), unknownField, base })
}

/**
 * Whether `problem` is at `at` itself or in one of the given fields of it (or
 * inside them): one a reader meets before a check made in code after those
 * fields. Input read in stages uses it to keep the first problem first.
 */
export function problemBefore(problem: JsonProblem, at: string, fields: readonly string[]): boolean {
  const { path } = problem
  return path === at || fields.some((f) => path === `${at}.${f}` || path.startsWith(`${at}.${f}[`) || path.startsWith(`${at}.${f}.`))
}
