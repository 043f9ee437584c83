import { escapeControls, quote } from '../model/quote.js'
import type { JournalEntry, JsonValue } from '../store/port.js'
import type { SidNames } from '../directory/sid-names.js'
import { accountLabel } from '../change-set/edit-words.js'
import { parseSid } from '../model/sid.js'

/**
 * The change journal in words, as `azman history` prints it and REST's
 * `summary` of an entry says it: one line per change, naming what was done,
 * to which object (by name and place), by whom, why and when. Everything
 * taken from the entry is anyone's text and is escaped (a line break in a
 * reason must not forge an entry line).
 */

type Fields = { readonly [key: string]: JsonValue }

function isFields(v: JsonValue | undefined): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function text(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
}

/** `application "Hyper-V services" > scope "Lab VMs"`, or `the store` for store-level objects. */
function placeOf(change: Fields): string {
  const app = text(change.app)
  if (app === undefined) return 'the store'
  const scope = text(change.scope)
  return `application ${quote(app)}${scope === undefined ? '' : ` > scope ${quote(scope)}`}`
}

/** A member as a change names it: an account by name and SID where known (`CONTOSO\\helpdesk (S-1-5-21-...)`), an account name as given, an application group by name. */
function memberInWords(ref: JsonValue, names: SidNames | undefined): string {
  if (!isFields(ref)) return 'an unreadable member'
  const sid = text(ref.sid)
  if (sid !== undefined) return accountLabel(parseSid(sid) ?? escapeControls(sid), names)
  const account = text(ref.account)
  if (account !== undefined) return quote(account)
  const group = text(ref.group)
  return group === undefined ? 'an unreadable member' : `group ${quote(group)}`
}

/** `: members A, B; non-members C` for a change that lists members, else nothing. */
function membersInWords(change: Fields, names: SidNames | undefined): string {
  const parts: string[] = []
  for (const [key, label] of [
    ['members', 'members'],
    ['nonMembers', 'non-members'],
  ] as const) {
    const list = change[key]
    if (Array.isArray(list) && list.length > 0) parts.push(`${label} ${(list as readonly JsonValue[]).map((m) => memberInWords(m, names)).join(', ')}`)
  }
  return parts.length === 0 ? '' : `: ${parts.join('; ')}`
}

/**
 * One change of a change set in words: `create scope "Web VMs" in application "Hyper-V services"`;
 * the members it adds or removes named from `names` (a names file, a directory's answers) where it knows them.
 */
export function changeInWords(change: JsonValue, names?: SidNames): string {
  if (!isFields(change)) return 'an unreadable change'
  const type = text(change.type) ?? 'change'
  const target = text(change.name) ?? text(change.group) ?? text(change.roleAssignment) ?? text(change.task) ?? text(change.roleDefinition)
  const renamed = text(change.newName)
  const what = `${escapeControls(type.replace(/-/g, ' '))}${target === undefined ? '' : ` ${quote(target)}`}`
  return `${what}${renamed === undefined || renamed === target ? '' : ` (renamed ${quote(renamed)})`} in ${placeOf(change)}${membersInWords(change, names)}`
}

/** ` (broad grant allowed)` for an entry journaled with `"allowBroad": true`, else nothing. */
function allowance(c: JsonValue): string {
  return isFields(c) && c.allowBroad === true ? ' (broad grant allowed)' : ''
}

/**
 * What an entry did, a phrase per change: the change set's changes, or the rollback it was; members
 * named from `names`; a revert says which entry it reverted, and an entry allowed to grant to a broad
 * principal says so.
 */
export function entryInWords(entry: Pick<JournalEntry, 'action' | 'changes'>, names?: SidNames): string[] {
  const broad = allowance(entry.changes)
  return phrases(entry, names).map((p) => `${p}${broad}`)
}

function phrases(entry: Pick<JournalEntry, 'action' | 'changes'>, names?: SidNames): string[] {
  const c = entry.changes
  if (entry.action === 'rollback' && isFields(c)) {
    const before = text(c.rollbackBefore)
    const to = text(c.rollbackTo)
    if (before !== undefined) return [`rollback: the store restored as it was before entry ${escapeControls(before)} (that entry and every later one undone)`]
    if (to !== undefined) return [`rollback: the store restored as it was right after entry ${escapeControls(to)}`]
  }
  const revertOf = isFields(c) ? text(c.revertOf) : undefined
  const lead = revertOf === undefined ? '' : `revert of entry ${escapeControls(revertOf)}: `
  if (isFields(c) && Array.isArray(c.changes)) return c.changes.length === 0 ? [`${lead}no changes`] : (c.changes as readonly JsonValue[]).map((one) => `${lead}${changeInWords(one, names)}`)
  return [`${escapeControls(entry.action)} (details: azman history --json)`]
}

/** The lines of `azman history`: per change, `<id>  <time>  <actor>  <what>  reason: <why>`; members named from `names`. */
export function historyLines(entries: readonly JournalEntry[], names?: SidNames): string[] {
  const lines: string[] = []
  for (const e of entries) {
    const head = `${escapeControls(e.id)}  ${escapeControls(e.time)}  ${escapeControls(e.actor)}`
    const why = e.reason ? `  reason: ${escapeControls(e.reason)}` : ''
    for (const what of entryInWords(e, names)) lines.push(`${head}  ${what}${why}`)
  }
  return lines
}

/** A journal entry as `azman history --json` and `GET /stores/{store}/history` give it: every field, plus `summary`, what it did in words (members named from `names`). */
export function withSummary(entry: JournalEntry, names?: SidNames): JournalEntry & { readonly summary: readonly string[] } {
  return { ...entry, summary: entryInWords(entry, names) }
}
