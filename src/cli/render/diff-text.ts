import { escapeControls, quote } from '../../model/quote.js'
import { wellKnownSidName } from '../../model/sid.js'
import type { ListValue } from '../../diff/object-changes.js'
import type { AccessChange } from '../../diff/access-delta.js'
import type { StoreDiff } from '../../diff/store-diff.js'
import type { SidNames } from '../../directory/sid-names.js'
import { whereText } from '../access-args.js'
import { identifierText, operationText } from '../../access/explain/proof-text.js'

/** A list value in words: a linked object by its name (not its GUID), an account as `name (SID)` where a name is known. */
function valueText(v: ListValue): string {
  if (v.name === null) return identifierText(v.value)
  return /^S-1-/i.test(v.value) ? `${escapeControls(v.name)} (${identifierText(v.value)})` : quote(v.name)
}

function sidText(sid: string, names: SidNames | undefined): string {
  const name = names?.get(sid) ?? wellKnownSidName(sid)
  return name === undefined ? identifierText(sid) : `${sid} (${name})`
}

/** One access change in words: `GAINS S-1-5-21-... (CONTOSO\\ann): 315 "Start Virtual Machine" in scope "Lab VMs" of "Hyper-V services" (denied -> granted)`. */
export function accessChangeText(c: AccessChange, names?: SidNames): string {
  const one = c.principal.sid === null ? (c.principal.name ?? '') : c.principal.name === null ? identifierText(c.principal.sid) : `${c.principal.sid} (${c.principal.name})`
  const who = c.principal.alsoHolds.length === 0 ? one : `${one} holding also ${c.principal.alsoHolds.map((s) => sidText(s, names)).join(', ')}`
  return `${c.change === 'gained' ? 'GAINS' : 'LOSES'} ${who}: ${operationText(c.operation)} in ${whereText(c.scope)} of ${quote(c.application)} (${c.before} -> ${c.after})`
}

/** The text form of `azman diff`; `names` (the names file's) names the SIDs of tokens of several SIDs (the others come named in `d`: see withSidNames). */
export function renderDiff(d: StoreDiff, a: string, b: string, names?: SidNames): string {
  const out: string[] = [`Differences from ${a} to ${b}`, '', `Objects (${d.objects.length} change${d.objects.length === 1 ? '' : 's'}):`]
  if (d.objects.length === 0) out.push('  none')
  for (const c of d.objects) {
    const matched = c.matchedBy === 'name' ? ` (matched by name; GUID ${identifierText(c.beforeGuid ?? '')} -> ${identifierText(c.guid)})` : ''
    out.push(`  ${c.change.padEnd(7)} ${c.path}${matched}`)
    for (const f of c.fields) out.push(`      ${f.field}: ${quote(f.before)} -> ${quote(f.after)}`)
    for (const l of c.lists) {
      for (const v of l.removed) out.push(`      ${l.field} - ${valueText(v)}`)
      for (const v of l.added) out.push(`      ${l.field} + ${valueText(v)}`)
    }
  }
  if (d.consequences.length > 0) {
    out.push('', 'On the host (not in the effective access below):')
    for (const c of d.consequences) out.push(`  ${c}`)
  }
  out.push('', `Effective access (${d.access.length} change${d.access.length === 1 ? '' : 's'}, each SID as a token of its own):`)
  if (d.access.length === 0) out.push('  none')
  for (const c of d.access) out.push(`  ${accessChangeText(c, names)}`)
  if (d.combined.length > 0) {
    out.push('', `Tokens of several SIDs (${d.combined.length} operation${d.combined.length === 1 ? '' : 's'} whose non-member exclusions changed; not every combination is evaluated):`)
    for (const c of d.combined) {
      out.push(`  MAY CHANGE ${operationText(c.operation)} in ${whereText(c.scope)} of ${quote(c.application)} for a token holding several of: ${c.sids.map((s) => sidText(s, names)).join(', ')}`)
    }
  }
  out.push('', d.same ? 'The stores hold the same objects and grant the same access.' : 'The stores differ.')
  return `${out.join('\n')}\n`
}
