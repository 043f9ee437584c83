import { CEDAR_TYPES as T } from './cedar-names.js'

/**
 * A Cedar policy in the JSON form Cedar itself writes (`policyToJson`), read for the comparison's
 * symmetry reduction (docs/migrate.md#speed): which SIDs and actions it names, and a canonical text
 * that is equal for two policies only when they decide alike.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Rename = (sid: string) => string

const SAME: Rename = (s) => s

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `{type, id}` of a bare entity reference, as a policy's scope writes one. */
function bareRef(v: Json | undefined): { type: string; id: string } | undefined {
  return isObject(v) && typeof v.type === 'string' && typeof v.id === 'string' && Object.keys(v).length === 2 ? { type: v.type, id: v.id } : undefined
}

/** `{type, id}` of an entity literal in an expression: the `__entity` escape. */
function entityRef(v: Json | undefined): { type: string; id: string } | undefined {
  return isObject(v) && Object.keys(v).length === 1 ? bareRef(v.__entity) : undefined
}

/** Keys under which a policy's scope holds bare entity references. */
const SCOPE_REFS = new Set(['entity', 'entities'])

function refText(ref: { type: string; id: string }, rename: Rename): string {
  return `E(${JSON.stringify(ref.type)},${JSON.stringify(ref.type === T.sid ? rename(ref.id) : ref.id)})`
}

/**
 * Text of a JSON value with sorted keys; entity references of type Sid renamed: the `__entity`
 * escapes, and the bare references of a scope's `entity` and `entities` (`bare`).
 */
function plain(v: Json | undefined, rename: Rename, bare = false): string {
  if (v === undefined) return '?'
  const ref = entityRef(v) ?? (bare ? bareRef(v) : undefined)
  if (ref !== undefined) return refText(ref, rename)
  if (Array.isArray(v)) return `[${v.map((x) => plain(x, rename, bare)).join(',')}]`
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${plain(v[k], rename, SCOPE_REFS.has(k))}`)
      .join(',')}}`
  return JSON.stringify(v)
}

/** An entity literal (`{"Value": {"__entity": ...}}`), or a set of them. */
function literalEntities(e: Json | undefined): boolean {
  if (!isObject(e)) return false
  if ('Value' in e) return entityRef(e.Value) !== undefined
  return Array.isArray(e.Set) && e.Set.every((x) => isObject(x) && 'Value' in x && entityRef(x.Value) !== undefined)
}

interface Shape {
  readonly text: string
  /** Evaluates to a boolean and never errors: `&&` and `||` over such operands commute. */
  readonly safe: boolean
}

/**
 * The canonical text of an expression: operands of `&&` and `||` chains sorted when every one is
 * safe (Cedar evaluates them left to right and stops early, which changes nothing when none can
 * fail), and the elements of a set of entity literals sorted (a set has no order).
 */
function shape(e: Json | undefined, rename: Rename): Shape {
  if (!isObject(e)) return { text: plain(e, rename), safe: false }
  const keys = Object.keys(e)
  const op = keys.length === 1 ? keys[0] : undefined
  const body = op === undefined ? undefined : e[op]
  if ((op === '&&' || op === '||') && isObject(body)) {
    const operands = chain(e, op).map((x) => shape(x, rename))
    const safe = operands.every((o) => o.safe)
    const texts = operands.map((o) => o.text)
    return { text: `${op}(${(safe ? texts.sort() : texts).join(';')})`, safe }
  }
  if (op === '!' && isObject(body)) {
    const inner = shape(body.arg, rename)
    return { text: `!(${inner.text})`, safe: inner.safe }
  }
  if ((op === 'in' || op === '==') && isObject(body) && isObject(body.left) && body.left.Var === 'principal' && literalEntities(body.right)) {
    const right = body.right as { [key: string]: Json }
    const members = Array.isArray(right.Set) ? right.Set.map((x) => plain(isObject(x) ? x.Value : x, rename)).sort() : [plain(right.Value, rename)]
    return { text: `${op}(principal;${Array.isArray(right.Set) ? 'set' : 'one'}:${members.join(',')})`, safe: true }
  }
  if (op === 'Value' && typeof body === 'boolean') return { text: String(body), safe: true }
  return { text: plain(e, rename), safe: false }
}

/** The operands of a chain of one operator, flattened. */
function chain(e: Json, op: string): Json[] {
  if (!isObject(e) || Object.keys(e).length !== 1 || !isObject(e[op])) return [e]
  const body = e[op]
  return [...chain(body.left ?? null, op), ...chain(body.right ?? null, op)]
}

/**
 * Collects the ids of entity references of `type` anywhere in `v`: escapes, and bare `{type, id}`
 * objects wherever they are (more than the references {@link plain} renames, never fewer).
 */
function collect(v: Json | undefined, type: string, into: Set<string>): Set<string> {
  const ref = entityRef(v) ?? bareRef(v)
  if (ref !== undefined) {
    if (ref.type === type) into.add(ref.id)
  } else if (Array.isArray(v)) for (const x of v) collect(x, type, into)
  else if (isObject(v)) for (const x of Object.values(v)) collect(x, type, into)
  return into
}

/** One policy of an export, as the symmetry reduction reads it. */
export class CedarPolicyShape {
  readonly json: Json
  /** Every SID the policy names (entity literals of type Sid, anywhere). */
  readonly sids: ReadonlySet<string>
  /** Every action the policy names. */
  readonly actions: ReadonlySet<string>
  private readonly canonical: string

  constructor(json: unknown) {
    this.json = json as Json
    this.sids = collect(this.json, T.sid, new Set())
    this.actions = collect(this.json, T.action, new Set())
    this.canonical = this.text(SAME)
  }

  /** The resource constraint of the policy's scope, as written. */
  get resource(): Json | undefined {
    return isObject(this.json) ? this.json.resource : undefined
  }

  private text(rename: Rename): string {
    if (!isObject(this.json)) return plain(this.json, rename)
    const { conditions, ...head } = this.json
    const clauses = Array.isArray(conditions) ? conditions.map((c) => (isObject(c) ? `${plain(c.kind, rename)}:${shape(c.body, rename).text}` : plain(c, rename))) : [plain(conditions, rename)]
    return `${plain(head, rename)}|${clauses.join('|')}`
  }

  /** Whether swapping SIDs `a` and `b` leaves the policy deciding as it does. */
  swapsAlike(a: string, b: string): boolean {
    if (a === b) return true
    return this.text((s) => (s === a ? b : s === b ? a : s)) === this.canonical
  }
}
