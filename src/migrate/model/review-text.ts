import type { Review } from './migration-model.js'

/** A value for a one-line comment in any target's files: printable ASCII (anything else as `?`). */
export function printable(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?')
}

/** A rule's text as comment lines, each behind `prefix` (each line of it, printable ASCII). */
export function ruleComment(rule: string, prefix: string): string[] {
  return rule.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => `${prefix}${printable(line)}`)
}

/** What a `--conditions` placeholder is about, in words: the role assignment, where, the object and its rule. */
export function reviewText(review: Review): string {
  const n = review.narrowed
  const rule = n.reason === 'ldap-query' ? 'LDAP query' : `BizRule${n.language === undefined ? '' : ` (${n.language})`}`
  const where = review.scope === null ? 'at application level' : `in scope ${review.scope}`
  return printable(`role assignment ${review.roleAssignment} ${where}, through ${n.kind} ${n.name}, whose ${rule} AzMan runs at each check`)
}
