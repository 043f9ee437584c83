import type { FeedEntry } from '../../history/change-feed.js'
import type { Timeline } from '../../history/principal-timeline.js'
import type { SidNames } from '../../directory/sid-names.js'
import { operationText } from '../../access/explain/proof-text.js'
import { escapeControls, quote } from '../../model/quote.js'
import { historyLines } from '../../views/history-lines.js'
import { whereText } from '../access-args.js'
import { accessChangeText } from './diff-text.js'

/** The change made outside azman before a feed entry, when there is one: a line, then its access changes indented. */
function outsideLines(entry: FeedEntry, names: SidNames | undefined): string[] {
  if (entry.outside === undefined) return []
  const { from, to, access } = entry.outside
  const head = `changed outside azman before the next entry (${escapeControls(from)} -> ${escapeControls(to)}): ${access.length === 0 ? 'no change of effective access' : `${access.length} access change${access.length === 1 ? '' : 's'}`}`
  return [head, ...access.map((c) => `    ${accessChangeText(c, names)}`)]
}

/** A feed entry as `azman history --since` prints it: its history lines, then its access changes indented, or `(no change of effective access)`. */
export function feedEntryText(entry: FeedEntry, names?: SidNames): string {
  const lines = [...outsideLines(entry, names), ...historyLines([entry], names)]
  if (entry.access.length === 0 && entry.combined.length === 0) lines.push('    (no change of effective access)')
  for (const c of entry.access) lines.push(`    ${accessChangeText(c, names)}`)
  if (entry.combined.length > 0)
    lines.push(`    and ${entry.combined.length} operation${entry.combined.length === 1 ? '' : 's'} whose access may change for tokens of several SIDs (azman diff lists them)`)
  return `${lines.join('\n')}\n`
}

/** `azman history --principal` in words: one line per gain or loss, with the entry that made it, who and why. */
export function timelineText(timeline: Timeline, principal: string): string {
  const head = `Access of ${principal} over ${timeline.entries} journal entr${timeline.entries === 1 ? 'y' : 'ies'} (its SID as a token of its own):`
  if (timeline.events.length === 0) return `${head}\n  no change\n`
  const lines = timeline.events.map((e) => {
    const why = e.entry.reason === undefined ? '' : `  reason: ${escapeControls(e.entry.reason)}`
    const made = e.outside === true ? `outside azman, before entry ${escapeControls(e.entry.id)}` : `entry ${escapeControls(e.entry.id)} by ${escapeControls(e.entry.actor)}${why}`
    return `  ${escapeControls(e.entry.time)}  ${e.change === 'gained' ? 'GAINED' : 'LOST'} ${operationText(e.operation)} in ${whereText(e.scope)} of ${quote(e.application)} (${e.before} -> ${e.after})  ${made}`
  })
  return `${head}\n${lines.join('\n')}\n`
}
