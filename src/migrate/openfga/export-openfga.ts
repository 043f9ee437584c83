import { transformer, validator } from '@openfga/syntax-transformer'
import { MigrateExportError, MigrateRefusedError } from '../../errors/migrate-errors.js'
import type { Condition } from '../model/condition.js'
import { actionAncestors } from '../model/action-graph.js'
import type { MigrationModel, Review } from '../model/migration-model.js'
import { reviewText, ruleComment } from '../model/review-text.js'

/** The files of an OpenFGA export, by name. */
export const OPENFGA_FILES = ['model.fga', 'tuples.json', 'names.json', 'azman.fga.yaml', 'review-tuples.json'] as const

/** A case for the `.fga.yaml` assertions: a token, a place (null: application level), an operation, azman's answer (granted: true; conditional and denied: false). */
export interface FgaCase {
  readonly sids: readonly string[]
  readonly scope: string | null
  readonly operationId: number
  readonly allowed: boolean
}

interface Tuple {
  readonly user: string
  readonly relation: string
  readonly object: string
  readonly condition?: { readonly name: string; readonly context: Record<string, never> }
}

const HOLDERS = ['sid#holder', 'any_of#member', 'all_of#member', 'none_of#member', 'user:*'] as const
const USERSETS = `[${HOLDERS.join(', ')}]`

/** The name of the placeholder condition of the k-th object a rule decides (`--conditions`). */
function reviewCondition(k: number): string {
  return `azman_review_${k}`
}

/** The relation of an operation: op_<OperationID> (op_m<n> for a negative one). */
export function operationRelation(id: number): string {
  return `op_${id < 0 ? `m${-id}` : String(id)}`
}

/**
 * The model; `reviews` are the placeholder conditions of `--conditions` ([the object, its rule] each),
 * which every operation relation accepts on its holders, for review-tuples.json.
 */
function model(relations: readonly string[], reviews: readonly (readonly [string, string])[] = []): string {
  const conditioned = reviews.flatMap((_, k) => HOLDERS.map((h) => `${h} with ${reviewCondition(k + 1)}`))
  const usersets = conditioned.length === 0 ? USERSETS : `[${[...HOLDERS, ...conditioned].join(', ')}]`
  const own = relations.map((r) => `    define ${r}: ${usersets}`)
  const inherited = relations.map((r) => `    define ${r}: ${usersets} or ${r} from parent`)
  const conditions = reviews.map(
    ([what, rule], k) =>
      `\n# REVIEW (azman migrate --conditions): ${what}:\n${ruleComment(rule, '#   ').join('\n')}\n# Replace the expression with that rule (its parameters come from your checks' context); until then, and\n# until review-tuples.json is written to the store, it grants nothing.\ncondition ${reviewCondition(k + 1)}(azman_reviewed: bool) {\n  azman_reviewed && false\n}\n`,
  )
  return `model
  schema 1.1

# A client context (a Windows token): checks give its SIDs as tuples sid:<SID>#holder@user:<token>.
type user

# A SID (a user's, or a group's in the token).
type sid
  relations
    define holder: [user]

# Conditions over a token's SIDs: any of the items, both of two items, everyone but the item's members.
type any_of
  relations
    define member: ${USERSETS}

type all_of
  relations
    define left: ${USERSETS}
    define right: ${USERSETS}
    define member: left and right

type none_of
  relations
    define everyone: [user:*]
    define item: [sid#holder, any_of#member, all_of#member, none_of#member]
    define member: everyone but not item

# The application level: its grants apply in every scope.
type application
  relations
${own.join('\n')}

# A scope: its own grants and the application level's.
type scope
  relations
    define parent: [application]
${inherited.join('\n')}
${conditions.join('')}`
}

/** Writes conditions as usersets and the tuples that define them (each node once; ids `<prefix><n>`). */
class Conditions {
  readonly tuples: Tuple[] = []
  private next = 0

