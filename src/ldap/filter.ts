import { templateText } from './template-text.js'
/**
 * LDAP search filters built from untrusted values (RFC 4515 §3): every
 * interpolated value is escaped, so a name such as `*)(objectClass=*` matches
 * only itself.
 */

/** A filter (or part of one) that is already escaped; {@link filter} inserts it as it is. */
export class Filter {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/**
 * Escapes an assertion value: `*`, `(`, `)`, `\` and NUL as `\XX`. (Binary
 * values are not taken: match SIDs by their string form, `(objectSid=S-1-...)`,
 * which AD and Samba accept.)
 */
export function escapeFilterValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is one of the characters RFC 4515 escapes
  return value.replace(/[*()\\\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/**
 * Tagged template for filters: interpolated strings are escaped
 * as assertion values; a {@link Filter} is inserted as it is.
 *
 *     filter`(&(objectClass=user)(sAMAccountName=${name}))`
 */
export function filter(strings: TemplateStringsArray, ...values: readonly (string | Filter)[]): Filter {
  return new Filter(templateText(strings, values, (value) => (value instanceof Filter ? value.text : escapeFilterValue(value))))
}

/** `(|a b c)` of the given filters; a single filter as it is. */
export function anyOf(filters: readonly Filter[]): Filter {
  if (filters.length === 1 && filters[0]) return filters[0]
  return new Filter(`(|${filters.map((f) => f.text).join('')})`)
}
