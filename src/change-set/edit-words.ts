import type { SidNames } from '../directory/sid-names.js'
import type { PolicyEdit } from '../model/edit/policy-edit.js'
import { formatPath, kindLabel } from '../model/paths.js'
import { guidKey, type PolicyStore } from '../model/policy.js'
import { escapeControls, quote } from '../model/quote.js'
import { parseSid, wellKnownSidName } from '../model/sid.js'
import { walkStore } from '../model/walk.js'

/**
 * Object-level edits in words, for people: every object named by kind, name
 * and where it lives (`application "Hyper-V" > scope "Lab" > role definition
 * "Operator"`), never by GUID alone; role definitions are called role
 * definitions; accounts as `CONTOSO\helpdesk (S-1-5-21-...)` when a name is
 * known, the SID alone otherwise.
 */

/** Labels of the objects of one or more versions of a store, by GUID key (the first version that has the object wins). */
export type ObjectLabels = ReadonlyMap<string, string>

/** The label of every object of `policies`, by GUID key: its path in words. */
export function objectLabels(...policies: readonly PolicyStore[]): ObjectLabels {
  const out = new Map<string, string>()
  for (const policy of policies) for (const v of walkStore(policy)) if (!out.has(guidKey(v.object.guid))) out.set(guidKey(v.object.guid), formatPath(v.path))
  return out
}

/** `CONTOSO\helpdesk (S-1-5-21-...)` when `names` or the well-known names know the SID; the SID alone otherwise. */
export function accountLabel(sid: string, names?: SidNames): string {
  const name = names?.get(sid) ?? wellKnownSidName(sid)
  return name === undefined ? sid : `${escapeControls(name)} (${sid})`
}

/** `text` with every SID that `names` names as `name (SID)` (a plan's result lines, written before names were at hand); unchanged without names. */
export function withAccountNames(text: string, names: SidNames | undefined): string {
  if (names === undefined || names.size === 0) return text
  return text.replace(/\bS-1-[0-9A-Fa-fx-]+/g, (sid) => {
    const name = names.get(parseSid(sid) ?? sid)
    return name === undefined ? sid : `${escapeControls(name)} (${sid})`
  })
}

function objectLabel(labels: ObjectLabels, kind: string, guid: string): string {
  return labels.get(guidKey(guid)) ?? `${kind} ${guid}`
}

const MEMBER_LISTS: ReadonlySet<string> = new Set(['members', 'nonMembers'])

function listValue(edit: Extract<PolicyEdit, { type: 'add' | 'remove' }>, labels: ObjectLabels, names: SidNames | undefined): string {
  return MEMBER_LISTS.has(edit.list) ? accountLabel(edit.value, names) : objectLabel(labels, 'object', edit.value)
}

/** One edit in words; `labels` from the store before and after it ({@link objectLabels}). */
export function describeEdit(edit: PolicyEdit, labels: ObjectLabels, names?: SidNames): string {
  switch (edit.type) {
    case 'create':
      return `create ${labels.get(guidKey(edit.object.guid)) ?? `${kindLabel(edit.kind === 'task' && edit.object.roleDefinition ? 'role-definition' : edit.kind)} ${quote(edit.object.name)}`}`
    case 'delete':
      return `delete ${labels.get(guidKey(edit.guid)) ?? `${edit.kind.replace('-', ' ')} ${quote(edit.name)}`}`
    case 'set':
      return `set ${edit.field} of ${objectLabel(labels, edit.kind.replace('-', ' '), edit.guid)}`
    case 'add':
    case 'remove':
      return `${edit.type} ${listValue(edit, labels, names)} ${edit.type === 'add' ? 'to' : 'from'} ${edit.list} of ${objectLabel(labels, edit.kind.replace('-', ' '), edit.guid)}`
    case 'set-store':
      return `set store ${edit.field}`
  }
}
