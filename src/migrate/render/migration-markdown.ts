import { becauseLines } from '../../access/explain/proof-text.js'
import { mdCell } from '../../audit/render/markdown.js'
import type { MigrationReport } from '../migrate.js'
import { disagreementText, narrowedText, verdictText } from './migration-text.js'

/** The report as Markdown: the counts as a table, then what was narrowed or left out, then each disagreement with azman's proof. */
export function migrationMarkdown(report: MigrationReport): string {
  const out = [`# Migration of ${mdCell(report.store)} to ${report.target}`, '', `Application ${mdCell(report.app)}, store version ${mdCell(report.version)}.`, '']
  if (report.edited.length > 0) out.push(`Edited since the export: ${report.edited.map(mdCell).join(', ')}.`, '')
  if (report.engine === null) out.push(mdCell(verdictText(report)), '')
  else
    out.push(
      `Verified with ${report.engine}: **${report.disagreements === 0 ? 'no disagreement' : `${report.disagreements} disagreements`}**.`,
      '',
      '| Cases | Asked | Agreed | Narrower by design | Disagreements | Not translated |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${report.cases} | ${report.asked} | ${report.agreed} | ${report.narrower} | ${report.disagreements} | ${report.untranslated.length} |`,
      '',
      'Narrower by design: a BizRule or an LDAP query decides them in AzMan; the export grants nothing there. Cases the store and the export treat alike are asked once.',
      '',
    )
  if (report.narrowed.length > 0) out.push('## Narrowed', '', ...report.narrowed.map((n) => `- ${mdCell(narrowedText(n))}`), '')
  if (report.untranslated.length > 0) out.push('## Not translated', '', ...report.untranslated.map((u) => `- ${mdCell(u.object)}: ${mdCell(u.reason)}`), '')
  if (report.shown.length > 0) {
    out.push(`## Disagreements (${report.shown.length} shown of ${report.disagreements})`, '')
    for (const d of report.shown)
      out.push(`### ${mdCell(disagreementText(report, d))}`, '', '```text', ...d.because.flatMap((b) => becauseLines(b, '')).map((l) => l.replace(/```/g, "'''")), '```', '')
  }
  return `${out.join('\n')}\n`
}
