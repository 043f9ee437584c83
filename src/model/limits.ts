/**
 * AzMan's length limits (azroles.h `AZ_MAX_*`, counted in characters) and
 * forbidden name characters.
 */

export type ObjectKind = 'store' | 'application' | 'operation' | 'task' | 'role-definition' | 'role-assignment' | 'group' | 'scope'

/** Longest name AzMan accepts for each kind of object. */
export const NAME_LIMIT: Readonly<Record<ObjectKind, number>> = {
  store: 65536,
  application: 512,
  operation: 64,
  task: 64,
  'role-definition': 64,
  'role-assignment': 64,
  group: 64,
  scope: 65536,
}

/** Scope names beyond this many characters are allowed by azroles.h but not by the `IAzScope::Name` documentation. */
export const SCOPE_NAME_SOFT_LIMIT = 512

export const TEXT_LIMIT = {
  description: 1024,
  applicationVersion: 512,
  ldapQuery: 4096,
  bizRule: 65536,
  bizRuleLanguage: 64,
  bizRuleImportedPath: 512,
} as const

/** Characters the AzMan snap-in refuses in names of everything but scopes: `\ / : * ? " < > |` and TAB. */
export const FORBIDDEN_NAME_CHARS = /[\\/:*?"<>|\t]/

/** Kinds whose names must avoid {@link FORBIDDEN_NAME_CHARS}. Scopes may hold paths and URLs. */
export function hasCharacterRules(kind: ObjectKind): boolean {
  return kind !== 'scope' && kind !== 'store'
}

/** Names must be printable: no control characters (a scope name, which may hold a path or URL, included). */
// eslint-disable-next-line no-control-regex
export const NON_PRINTABLE = /[\u0000-\u001F\u007F]/

/** Length in characters (code points), as azroles.h counts. */
export function charLength(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) n++
  }
  return n
}

/**
 * The most application groups, or tasks and role definitions, one chain of
 * nested links may hold (the outermost object included): azman's limit, not
 * AzMan's. Microsoft documents no nesting limit (MS-AZMP, the azroles.h
 * constants and the snap-in's pages give name and text lengths only, and
 * refuse loops), and real stores nest two or three levels. 64 is far above
 * any such store and keeps evaluation cheap: writes may not make a chain
 * deeper than this, `validate` reports deeper chains (`AZ_NESTING_TOO_DEEP`),
 * and the access evaluator refuses an application whose groups nest deeper
 * (docs/access-evaluation.md#58-nesting-depth).
 */
export const NESTING_LIMIT = 64
