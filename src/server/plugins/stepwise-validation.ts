import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import type { SafePromiseLike } from 'fastify'
import { OBJECTS_PER_STEP, finishCooperatively, type Steps } from '../../model/steps.js'

/**
 * The keyword that marks a body schema whose list is validated in steps: its
 * value names the list property (`ChangeInput` marks `changes`).
 */
export const ITEMS_IN_STEPS = 'x-items-in-steps'

/** A validator as fastify takes it: a promise of the data, or of false with `errors` set. */
export type StepwiseValidator = ((data: unknown) => SafePromiseLike<unknown>) & { errors?: ErrorObject[] | null }

interface Schema {
  readonly $ref?: string
  readonly properties?: Record<string, { readonly items?: unknown }>
  readonly [ITEMS_IN_STEPS]?: string
}

function* validateSteps(envelope: ValidateFunction, item: ValidateFunction, list: string, data: unknown, fail: (errors: ErrorObject[]) => void): Steps<boolean> {
  if (!envelope(data)) return (fail(envelope.errors ?? []), false)
  const items = (data as Record<string, unknown>)[list]
  if (!Array.isArray(items)) return true
  for (const [i, value] of items.entries()) {
    if (!item(value)) return (fail((item.errors ?? []).map((e) => ({ ...e, instancePath: `/${list}/${i}${e.instancePath}` }))), false)
    if ((i + 1) % OBJECTS_PER_STEP === 0) yield
  }
  return true
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
  const validate: StepwiseValidator = (data: unknown) => {
    validate.errors = null
    const verdict = finishCooperatively(validateSteps(envelope, item, list, data, (errors) => (validate.errors = errors))).then((ok) => (ok ? data : false))
    // fastify awaits any promise a validator returns (its type asks for a branded one) and reads
    // `errors` in the microtask that follows a false: no other validation can run in between.
    return verdict as unknown as SafePromiseLike<unknown>
  }
  return validate
}
