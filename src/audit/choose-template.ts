import { quote } from '../model/quote.js'
import type { Template } from '../templates/template.js'
import type { Binding } from './binding.js'

/** How the template of a role assignment was chosen. */
export type ChosenBy = 'binding' | 'name' | 'closest' | 'none'

export interface TemplateChoice {
  readonly template: Template | null
  readonly by: ChosenBy
  /** Which and why, in words, for the report. */
  readonly reason: string
  /** The binding entry used, when there was one. */
  readonly binding?: Binding
}

/** What the choice looks at about one role assignment. */
export interface AssignmentFacts {
  readonly app: string
  /** Undefined at application level. */
  readonly scope: string | undefined
  readonly name: string
  /** Names of the role definitions and tasks the assignment links directly. */
  readonly linkedNames: readonly string[]
  /** OperationIDs it grants, certainly or conditionally. */
  readonly granted: ReadonlySet<number>
  /** OperationIDs the application defines. */
  readonly defined: ReadonlySet<number>
}

/** Names compared without case, and without a trailing ` (scope)` as `azman delegate` adds. */
export function normalName(name: string): string {
  return name
    .trim()
    .replace(/\s*\([^()]*\)$/, '')
    .toLowerCase()
}

function fitsLevel(template: Template, scope: string | undefined): boolean {
  return template.assignableAt === 'any' || (template.assignableAt === 'scope') === (scope !== undefined)
}

function bindingFor(bindings: readonly Binding[], a: AssignmentFacts): Binding | undefined {
  const same = (x: string, y: string): boolean => x.toLowerCase() === y.toLowerCase()
  const candidates = bindings.filter((b) => same(b.app, a.app) && same(b.roleAssignment, a.name))
  return candidates.find((b) => (b.scope === undefined ? a.scope === undefined : a.scope !== undefined && b.scope !== '*' && same(b.scope, a.scope))) ?? candidates.find((b) => b.scope === '*')
}

/** Jaccard similarity of the operations granted and the operations a template allows (those the application defines). */
function similarity(template: Template, a: AssignmentFacts): { score: number; shared: number; beyond: number; allowed: number } {
  const allowed = new Set(template.operations.map((o) => o.id).filter((id) => a.defined.has(id)))
  let shared = 0
  for (const id of a.granted) if (allowed.has(id)) shared++
  const beyond = a.granted.size - shared
  const union = allowed.size + beyond
  return { score: union === 0 ? 0 : shared / union, shared, beyond, allowed: allowed.size }
}

/**
 * Chooses the template a role assignment is held against: the binding file's
 * entry; else a template named like the assignment (its name, title, role
 * definition or aliases, ignoring case and a trailing `(scope)`), wherever it
 * is assigned; else a template named like a role definition or task the
 * assignment links, if it may be assigned where the assignment is; else the
 * closest fit by operations, preferring templates that may be assigned there.
 */
export function chooseTemplate(a: AssignmentFacts, templates: readonly Template[], bindings: readonly Binding[]): TemplateChoice {
  const binding = bindingFor(bindings, a)
  if (binding) {
    const why = binding.reason === undefined ? '' : `: ${binding.reason}`
    return binding.template === null
      ? { template: null, by: 'binding', reason: `the binding (${binding.at}) holds it against no template${why}`, binding }
      : { template: binding.template, by: 'binding', reason: `the binding (${binding.at}) names ${binding.template.name}${why}`, binding }
  }
  const forApp = templates.filter((t) => t.application.toLowerCase() === a.app.toLowerCase())
  if (forApp.length === 0) return { template: null, by: 'none', reason: `no template given is for application ${quote(a.app)}` }

  const names = (t: Template): string[] => [t.name, t.title, t.roleDefinition, ...t.aliases].map(normalName)
  const own = normalName(a.name)
  const byOwnName = forApp.find((t) => names(t).includes(own))
  if (byOwnName) return { template: byOwnName, by: 'name', reason: `its name ${quote(a.name)} matches template ${byOwnName.name}` }

  for (const linked of a.linkedNames) {
    const n = normalName(linked)
    const byLinked = forApp.find((t) => fitsLevel(t, a.scope) && [t.roleDefinition, ...t.aliases].map(normalName).includes(n))
    if (byLinked) return { template: byLinked, by: 'name', reason: `it grants ${quote(linked)}, a name of template ${byLinked.name}` }
  }

  if (a.granted.size === 0) return { template: null, by: 'none', reason: 'it grants no operation, so no template fits' }
  const ranked = forApp
    .map((t, order) => ({ t, order, fits: fitsLevel(t, a.scope), ...similarity(t, a) }))
    .filter((r) => r.shared > 0)
    .sort((x, y) => Number(y.fits) - Number(x.fits) || y.score - x.score || x.beyond - y.beyond || x.order - y.order)
  const best = ranked[0]
  if (!best) return { template: null, by: 'none', reason: `no template for ${quote(a.app)} allows any operation it grants` }
  const where = best.fits ? '' : ' (no template that may be assigned here shares an operation with it)'
  return {
    template: best.t,
    by: 'closest',
    reason: `no binding or name matches; ${best.t.name} is the closest fit${where}: it allows ${best.shared} of the ${a.granted.size} operations granted, ${best.beyond} granted beyond it, ${best.allowed - best.shared} of its ${best.allowed} not granted`,
  }
}
