import { MigrateRefusedError } from '../../errors/migrate-errors.js'
import { balanced, splitSids, type Condition } from '../model/condition.js'
import { actionAncestors } from '../model/action-graph.js'
import type { MigrationModel } from '../model/migration-model.js'
import { reviewText, ruleComment } from '../model/review-text.js'

/** The files of a Casbin export, by name. */
export interface CasbinExport {
  readonly 'model.conf': string
  readonly 'policy.csv': string
}

/** The application level's domain in requests; a policy row for it has the domain `*` (every scope). */
export const CASBIN_APP_DOMAIN = ''

/**
 * RBAC with domains and an ABAC rule per row: a request is (the token's SIDs joined by commas, the
 * scope or "" for the application level, the operation's action id); a row allows its action (or an
 * operation its action group contains: `g`, flattened to one level) in its scope (`*`: every scope)
 * when its rule, a condition over the token, holds. The rule uses only Casbin's built-in
 * regexMatch, so every Casbin port can evaluate it.
 */
export const CASBIN_MODEL = `# Casbin model written by azman migrate (docs/migrate.md).
# Request: r.sub is the token, its SIDs joined by commas; r.dom the scope ("" for the application level);
# r.act the operation (op:<name>).
[request_definition]
r = sub, dom, act

# A role assignment: who may (a rule over r.sub), where (a scope; * for the application level, which
# applies in every scope), what (an operation, or a task or role definition that contains it), and its name.
[policy_definition]
p = rule, dom, act, ra

# g, <operation>, <task or role definition that contains it, at any depth>
[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = (p.dom == "*" || p.dom == r.dom) && (r.act == p.act || g(r.act, p.act)) && eval(p.rule)
`

/** A CSV field as Casbin's loader reads it: quoted when it holds a comma, a quote or white space at an end. */
export function csvField(value: string): string {
  if (/[\r\n]/.test(value)) throw new RangeError('a Casbin policy line cannot hold a line break')
  return /[",]|^\s|\s$/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value
}

/** A condition as a Casbin expression over r.sub (the token's SIDs joined by commas). */
export function casbinCondition(c: Condition): string {
  switch (c.kind) {
    case 'sid':
      // SIDs are S-1- and digits: nothing in them is special in a regular expression or a string literal.
      return `regexMatch(r.sub, '(^|,)${c.sid}(,|$)')`
    case 'and':
      return balanced(c.items.map(casbinCondition), '&&')
    case 'or': {
      // The SIDs alone as one regular expression of alternatives; the other items balanced.
      const { sids, rest } = splitSids(c.items)
      const set = sids.length === 0 ? [] : [sids.length === 1 ? casbinCondition({ kind: 'sid', sid: sids[0] ?? '' }) : `regexMatch(r.sub, '(^|,)(${sids.join('|')})(,|$)')`]
      return balanced([...set, ...rest.map(casbinCondition)], '||')
    }
    case 'not':
      return `!(${casbinCondition(c.item)})`
    case 'const':
      return c.value ? 'true' : 'false'
  }
}

/**
 * The Casbin files of a migration model.
 * @throws MigrateRefusedError for a scope named `*`, which the model's domain wildcard would read as every scope
 */
export function exportCasbin(model: MigrationModel, options: { readonly conditions?: boolean } = {}): CasbinExport {
  if (model.scopes.includes('*')) throw new MigrateRefusedError('Casbin: scope "*" cannot be told from the application level (its domain is *, every scope); rename the scope first')
  const rows: string[] = [`# Casbin policy written by azman migrate, application ${model.app.replace(/[^\x20-\x7e]/g, '?')}`]
  for (const g of model.grants) {
    if (g.who.kind === 'const' && !g.who.value) continue
    const rule = casbinCondition(g.who)
    for (const action of g.actions) rows.push(['p', rule, g.scope === null ? '*' : g.scope, action, g.roleAssignment].map(csvField).join(', '))
  }
  // With --conditions, each grant a rule decides as commented rows (Casbin reads no line that starts with #).
  if (options.conditions === true)
    for (const review of model.reviews) {
      rows.push(`# REVIEW (azman migrate --conditions): ${reviewText(review)}:`, ...ruleComment(review.rule, '#   '))
      rows.push('# Write that rule into the rule below (r.sub holds the token\'s SIDs), then remove the "# " in front of each row; until then they grant nothing.')
      const rule = review.who.kind === 'const' ? 'false' : `(${casbinCondition(review.who)}) && false`
      for (const action of review.operations) rows.push(`# ${['p', rule, review.scope === null ? '*' : review.scope, action, review.roleAssignment].map(csvField).join(', ')}`)
    }
  // Every group that contains an action at any depth, so `g` needs one level only.
  for (const [action, groups] of actionAncestors(model.actions)) for (const group of groups) rows.push(['g', action, group].map(csvField).join(', '))
  return { 'model.conf': CASBIN_MODEL, 'policy.csv': `${rows.join('\n')}\n` }
}
