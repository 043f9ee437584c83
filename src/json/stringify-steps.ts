import { OBJECTS_PER_STEP, type Steps } from '../model/steps.js'

/** How deep {@link stringifySteps} goes into objects and arrays before it hands a value to `JSON.stringify` whole. */
const DEPTH = 3

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}

function* arraySteps(list: readonly unknown[], depth: number): Steps<string> {
  const parts: string[] = []
  for (const [i, item] of list.entries()) {
    // As JSON.stringify: what has no JSON form is null inside an array.
    parts.push((yield* valueSteps(item, depth)) ?? 'null')
    if ((i + 1) % OBJECTS_PER_STEP === 0) yield
  }
  return `[${parts.join(',')}]`
}

function* objectSteps(object: Record<string, unknown>, depth: number): Steps<string> {
  const parts: string[] = []
  for (const [key, item] of Object.entries(object)) {
    const json = yield* valueSteps(item, depth)
    // As JSON.stringify: a property without a JSON form (undefined, a function) is left out.
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${parts.join(',')}}`
}

function* valueSteps(value: unknown, depth: number): Steps<string | undefined> {
  if (depth < DEPTH && Array.isArray(value)) return yield* arraySteps(value, depth + 1)
  if (depth < DEPTH && isPlainObject(value)) return yield* objectSteps(value, depth + 1)
  // undefined for undefined, a function or a symbol, whatever its type says.
  const json: string | undefined = JSON.stringify(value)
  return json
}

/**
 * `JSON.stringify(value)`, the same text, in steps of a few dozen array
 * items (see `model/steps.ts`): for answers large enough to hold a server's
 * event loop (the plan of 5,000 changes is some 2.5 MB). The top three levels
 * of plain objects and arrays are walked here; below them, and for anything
 * with a `toJSON`, `JSON.stringify` does the work.
 */
export function stringifySteps(value: unknown): Steps<string | undefined> {
  return valueSteps(value, 0)
}