  constructor(private readonly prefix = 'c') {}

  /** The userset a condition stands for; undefined for false (no one). */
  userset(c: Condition): string | undefined {
    switch (c.kind) {
      case 'sid':
        return `sid:${c.sid}#holder`
      case 'const':
        return c.value ? 'user:*' : undefined
      case 'or': {
        const id = `any_of:${this.prefix}${++this.next}`
        for (const item of c.items) {
          const u = this.userset(item)
          if (u !== undefined) this.tuples.push({ user: u, relation: 'member', object: id })
        }
        return `${id}#member`
      }
      case 'and':
        return this.and(c.items)
      case 'not': {
        const id = `none_of:${this.prefix}${++this.next}`
        this.tuples.push({ user: 'user:*', relation: 'everyone', object: id })
        const u = this.userset(c.item)
        if (u === 'user:*') return undefined
        if (u !== undefined) this.tuples.push({ user: u, relation: 'item', object: id })
        return `${id}#member`
      }
    }
  }

  /** An n-ary and as balanced all_of pairs. */
  private and(items: readonly Condition[]): string | undefined {
    if (items.length === 1) return this.userset(items[0] ?? { kind: 'const', value: true })
    const half = Math.ceil(items.length / 2)
    const left = this.and(items.slice(0, half))
    const right = this.and(items.slice(half))
    if (left === undefined || right === undefined) return undefined
    const id = `all_of:${this.prefix}${++this.next}`
    this.tuples.push({ user: left, relation: 'left', object: id }, { user: right, relation: 'right', object: id })
    return `${id}#member`
  }
}

/** Each action's operations (the operations it is, or contains at any depth): every operation counted for itself and its ancestors. */
function operationsOf(m: MigrationModel): Map<string, number[]> {
  const out = new Map<string, number[]>(m.actions.map((a) => [a.id, []]))
  const byId = new Map(m.actions.map((a) => [a.id, a]))
  for (const [id, groups] of actionAncestors(m.actions)) {
    const op = byId.get(id)?.operationId
    if (op !== undefined) for (const holder of [id, ...groups]) out.get(holder)?.push(op)
  }
  return out
}

/**
 * The OpenFGA files of a migration model: `model.fga` (DSL, schema 1.1: conditions over a token's
 * SIDs as any_of / all_of / none_of objects, each operation a relation of application and scope,
 * scopes inheriting the application's), `tuples.json`, `names.json` (the scope and operation names
 * behind the ids) and `azman.fga.yaml`, a store file whose tests assert azman's decisions on the
 * cases given, for `fga model test`. The model and the store file are checked with
 * @openfga/syntax-transformer; no OpenFGA engine runs here.
 */
