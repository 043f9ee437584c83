import { becauseLines } from '../../access/explain/proof-text.js'
import { escapeHtml, htmlHead } from '../../audit/render/html.js'
import type { MigrationReport } from '../migrate.js'
import { disagreementText, narrowedText, verdictText } from './migration-text.js'

const STYLE = `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1a1a1a;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}h3{font-size:15px;margin:16px 0 4px}
.store{font-family:ui-monospace,Consolas,monospace;word-break:break-all;margin:0 0 8px}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600}
.verdict.fail{background:#c62828;color:#fff}.verdict.pass{background:#2e7d32;color:#fff}.verdict.none{background:#616161;color:#fff}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}thead th{background:#f3f3f3}
pre{background:#f6f6f6;padding:8px;overflow-x:auto}`

/** The report as a self-contained page (no script, no external resource; every store text escaped), like audit's. */
export function migrationHtml(report: MigrationReport): string {
  const e = escapeHtml
  const out = [htmlHead(`Migration of ${report.store} to ${report.target}`, STYLE)]
  out.push(`<h1>Migration to ${e(report.target)}</h1>`, `<p class="store">${e(report.store)} (${e(report.version)})</p>`, `<p>Application ${e(report.app)}</p>`)
  if (report.edited.length > 0) out.push(`<p>Edited since the export: ${report.edited.map(e).join(', ')}</p>`)
  if (report.engine === null) out.push(`<p class="verdict none">${e(verdictText(report))}</p>`)
  else {
    const pass = report.disagreements === 0
    out.push(
      `<p class="verdict ${pass ? 'pass' : 'fail'}">${pass ? 'No disagreement' : `${report.disagreements} disagreements`}: verified with ${e(report.engine)}</p>`,
      '<table><thead><tr><th>Cases</th><th>Asked</th><th>Agreed</th><th>Narrower by design</th><th>Disagreements</th><th>Not translated</th></tr></thead>',
      `<tbody><tr><td>${report.cases}</td><td>${report.asked}</td><td>${report.agreed}</td><td>${report.narrower}</td><td>${report.disagreements}</td><td>${report.untranslated.length}</td></tr></tbody></table>`,
      '<p>Narrower by design: a BizRule or an LDAP query decides them in AzMan; the export grants nothing there. Cases the store and the export treat alike are asked once.</p>',
    )
  }
  if (report.narrowed.length > 0) out.push('<h2>Narrowed</h2>', '<ul>', ...report.narrowed.map((n) => `<li>${e(narrowedText(n))}</li>`), '</ul>')
  if (report.untranslated.length > 0) out.push('<h2>Not translated</h2>', '<ul>', ...report.untranslated.map((u) => `<li>${e(u.object)}: ${e(u.reason)}</li>`), '</ul>')
  if (report.shown.length > 0) {
    out.push(`<h2>Disagreements (${report.shown.length} shown of ${report.disagreements})</h2>`)
    for (const d of report.shown) out.push(`<h3>${e(disagreementText(report, d))}</h3>`, `<pre>${e(d.because.flatMap((b) => becauseLines(b, '')).join('\n'))}</pre>`)
  }
  out.push('</body>', '</html>')
  return `${out.join('\n')}\n`
}
