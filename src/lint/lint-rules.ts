import { groupTypeOf, hasBizRule } from '../model/policy.js'
import { quote } from '../model/quote.js'
import type { Visited } from '../model/walk.js'
import { LintCode, type LintSink } from './lint-warning.js'

/** Tasks and role definitions with a business rule inside a scope: AccessCheck fails on them when the scope is delegated. */
export function lintScopeBizRules(objects: readonly Visited[], sink: LintSink): void {
  for (const v of objects) {
    if ((v.kind !== 'task' && v.kind !== 'role-definition') || v.container.scope === undefined || !hasBizRule(v.object)) continue
    sink.warn(
      LintCode.BizRuleTaskInScope,
      v.path,
      v.object.guid,
      `a ${v.kind === 'task' ? 'task' : 'role definition'} with a business rule (${v.object.language ?? 'no language'}) in scope ${quote(v.container.scope.name)}: a delegated scope may not hold one (AccessCheck then fails with ERROR_FILE_CORRUPT), and its grants cannot be audited offline; define it at application level`,
    )
  }
}

/** LDAP-query groups: who is in them is decided at run time by the directory, so no one can audit their members from the store. */
export function lintLdapGroups(objects: readonly Visited[], sink: LintSink): void {
  for (const v of objects) {
    if (v.kind !== 'group' || groupTypeOf(v.object) !== 'LdapQuery') continue
    const query = v.object.ldapQuery === undefined || v.object.ldapQuery.trim() === '' ? 'no query' : `the query ${quote(v.object.ldapQuery)}`
    sink.warn(
      LintCode.LdapQueryGroup,
      v.path,
      v.object.guid,
      `an LDAP-query group (${query}): its members are whoever the directory matches at access time, so access through it cannot be reviewed from the store; prefer a basic group or a directory group`,
    )
  }
}
