import { transformer, validator } from '@openfga/syntax-transformer'
import { MigrateExportError, MigrateRefusedError } from '../../errors/migrate-errors.js'
import type { Condition } from '../model/condition.js'
import { actionAncestors } from '../model/action-graph.js'
import type { MigrationModel } from '../model/migration-model.js'

/** The files of an OpenFGA export, by name. */
export const OPENFGA_FILES = ['model.fga', 'tuples.json', 'names.json', 'azman.fga.yaml'] as const

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
}

const USERSETS = '[sid#holder, any_of#member, all_of#member, none_of#member, user:*]'

/** The relation of an operation: op_<OperationID> (op_m<n> for a negative one). */
export function operationRelation(id: number): string {
  return `op_${id < 0 ? `m${-id}` : String(id)}`
}

function model(relations: readonly string[]): string {
  const own = relations.map((r) => `    define ${r}: ${USERSETS}`)
  const inherited = relations.map((r) => `    define ${r}: ${USERSETS} or ${r} from parent`)
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
`
}

/** Writes conditions as usersets and the tuples that define them (each node once). */
class Conditions {
  readonly tuples: Tuple[] = []
  private next = 0

  /** The userset a condition stands for; undefined for false (no one). */
  userset(c: Condition): string | undefined {
    switch (c.kind) {
      case 'sid':
        return `sid:${c.sid}#holder`
      case 'const':
        return c.value ? 'user:*' : undefined
      case 'or': {
        const id = `any_of:c${++this.next}`
        for (const item of c.items) {
          const u = this.userset(item)
          if (u !== undefined) this.tuples.push({ user: u, relation: 'member', object: id })
        }
        return `${id}#member`
      }
      case 'and':
        return this.and(c.items)
      case 'not': {
        const id = `none_of:c${++this.next}`
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
    const id = `all_of:c${++this.next}`
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
export function exportOpenFga(m: MigrationModel, cases: readonly FgaCase[]): Record<(typeof OPENFGA_FILES)[number], string> {
  const operations = m.actions.filter((a) => a.kind === 'operation')
  const missing = operations.filter((a) => a.operationId === undefined)
  if (missing.length > 0) throw new MigrateRefusedError(`OpenFGA: operation ${JSON.stringify(missing[0]?.name)} has no OperationID to name its relation`)
  const relations = [...new Set(operations.map((a) => operationRelation(a.operationId ?? 0)))]
  const dsl = model(relations)
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
  }
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
