import { createHash } from 'node:crypto'
import { FORBIDDEN_NAME_CHARS, NAME_LIMIT, type ObjectKind } from './limits.js'

/** Hex digits of the hash that ends a shortened name. */
const HASH_DIGITS = 8

/** What a derived name may not hold: the forbidden name characters and C0/C1 control characters. */
const REPLACED = new RegExp(`${FORBIDDEN_NAME_CHARS.source}|[\\u0000-\\u001f\\u007f-\\u009f]`, 'g')

/**
 * A name azman makes up from other names (such as "<template title>
 * (<scope>)") that always follows AzMan's rules for `kind`: each forbidden
 * or control character becomes `_`, and a name over the kind's length limit
 * (64 characters for role assignments and role definitions) is cut and ends
 * in `~` and 8 hex digits of the SHA-256 of the whole text, so two long texts
 * with one beginning give different names, and one text always the same name.
 * A text that already fits is returned as it is.
 */
export function derivedName(kind: ObjectKind, text: string): string {
  const clean = text.replace(REPLACED, '_')
  const chars = Array.from(clean)
  const limit = NAME_LIMIT[kind]
  if (chars.length <= limit) return clean
  const hash = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, HASH_DIGITS)
  return `${chars
    .slice(0, limit - HASH_DIGITS - 1)
    .join('')
    .trimEnd()}~${hash}`
}
