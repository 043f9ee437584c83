import type { Ajv, ErrorObject } from 'ajv'

/**
 * From Ajv's errors to azman's: one problem, at the JSON path where a reader
 * of the file looks for it (`$.changes[3].members[0]`), in the words the
 * schema gives (`x-message`) or plain generic ones (`is required (a string)`,
 * `must be a string`, `is not a field of this change`).
 *
 * Ajv runs with `allErrors`, and the problem reported is the first one in the
 * schema's field order (unknown fields after the known ones of their object,
 * array items in order), which is the order a field-by-field reader meets them.
 */

/** The keyword holding a schema's messages ({@link Messages}). */
export const MESSAGE = 'x-message'

/** The keyword marking an optional field for which null is read as absent (and dropped). */
export const NULL_IS_ABSENT = 'x-null-is-absent'

/** The messages of one schema, by what is wrong; each falls back to `default`, then to a generic one. */
export interface Messages {
  /** The value is there but not of the schema's JSON type. */
  readonly type?: string
  /** A required field is missing. */
  readonly required?: string
  /** A discriminated union's tag is missing or unknown (the path names the tag). */
  readonly discriminator?: string
  readonly default?: string
  /** On an object: the message for a field it does not have (instead of the context's `unknownField`). */
  readonly unknown?: string
  /** Errors inside the value (an array's items, an object's fields) are reported at the value itself, with `default`. */
  readonly whole?: boolean
}

/** Declares azman's schema keywords on an Ajv instance (they only carry data for this module). */
export function declareSchemaKeywords(ajv: Ajv): void {
  ajv.addKeyword({ keyword: MESSAGE, schemaType: 'object' })
  ajv.addKeyword({ keyword: NULL_IS_ABSENT, schemaType: 'boolean' })
}

/** A JSON Schema node as this module reads it. */
export interface SchemaNode {
  readonly $id?: string
  readonly $ref?: string
  readonly type?: string
  readonly properties?: Readonly<Record<string, SchemaNode>>
  readonly items?: SchemaNode
  readonly anyOf?: readonly SchemaNode[]
  readonly oneOf?: readonly SchemaNode[]
  readonly const?: unknown
  readonly discriminator?: { readonly propertyName: string }
  readonly [MESSAGE]?: Messages
  readonly [NULL_IS_ABSENT]?: boolean
}

/** Where the schema's `$ref`s point: schemas by `$id`. */
export type SchemaRefs = ReadonlyMap<string, SchemaNode>

/** Indexes schemas by their `$id`. */
export function schemaRefs(schemas: readonly object[]): SchemaRefs {
  return new Map((schemas as SchemaNode[]).filter((s) => s.$id !== undefined).map((s) => [s.$id as string, s]))
}

/** `node` with its `$ref` followed; the referring node's own keywords (its messages) win. */
export function deref(node: SchemaNode, refs: SchemaRefs): SchemaNode {
  if (node.$ref === undefined) return node
  const target = refs.get(node.$ref)
  if (target === undefined) throw new Error(`unknown schema $ref ${node.$ref}`)
  const { $ref: _ref, ...own } = node
  return { ...deref(target, refs), ...own }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function accepts(type: string | undefined, value: unknown): boolean {
  const actual = jsonType(value)
  return type === actual || (type === 'number' && actual === 'integer')
}

/** The JSON type a node holds: its own, or the one all its union's members share. */
function typeOf(node: SchemaNode, refs: SchemaRefs): string | undefined {
  if (node.type !== undefined) return node.type
  const members = (node.anyOf ?? node.oneOf ?? []).map((m) => typeOf(deref(m, refs), refs))
  return members.length > 0 && members.every((t) => t === members[0]) ? members[0] : undefined
}

/** The member of a union that `value` is read as, when only one can be. */
export function unionMember(node: SchemaNode, value: unknown, refs: SchemaRefs): SchemaNode | undefined {
  if (node.discriminator !== undefined && node.oneOf !== undefined) {
    const tag = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[node.discriminator.propertyName] : undefined
    return node.oneOf.map((m) => deref(m, refs)).find((m) => m.properties?.[node.discriminator?.propertyName ?? '']?.const === tag)
  }
  const candidates = (node.anyOf ?? node.oneOf ?? []).map((m) => deref(m, refs)).filter((m) => accepts(typeOf(m, refs), value))
  return candidates.length === 1 ? candidates[0] : undefined
}

/** Where an error is, as path segments, and what kind of problem it is. */
function located(error: ErrorObject): { segments: string[]; kind: 'missing' | 'unknown' | 'discriminator' | 'invalid' } {
  const segments =
    error.instancePath === ''
      ? []
      : error.instancePath
          .slice(1)
          .split('/')
          .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
  const params = error.params as Record<string, unknown>
  if (error.keyword === 'required') return { segments: [...segments, String(params.missingProperty)], kind: 'missing' }
  if (error.keyword === 'additionalProperties') return { segments: [...segments, String(params.additionalProperty)], kind: 'unknown' }
  if (error.keyword === 'discriminator') return { segments: [...segments, String(params.tag)], kind: 'discriminator' }
  return { segments, kind: 'invalid' }
}

/** One problem found in a JSON input: its JSON path and what is wrong. */
export interface JsonProblem {
  readonly path: string
  readonly message: string
}

/** How {@link firstProblem} reads errors. */
export interface ProblemContext {
  readonly refs: SchemaRefs
  /** The message for a field the schema does not have. */
  readonly unknownField: string
  /** The JSON path of the validated value (`$`, or `$.changes[3]` for one item). */
  readonly base: string
}

interface Walk {
  readonly node: SchemaNode
  readonly value: unknown
  readonly path: string
  /** Whether the walk stopped before the error's own place (inside a union it cannot choose a member of). */
  readonly stopped: boolean
  readonly rank: number[]
}

/** Follows the error's segments through the schema and the data, as far as the schema can be followed. */
function walk(root: SchemaNode, data: unknown, segments: readonly string[], context: ProblemContext): Walk {
  let node = deref(root, context.refs)
  let value = data
  let path = context.base
  const rank: number[] = []
  for (const [i, segment] of segments.entries()) {
    if (node[MESSAGE]?.whole === true) return { node, value, path, stopped: true, rank: [...rank, ...segments.slice(i).map(() => 0)] }
    if (node.properties === undefined && node.items === undefined) {
      const member = unionMember(node, value, context.refs)
      if (member === undefined) return { node, value, path, stopped: true, rank: [...rank, ...segments.slice(i).map(() => 0)] }
      node = member
    }
    const child = Array.isArray(value) ? node.items : node.properties?.[segment]
    rank.push(Array.isArray(value) ? Number(segment) : child === undefined ? Infinity : Object.keys(node.properties ?? {}).indexOf(segment))
    path += Array.isArray(value) ? `[${segment}]` : `.${segment}`
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined
    if (child === undefined) return { node: {}, value, path, stopped: i < segments.length - 1, rank }
    node = deref(child, context.refs)
  }
  // An error about a union whose member the value is read as: the member's own errors, deeper, come first,
  // its unknown fields (ranked Infinity) included.
  const chosen = (node.anyOf ?? node.oneOf) !== undefined && unionMember(node, value, context.refs) !== undefined
  return { node, value, path, stopped: false, rank: chosen ? [...rank, Infinity, Infinity] : rank }
}

const ARTICLE: Readonly<Record<string, string>> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', array: 'an array', object: 'an object' }

function message(error: ErrorObject, kind: ReturnType<typeof located>['kind'], at: Walk, context: ProblemContext): string {
  const own = at.node[MESSAGE] ?? {}
  const type = typeOf(at.node, context.refs)
  const generic = type === undefined ? undefined : ARTICLE[type]
  if (kind === 'unknown') return context.unknownField
  if (kind === 'missing') return own.required ?? `is required (${generic ?? 'a value'})`
  const wrongType =
    !at.stopped && (error.keyword === 'type' || ((at.node.anyOf ?? at.node.oneOf) !== undefined && unionMember(at.node, at.value, context.refs) === undefined && !accepts(type, at.value)))
  if (wrongType && own.type !== undefined) return own.type
  return own.default ?? (generic === undefined ? 'is not valid' : type === 'boolean' ? 'must be true or false' : `must be ${generic}`)
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0)
  return a.length - b.length
}

