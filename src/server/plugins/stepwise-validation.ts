import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import type { SafePromiseLike } from 'fastify'
import { OBJECTS_PER_STEP, finishCooperatively, type Steps } from '../../model/steps.js'

/**
 * The keyword that marks a body schema whose list is validated in steps: its
 * value names the list property (`ChangeInput` marks `changes`).
 */
export const ITEMS_IN_STEPS = 'x-items-in-steps'

/** A validator as fastify takes it: a promise of the data, or one rejected with a {@link BodyValidationError}. */
export type StepwiseValidator = (data: unknown) => SafePromiseLike<unknown>

/**
 * A body that does not match its schema, as fastify's own validation error:
 * the message in fastify's words (`body/changes/3/name must be string`) and
 * the Ajv errors in `validation`, which the problem handler turns into a 400.
 */
export class BodyValidationError extends Error {
  readonly statusCode = 400
  readonly code = 'FST_ERR_VALIDATION'
  readonly validationContext = 'body'
  constructor(readonly validation: ErrorObject[]) {
    super(validation.map((e) => `body${e.instancePath} ${e.message ?? 'is not valid'}`).join(', '))
  }
}

interface Schema {
  readonly $ref?: string
  readonly properties?: Record<string, { readonly items?: unknown }>
  readonly [ITEMS_IN_STEPS]?: string
}

/** The errors of `data`, none when it is valid. The validators' `errors` are read at once, before any other call. */
function* validateSteps(envelope: ValidateFunction, item: ValidateFunction, list: string, data: unknown): Steps<ErrorObject[]> {
  if (!envelope(data)) return envelope.errors ?? []
  const items = (data as Record<string, unknown>)[list]
  if (!Array.isArray(items)) return []
  for (const [i, value] of items.entries()) {
    if (!item(value)) return (item.errors ?? []).map((e) => ({ ...e, instancePath: `/${list}/${i}${e.instancePath}` }))
    if ((i + 1) % OBJECTS_PER_STEP === 0) yield
  }
  return []
}

/**
 * For a body schema marked with {@link ITEMS_IN_STEPS} (directly or through
 * its `$ref`): a validator that checks everything but the list's items at
 * once, then the items a few dozen at a time, letting other requests run
 * between them. Same verdict and errors as the schema compiled whole; the
 * largest change set is 5,000 changes, whose validation held the event loop
 * for 20 ms and more on a cold start. Undefined for any other schema.
 */
export function stepwiseValidator(ajv: Ajv, schema: unknown): StepwiseValidator | undefined {
  const given = schema as Schema
  const resolved = (given.$ref === undefined ? given : ajv.getSchema(given.$ref)?.schema) as Schema | undefined
  const list = resolved?.[ITEMS_IN_STEPS]
  const property = list === undefined ? undefined : resolved?.properties?.[list]
  if (resolved === undefined || list === undefined || property === undefined) return undefined
  const { $id: _id, ...rest } = resolved as Schema & { $id?: string }
  const envelope = ajv.compile({ ...rest, properties: { ...resolved.properties, [list]: { ...property, items: {} } } })
  const item = ajv.compile(property.items as object)
  // A first call has the engine compile the generated code now, at start, not in the first request
  // (15 to 20 ms of one event-loop turn, measured). The verdict on these values does not matter.
  envelope({ [list]: [] })
  item({})
  return (data: unknown) => {
    // The errors travel with this call's promise, never through a property of the validator that a
    // concurrent request could reset before fastify reads it.
    const verdict = finishCooperatively(validateSteps(envelope, item, list, data)).then((errors) => {
      if (errors.length > 0) throw new BodyValidationError(errors)
      return data
    })
    // fastify awaits any promise a validator returns (its type asks for a branded one).
    return verdict as unknown as SafePromiseLike<unknown>
  }
}
