import { newEnforcer, newModelFromString, StringAdapter, type Enforcer, type Model } from 'casbin'
import { MigrateExportError } from '../../errors/migrate-errors.js'
import type { MigrationEngine } from '../verify/engine.js'
import { meetClasses, type Symmetry } from '../verify/symmetry.js'
import { pushTo } from '../verify/push-to.js'
import { CasbinRule } from './casbin-rule.js'
import { CASBIN_APP_DOMAIN, CASBIN_MODEL, type CasbinExport } from './export-casbin.js'

/** A policy row: rule, domain, action, role assignment. */
type Row = readonly string[]

/** The rows that can apply in one place, in an enforcer of their own. */
interface Place {
  readonly enforcer: Enforcer
  readonly rows: readonly Row[]
}

async function placeOf(rows: readonly Row[], groupings: readonly Row[]): Promise<Place> {
  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL))
  if (rows.length > 0) await enforcer.addPolicies(rows.map((r) => [...r]))
  if (groupings.length > 0) await enforcer.addGroupingPolicies(groupings.map((r) => [...r]))
  return { enforcer, rows }
}

/**
 * The real Casbin engine (`casbin`, `enforceSync`) on an export's model and policy. When the model
 * is the one azman writes (compared section by section as Casbin reads it) and every rule is in the
 * form azman writes ({@link CasbinRule}: booleans that cannot fail), a row can apply only in its
 * domain or in every domain (`*`), so each place gets an enforcer of that model holding only those
 * rows and every `g` row, and its symmetry is read from the rows' rules. Otherwise the files are
 * asked as a whole, every case.
 */
export async function casbinEngine(files: CasbinExport): Promise<MigrationEngine> {
  let enforcer: Enforcer
  try {
    enforcer = await newEnforcer(newModelFromString(files['model.conf']), new StringAdapter(files['policy.csv']))
  } catch (e) {
    throw new MigrateExportError(`model.conf and policy.csv: Casbin cannot load them (${(e as Error).message})`)
  }
  const decideWith = (e: Enforcer, token: readonly string[], scope: string | null, action: string): boolean => {
    try {
      return e.enforceSync(token.join(','), scope ?? CASBIN_APP_DOMAIN, action)
    } catch (err) {
      throw new MigrateExportError(`Casbin could not decide: ${(err as Error).message}`)
    }
  }
  const rows = await enforcer.getPolicy()
  const rules = new Map<string, CasbinRule | undefined>()
  for (const [text = ''] of rows) if (!rules.has(text)) rules.set(text, CasbinRule.parse(text))
  // Split by place only what cannot fail or depend on order: azman's model, every rule in azman's form
  // (Casbin would stop at a row that fails anywhere, in whatever place the request is).
  const read = [...rules.values()].every((r) => r !== undefined) ? (rules as ReadonlyMap<string, CasbinRule>) : undefined
  if (!sameModel(enforcer.getModel(), newModelFromString(CASBIN_MODEL)) || read === undefined) return { name: 'casbin', decide: (token, scope, action) => decideWith(enforcer, token, scope, action) }
  const places = await CasbinPlaces.load(rows, await enforcer.getGroupingPolicy(), read)
  return {
    name: 'casbin',
    decide: (token, scope, action) => decideWith(places.enforcer(scope), token, scope, action),
    symmetry: (scope) => places.symmetry(scope),
  }
}

/** Whether two models hold the same sections, keys and values, as Casbin parsed them. */
function sameModel(a: Model, b: Model): boolean {
  const flat = (m: Model) =>
    [...m.model.entries()]
      .flatMap(([section, keys]) => [...keys.entries()].map(([key, assertion]) => `${section}.${key}=${assertion.value}`))
      .sort()
      .join('\n')
  return flat(a) === flat(b)
}

/** The places of a Casbin export under azman's model: each domain's rows (and `*`'s) in an enforcer of its own. */
class CasbinPlaces {
  private readonly symmetries = new Map<Place, Symmetry>()

  private constructor(
    private readonly byDomain: ReadonlyMap<string, Place>,
    /** A scope no row names: only the `*` rows. */
    private readonly unnamed: Place,
    private readonly groupings: readonly Row[],
    /** Every row's rule, parsed, by its text. */
    private readonly rules: ReadonlyMap<string, CasbinRule>,
  ) {}

  static async load(rows: readonly Row[], groupings: readonly Row[], rules: ReadonlyMap<string, CasbinRule>): Promise<CasbinPlaces> {
    const domains = new Map<string, Row[]>()
    for (const row of rows) pushTo(domains, row[1] ?? '', row)
    const every = domains.get('*') ?? []
    const byDomain = new Map<string, Place>()
    for (const domain of new Set([CASBIN_APP_DOMAIN, ...domains.keys()])) if (domain !== '*') byDomain.set(domain, await placeOf([...every, ...(domains.get(domain) ?? [])], groupings))
    return new CasbinPlaces(byDomain, await placeOf(every, groupings), groupings, rules)
  }

  private place(scope: string | null): Place {
    return this.byDomain.get(scope ?? CASBIN_APP_DOMAIN) ?? this.unnamed
  }

  enforcer(scope: string | null): Enforcer {
    return this.place(scope).enforcer
  }

  /**
   * SIDs every rule of the place puts together (each rule's classes, met), and operations that no
   * row of the place names, that no `g` row has on its right, and that the same `g` rows put in the
   * same groups.
   */
  symmetry(scope: string | null): Symmetry {
    const place = this.place(scope)
    const known = this.symmetries.get(place)
    if (known !== undefined) return known
    const sids = new Map<string, string>()
    const named = new Set<string>()
    place.rows.forEach((row, i) => {
      meetClasses(sids, i, this.rules.get(row[0] ?? '')?.classes ?? new Map<string, string>())
      named.add(row[2] ?? '')
    })
    const symmetry = { sids, actions: this.operationLabels(named) }
    this.symmetries.set(place, symmetry)
    return symmetry
  }

  private operationLabels(named: ReadonlySet<string>): Map<string, string> {
    const right = new Set(this.groupings.map((g) => g[1] ?? ''))
    const groupsOf = new Map<string, Set<string>>()
    for (const [left = '', group = ''] of this.groupings) groupsOf.set(left, (groupsOf.get(left) ?? new Set()).add(group))
    const out = new Map<string, string>()
    for (const [action, groups] of groupsOf) if (!named.has(action) && !right.has(action)) out.set(action, [...groups].sort().join('\n'))
    return out
  }
}
