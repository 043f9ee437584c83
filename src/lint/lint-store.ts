import type { Application, PolicyStore } from '../model/policy.js'
import { LinkResolver } from '../model/resolve.js'
import { walkStore } from '../model/walk.js'
import { FactsTable } from './facts-table.js'
import { lintEmptyGrants, lintHyperVAppLevel, lintNeverGranted } from './lint-grants.js'
import { lintBroadPrincipals, lintNonMembers } from './lint-principals.js'
import { lintLdapGroups, lintScopeBizRules } from './lint-rules.js'
import { LintCode, LintSink, type LintWarning } from './lint-warning.js'

/**
 * Lint: what AzMan accepts but a reviewer should look at (broad principals,
 * groups emptied by their non-members, business rules in scopes, LDAP-query
 * groups, grants to nobody or of nothing, Hyper-V VM operations granted at
 * application level). Pure; warnings in a stable order, by rule, then object.
 * The rules on grants skip an application the access evaluator refuses
 * (groups nested deeper than azman's limit, or too convoluted), and one
 * warning says so.
 */
export function lintStore(policy: PolicyStore): LintWarning[] {
  const objects = [...walkStore(policy)]
  const resolver = new LinkResolver(policy)
  const sink = new LintSink()
  const facts = new FactsTable(policy, resolver)
  const refused = new Set(policy.applications.filter((app) => facts.refusal(app) !== undefined))
  const evaluated = refused.size === 0 ? objects : objects.filter((v) => v.container === undefined || !refused.has(v.container.application))
  lintBroadPrincipals(evaluated, facts, sink)
  lintNonMembers(objects, sink)
  lintScopeBizRules(objects, sink)
  lintLdapGroups(objects, sink)
  lintEmptyGrants(evaluated, facts, sink)
  lintNeverGranted(evaluated, facts, sink)
  lintHyperVAppLevel(evaluated, facts, sink)
  lintNotEvaluated(refused, facts, sink)
  return sink.warnings
}

/** One warning per application whose grants the rules above could not look at. */
function lintNotEvaluated(refused: ReadonlySet<Application>, facts: FactsTable, sink: LintSink): void {
  for (const app of refused) {
    const why = facts.refusal(app)?.message ?? ''
    sink.warn(LintCode.GrantsNotEvaluated, [{ kind: 'application', name: app.name }], app.guid, `the lint rules on grants skip this application: ${why}`)
  }
}