export function exportOpenFga(m: MigrationModel, cases: readonly FgaCase[], options: { readonly conditions?: boolean } = {}): Record<(typeof OPENFGA_FILES)[number], string> {
  const operations = m.actions.filter((a) => a.kind === 'operation')
  const missing = operations.filter((a) => a.operationId === undefined)
  if (missing.length > 0) throw new MigrateRefusedError(`OpenFGA: operation ${JSON.stringify(missing[0]?.name)} has no OperationID to name its relation`)
  const relations = [...new Set(operations.map((a) => operationRelation(a.operationId ?? 0)))]
  const reviews = options.conditions === true ? m.reviews : []
  const dsl = model(
    relations,
    reviews.map((r) => [reviewText(r), r.rule]),
  )
  const scopeIds = new Map(m.scopes.map((s, i) => [s, `scope:s${i + 1}`]))
  const conditions = new Conditions()
  const reach = operationsOf(m)
  const tuples: Tuple[] = m.scopes.map((s) => ({ user: 'application:app', relation: 'parent', object: scopeIds.get(s) ?? '' }))
  for (const g of m.grants) {
    const holder = conditions.userset(g.who)
    if (holder === undefined) continue
    const object = g.scope === null ? 'application:app' : (scopeIds.get(g.scope) ?? '')
    const ops = new Set(g.actions.flatMap((a) => reach.get(a) ?? []))
    for (const op of ops) tuples.push({ user: holder, relation: operationRelation(op), object })
  }
  tuples.push(...conditions.tuples)
  const reviewTuples = reviewTuplesOf(m, reviews, scopeIds)
  const tokens = new Map<string, string>()
  const tokenTuples: Tuple[] = []
  const checks = new Map<string, { user: string; object: string; assertions: Record<string, boolean> }>()
  for (const c of cases) {
    const key = c.sids.join(',')
    let user = tokens.get(key)
    if (user === undefined) {
      user = `user:t${tokens.size + 1}`
      tokens.set(key, user)
      for (const sid of c.sids) tokenTuples.push({ user, relation: 'holder', object: `sid:${sid}` })
    }
    const object = c.scope === null ? 'application:app' : (scopeIds.get(c.scope) ?? '')
    const check = checks.get(`${user} ${object}`) ?? { user, object, assertions: {} }
    check.assertions[operationRelation(c.operationId)] = c.allowed
    checks.set(`${user} ${object}`, check)
  }
  const store = {
    name: `azman migrate: ${m.app} (${m.version})`,
    model_file: './model.fga',
    tuple_file: './tuples.json',
    tests: [{ name: "azman's decisions", tuples: tokenTuples, check: [...checks.values()] }],
  }
  validate(dsl, { ...store, model: dsl, tuples })
  const names = {
    application: m.app,
    scopes: Object.fromEntries([...scopeIds].map(([name, id]) => [id, name])),
    operations: Object.fromEntries(operations.map((a) => [operationRelation(a.operationId ?? 0), a.name])),
    tokens: Object.fromEntries([...tokens].map(([sids, user]) => [user, sids.split(',')])),
  }
  return {
    'model.fga': dsl,
    'tuples.json': `${JSON.stringify(tuples, null, 1)}\n`,
    'names.json': `${JSON.stringify(names, null, 2)}\n`,
    // JSON is YAML: fga reads this file as it reads any .fga.yaml.
    'azman.fga.yaml': `${JSON.stringify(store, null, 1)}\n`,
    'review-tuples.json': `${JSON.stringify(reviewTuples, null, 1)}\n`,
  }
}

/** The tuples of the `--conditions` placeholders, each grant under its object's condition; not in the store file. */
function reviewTuplesOf(m: MigrationModel, reviews: readonly Review[], scopeIds: ReadonlyMap<string, string>): Tuple[] {
  const conditions = new Conditions('r')
  const out: Tuple[] = []
  const byId = new Map(m.actions.map((a) => [a.id, a]))
  reviews.forEach((review, k) => {
    const holder = conditions.userset(review.who)
    if (holder === undefined) return
    const object = review.scope === null ? 'application:app' : (scopeIds.get(review.scope) ?? '')
    for (const op of review.operations) {
      const id = byId.get(op)?.operationId
      if (id !== undefined) out.push({ user: holder, relation: operationRelation(id), object, condition: { name: reviewCondition(k + 1), context: {} } })
    }
  })
  return [...conditions.tuples, ...out]
}

/** The model and the store file, as the syntax transformer checks them (its warnings about objects without tuples aside). */
function validate(dsl: string, store: Record<string, unknown>): void {
  try {
    validator.validateDSL(dsl)
  } catch (e) {
    throw new MigrateExportError(`model.fga: ${(e as Error).message}`)
  }
  const check = validator.YamlStoreValidator()
  if (check.call({ jsonModel: transformer.transformDSLToJSONObject(dsl) }, store)) return
  const errors = (check.errors ?? []).filter((e) => e.keyword !== 'valid_store_warning')
  if (errors.length > 0) throw new MigrateExportError(`azman.fga.yaml: ${errors.map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ')}`)
}
