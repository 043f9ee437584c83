/**
 * Change-set bodies are validated a few hundred changes at a time (so that
 * the largest set does not hold the event loop): the verdict and the place
 * named must be what the schema compiled whole gives, for a bad change
 * anywhere in the list, and for a bad envelope.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { Ajv } from 'ajv'
import { SHARED_SCHEMAS } from '../../src/server/schemas/shared.js'
import { ChangeInput } from '../../src/server/schemas/plan.js'
import { BodyValidationError, stepwiseValidator } from '../../src/server/plugins/stepwise-validation.js'
import { APP, assertProblem, json, testServer } from './support.js'

function ajv(): Ajv {
  const instance = new Ajv({ coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false, strict: false, discriminator: true })
  for (const schema of SHARED_SCHEMAS) instance.addSchema(schema)
  return instance
}

const good = (i: number): Record<string, unknown> => ({ type: 'create-scope', app: APP, name: `Scope ${i}` })
const bodies: [string, unknown][] = [
  ['a good set', { changes: Array.from({ length: 1000 }, (_, i) => good(i)) }],
  ['an unknown change type at 700', { changes: Array.from({ length: 1000 }, (_, i) => (i === 700 ? { ...good(i), type: 'create-nothing' } : good(i))) }],
  ['a missing name at 999', { changes: Array.from({ length: 1000 }, (_, i) => (i === 999 ? { type: 'create-scope', app: APP } : good(i))) }],
  ['an unknown field at 0', { changes: [{ ...good(0), extra: 1 }] }],
  ['an OperationID out of range at 300', { changes: Array.from({ length: 400 }, (_, i) => (i === 300 ? { type: 'create-operation', app: APP, name: 'x', operationId: 4294967296 } : good(i))) }],
  ['changes not a list', { changes: 'no' }],
  ['an unknown envelope field', { changes: [], extra: true }],
  ['not an object', [1, 2]],
  ['a saved plan', { format: 'azman-plan/1', store: 'lab', baseVersion: 'sha256:00', guids: ['g'], results: [{}], edits: [{}], warnings: [], changes: [good(0)] }],
  ['a saved plan with a bad format', { format: 'azman-plan/2', baseVersion: 'sha256:00', changes: [good(0)] }],
]

t.test('same verdict and same first error as the whole schema', async (t) => {
  const whole = ajv().compile(ChangeInput)
  const instance = ajv()
  const stepwise = stepwiseValidator(instance, { $ref: 'ChangeInput' })
  if (stepwise === undefined) throw new Error('ChangeInput is not marked for stepwise validation')
  let checked = 0
  for (const [what, body] of bodies) {
    const expected = whole(body)
    const refusal = await Promise.resolve(stepwise(body)).then(
      () => undefined,
      (e: unknown) => e,
    )
    t.equal(refusal === undefined, expected, `${what}: verdict`)
    if (!expected) {
      t.ok(refusal instanceof BodyValidationError, `${what}: a validation error`)
      if (refusal instanceof BodyValidationError) t.same(refusal.validation[0]?.instancePath, whole.errors?.[0]?.instancePath, `${what}: the place named`)
    }
    checked++
  }
  t.equal(checked, bodies.length, `${checked} bodies checked`)
})

t.test('concurrent validations keep their own verdicts (a bad body started a microtask before a good one)', async (t) => {
  // Regression: the errors were a property of the validator; a second call reset it to null before
  // fastify read it, and fastify took the bad body for valid.
  const stepwise = stepwiseValidator(ajv(), { $ref: 'ChangeInput' })
  if (stepwise === undefined) throw new Error('ChangeInput is not marked for stepwise validation')
  const bad = Promise.resolve(stepwise({ changes: [{ type: 'create-nothing' }] }))
  await Promise.resolve()
  const valid = Promise.resolve(stepwise({ changes: [good(0)] }))
  const [badResult, goodResult] = await Promise.allSettled([bad, valid])
  t.equal(badResult.status, 'rejected', 'the bad body is refused')
  t.equal(goodResult.status, 'fulfilled', 'the good body passes')
  t.equal(badResult.status === 'rejected' && badResult.reason instanceof BodyValidationError ? badResult.reason.validation.length : 0, 1, 'with its own error')
})

t.test('other schemas are compiled whole', async (t) => {
  t.equal(stepwiseValidator(ajv(), { $ref: 'Plan' }), undefined)
  t.equal(stepwiseValidator(ajv(), { type: 'object' }), undefined)
})

t.test('over REST: a bad change deep in a large set is a 400 naming it; nothing written', async (t) => {
  const s = await testServer(t)
  const before = readFileSync(s.paths.lab ?? '')
  const changes = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? { ...good(i), name: 42 } : good(i)))
  const r = await s.request({ method: 'POST', url: '/stores/lab/changes', payload: { changes } })
  assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', 'a number as a name at 2500')
  t.match(json<{ detail: string }>(r).detail, /changes\/2500/, 'the change is named')
  t.same(readFileSync(s.paths.lab ?? ''), before, 'nothing written')
})