/** The message an object (or the union member the value is read as) gives for a field it does not have. */
function unknownMessage(owner: Walk, refs: SchemaRefs): string | undefined {
  const member = owner.node.properties === undefined ? unionMember(owner.node, owner.value, refs) : undefined
  return member?.[MESSAGE]?.unknown ?? owner.node[MESSAGE]?.unknown
}

/**
 * The problem to report among Ajv's `errors` for `data` validated against
 * `schema`: the first in field order (see the module's note).
 */
export function firstProblem(errors: readonly ErrorObject[], data: unknown, schema: object, context: ProblemContext): JsonProblem {
  const found = errors.map((error) => {
    const { segments, kind } = located(error)
    if (kind === 'discriminator') {
      const at = walk(schema, data, segments.slice(0, -1), context)
      return { rank: at.rank, problem: { path: `${at.path}.${segments.at(-1) ?? ''}`, message: at.node[MESSAGE]?.discriminator ?? 'is not valid' } }
    }
    const at = walk(schema, data, segments, context)
    const unknown = kind === 'unknown' ? unknownMessage(walk(schema, data, segments.slice(0, -1), context), context.refs) : undefined
    return { rank: at.rank, problem: { path: at.path, message: unknown ?? message(error, kind, at, context) } }
  })
  const [first] = found.sort((a, b) => compareRanks(a.rank, b.rank))
  return first?.problem ?? { path: context.base, message: 'is not valid' }
}

/**
 * A fresh copy of valid `value` in its schema's field order (so parsed input
 * serialises the same whatever order its file had), fields that hold null
 * where null means absent ({@link NULL_IS_ABSENT}) dropped.
 */
export function canonical(value: unknown, schema: SchemaNode, refs: SchemaRefs): unknown {
  let node = deref(schema, refs)
  if (Array.isArray(value)) return (value as unknown[]).map((item): unknown => (node.items === undefined ? item : canonical(item, node.items, refs)))
  if (typeof value !== 'object' || value === null) return value
  if (node.properties === undefined) node = unionMember(node, value, refs) ?? node
  const object = value as Record<string, unknown>
  if (node.properties === undefined) return { ...object }
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(node.properties)) {
    const v = object[key]
    if (v === undefined || (v === null && field[NULL_IS_ABSENT] === true)) continue
    out[key] = canonical(v, field, refs)
  }
  return out
}

/** `value` without the fields of `schema` that hold null where null means absent (a shallow copy when there are any). */
export function withoutAbsentNulls(value: Readonly<Record<string, unknown>>, schema: SchemaNode): Readonly<Record<string, unknown>> {
  const drop = Object.entries(schema.properties ?? {}).filter(([key, field]) => field[NULL_IS_ABSENT] === true && value[key] === null)
  if (drop.length === 0) return value
  const copy = { ...value }
  for (const [key] of drop) delete copy[key]
  return copy
}
