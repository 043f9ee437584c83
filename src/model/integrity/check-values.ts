import { ldapFilterProblem } from '../ldap-filter-syntax.js'
import { charLength, TEXT_LIMIT } from '../limits.js'
import { groupTypeOf, hasBizRule, type BizRule, type PolicyStore } from '../policy.js'
import { isValidSid } from '../sid.js'
import type { Visited } from '../walk.js'
import { FindingCode } from './finding.js'
import type { FindingSink } from './sink.js'
import type { ObjectPath } from '../paths.js'
import { quote } from '../quote.js'
import { OBJECTS_PER_STEP, type Steps } from '../steps.js'

/** The store's schema version is one AzMan defines: 1.0 or 2.0. */
export function checkVersion(store: PolicyStore, sink: FindingSink): void {
  if ((store.majorVersion !== '1' && store.majorVersion !== '2') || store.minorVersion !== '0') {
    sink.error(
      FindingCode.VersionUnsupported,
      [],
      store.guid,
      `the store declares schema version ${store.majorVersion || '(none)'}.${store.minorVersion || '(none)'}; AzMan defines MajorVersion 1 or 2 with MinorVersion 0`,
    )
  }
}

function checkLength(sink: FindingSink, path: ObjectPath, guid: string, what: string, value: string | undefined, limit: number): void {
  if (value === undefined) return
  const length = charLength(value)
  if (length > limit) sink.error(FindingCode.TextTooLong, path, guid, `the ${what} has ${length} characters; AzMan allows at most ${limit}`)
}

function checkBizRule(sink: FindingSink, path: ObjectPath, guid: string, rule: BizRule): void {
  checkLength(sink, path, guid, 'BizRule', rule.script, TEXT_LIMIT.bizRule)
  checkLength(sink, path, guid, 'BizRuleLanguage', rule.language, TEXT_LIMIT.bizRuleLanguage)
  checkLength(sink, path, guid, 'BizRuleImportedPath', rule.importedPath, TEXT_LIMIT.bizRuleImportedPath)
  if (hasBizRule(rule) && rule.language !== 'VBScript' && rule.language !== 'JScript') {
    sink.warning(FindingCode.BizRuleLanguage, path, guid, `the business rule's language is ${rule.language === undefined ? 'missing' : quote(rule.language)}; AzMan runs only VBScript and JScript`)
  }
}

function checkSids(sink: FindingSink, path: ObjectPath, guid: string, what: string, sids: readonly string[]): void {
  for (const sid of sids) {
    if (!isValidSid(sid)) sink.error(FindingCode.MalformedSid, path, guid, `${what} ${quote(sid)} is not a SID of the form S-1-<authority>-<sub-authority>...`)
  }
}

/** Text lengths, SIDs, group types and business rules. */
export function* checkValues(objects: readonly Visited[], store: PolicyStore, sink: FindingSink): Steps<void> {
  let n = 0
  checkLength(sink, [], store.guid ?? '', 'store description', store.description, TEXT_LIMIT.description)
  for (const visited of objects) {
    if (++n % OBJECTS_PER_STEP === 0) yield
    const { object, path } = visited
    checkLength(sink, path, object.guid, 'description', object.description, TEXT_LIMIT.description)
    switch (visited.kind) {
      case 'application':
        checkLength(sink, path, object.guid, 'application version', visited.object.version, TEXT_LIMIT.applicationVersion)
        break
      case 'task':
      case 'role-definition':
        checkBizRule(sink, path, object.guid, visited.object)
        break
      case 'role-assignment':
        checkSids(sink, path, object.guid, 'member', visited.object.members)
        break
      case 'group': {
        const group = visited.object
        checkSids(sink, path, object.guid, 'member', group.members)
        checkSids(sink, path, object.guid, 'non-member', group.nonMembers)
        checkBizRule(sink, path, object.guid, group)
        const type = groupTypeOf(group)
        if (type === undefined) {
          sink.error(FindingCode.UnknownGroupType, path, object.guid, `the group type ${quote(group.groupType)} is not Basic, LdapQuery or Bizrule`)
        } else if (type === 'Bizrule' && store.majorVersion === '1') {
          sink.error(FindingCode.BizRuleGroupInV1, path, object.guid, 'BizRule groups need a schema 2.0 store; a version 1 runtime cannot use this store')
        } else if (type === 'LdapQuery' && group.ldapQuery !== undefined) {
          checkLength(sink, path, object.guid, 'LDAP query', group.ldapQuery, TEXT_LIMIT.ldapQuery)
          const problem = ldapFilterProblem(group.ldapQuery)
          if (problem !== undefined) {
            sink.warning(FindingCode.LdapQuerySyntax, path, object.guid, `the LDAP query ${quote(group.ldapQuery)} is not a valid LDAP filter (${problem}); AzMan stores it, but no one will match`)
          }
        }
        break
      }
      default:
        break
    }
  }
}
