import { Ajv, type ValidateFunction } from 'ajv'
import type { TSchema } from '@sinclair/typebox'
import fp from 'fastify-plugin'
import { SHARED_SCHEMAS } from '../schemas/shared.js'
import { stepwiseValidator, type StepwiseValidator } from './stepwise-validation.js'

function ajv(coerceTypes: boolean | 'array'): Ajv {
  // No coercion in bodies: "315" is an operation name, 315 an OperationID. Unknown fields are refused, never dropped.
  // strictNumbers: a number is finite (JSON.parse reads 1e400 as Infinity, which Ajv would otherwise take for an integer).
  const instance = new Ajv({ coerceTypes, removeAdditional: false, useDefaults: true, allErrors: false, strict: false, strictNumbers: true, discriminator: true })
  for (const schema of SHARED_SCHEMAS) instance.addSchema(schema)
  return instance
}

/**
 * Shared schemas, response serialization, and request validation with the route schemas: bodies exactly as sent, query
 * strings, parameters and headers with coercion (`?dryRun=true`, one `?sid=` as a list). With
 * `validateResponses` every JSON response is also checked against its route's
 * response schema and a mismatch is a 500 (the tests run with it on).
 */
export const validation = fp<{ validateResponses: boolean }>(
  async (app, options) => {
    const strict = ajv(false)
    const coercing = ajv('array')
    const validators = { body: new WeakMap<object, ValidateFunction | StepwiseValidator>(), other: new WeakMap<object, ValidateFunction | StepwiseValidator>() }
    app.setValidatorCompiler(({ schema, httpPart }) => {
      const [compiler, cache] = httpPart === 'body' ? [strict, validators.body] : [coercing, validators.other]
      let validate = cache.get(schema)
      if (validate === undefined) {
        validate = (httpPart === 'body' ? stepwiseValidator(compiler, schema) : undefined) ?? compiler.compile(schema)
        cache.set(schema, validate)
      }
      return validate
    })
    for (const schema of SHARED_SCHEMAS) app.addSchema(schema)
    // Responses are serialized by json-replies.ts, not held to the schemas at run time: the tests do
    // that instead (validateResponses below: every route's answers are checked).
    if (!options.validateResponses) return
    const checker = ajv(false)
    const compiled = new WeakMap<object, ValidateFunction>()
    app.addHook('preSerialization', async (request, reply, payload) => {
      const responses = request.routeOptions.schema?.response as Record<string, TSchema> | undefined
      const schema = responses?.[String(reply.statusCode)] ?? responses?.[`${String(reply.statusCode)[0]}xx`]
      if (schema === undefined) return payload
      let check = compiled.get(schema)
      if (check === undefined) {
        check = checker.compile(schema)
        compiled.set(schema, check)
      }
      if (!check(JSON.parse(JSON.stringify(payload)))) {
        throw new Error(`response ${reply.statusCode} of ${request.method} ${request.routeOptions.url ?? ''} does not match its schema: ${checker.errorsText(check.errors)}`)
      }
      return payload
    })
  },
  { name: 'azman-validation' },
)
