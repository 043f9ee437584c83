import fp from 'fastify-plugin'
import { stringifySteps } from '../../json/stringify-steps.js'
import { finishCooperatively } from '../../model/steps.js'

/** An answer already turned into JSON text, cooperatively, by the preSerialization hook below. */
class SerializedJson {
  constructor(readonly text: string) {}
}

/** Arrays at the top of an answer longer than this make it serialized in steps. */
const LARGE_ARRAY = 1000

/** Whether an answer holds an array of more than {@link LARGE_ARRAY} items in its top two levels. */
function isLarge(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false
  const values: unknown[] = Array.isArray(payload) ? [payload] : Object.values(payload)
  return values.some((v) => {
    if (Array.isArray(v)) return v.length > LARGE_ARRAY
    return typeof v === 'object' && v !== null && Object.values(v).some((w) => Array.isArray(w) && w.length > LARGE_ARRAY)
  })
}

/**
 * JSON answers: serialized with `JSON.stringify` (the access and plan schemas
 * are deep unions, which fast-json-stringify can only serialize by validating
 * every branch of every item: slower, and a second or more of compiling at
 * start). A large answer (a plan of thousands of changes, a matrix) is
 * serialized in steps that let other requests run between them, so that one
 * large answer does not hold up /health and everyone else. Registered after
 * the response validation of the tests, which checks the answer as an object.
 */
export const jsonReplies = fp(
  async (app) => {
    app.setSerializerCompiler(() => (data: unknown) => (data instanceof SerializedJson ? data.text : JSON.stringify(data)))
    app.addHook('preSerialization', async (_request, _reply, payload) => {
      if (!isLarge(payload)) return payload
      return new SerializedJson((await finishCooperatively(stringifySteps(payload))) ?? 'null')
    })
  },
  { name: 'azman-json-replies', dependencies: ['azman-validation'] },
)
