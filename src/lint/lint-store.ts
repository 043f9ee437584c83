import type { PolicyStore } from '../model/policy.js'
import { LinkResolver } from '../model/resolve.js'
import { walkStore } from '../model/walk.js'
import { FactsTable } from './facts-table.js'
import { lintEmptyGrants, lintHyperVAppLevel, lintNeverGranted } from './lint-grants.js'
import { lintBroadPrincipals, lintNonMembers } from './lint-principals.js'
import { lintLdapGroups, lintScopeBizRules } from './lint-rules.js'
import { LintSink, type LintWarning } from './lint-warning.js'

/**
 * Lint: what AzMan accepts but a reviewer should look at (broad principals,
 * groups emptied by their non-members, business rules in scopes, LDAP-query
 * groups, grants to nobody or of nothing, Hyper-V VM operations granted at
 * application level). Pure; warnings in a stable order, by rule, then object.
 */
export function lintStore(policy: PolicyStore): LintWarning[] {
  const objects = [...walkStore(policy)]
  const resolver = new LinkResolver(policy)
  const sink = new LintSink()
  const facts = new FactsTable(policy, resolver)
  lintBroadPrincipals(objects, facts, sink)
  lintNonMembers(objects, sink)
  lintScopeBizRules(objects, sink)
  lintLdapGroups(objects, sink)
  lintEmptyGrants(objects, facts, sink)
  lintNeverGranted(objects, facts, sink)
  lintHyperVAppLevel(objects, facts, sink)
  return sink.warnings
}
