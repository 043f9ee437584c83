import type { AuditMatrix, AuditReport, CellState } from '../report.js'
import { SEVERITIES, type Severity } from '../severity.js'
import { chosenText, holdersText, locationOf, operationIds, principalText } from './location.js'
import { CELL_MARK } from './markdown.js'
import { reportMetaLines } from '../../report/report-meta.js'

/** Text or attribute value made safe for HTML: every character with a meaning in markup is escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))
}

/**
 * The start of a self-contained report page, up to and including `<body>`:
 * UTF-8, a Content-Security-Policy that forbids scripts and every external
 * resource, the title (escaped here) and the inline CSS.
 */
export function htmlHead(title: string, style: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${style}
</style>
</head>
<body>`
}

/** Background colour of each matrix cell state (also used by tests that look at a rendered page). */
export const CELL_COLOURS: Readonly<Record<CellState, string>> = {
  allowed: '#4caf50',
  excess: '#e53935',
  conditional: '#fdd835',
  'conditional-excess': '#fb8c00',
  missing: '#42a5f5',
  granted: '#9e9e9e',
  none: '#ffffff',
}

export const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  critical: '#6a1b9a',
  high: '#c62828',
  medium: '#e65100',
  low: '#8d6e00',
  info: '#1565c0',
}

const CELL_LABEL: Readonly<Record<CellState, string>> = {
  allowed: 'granted, allowed by the template',
  excess: 'granted beyond the template',
  conditional: 'granted only through a business rule',
  'conditional-excess': 'granted only through a business rule, beyond the template',
  missing: 'required by the template, not granted',
  granted: 'granted (no template)',
  none: 'not granted',
}

function css(): string {
  const cells = (Object.keys(CELL_COLOURS) as CellState[]).map((s) => `.c-${s}{background:${CELL_COLOURS[s]}}`).join('')
  const sev = SEVERITIES.map((s) => `.s-${s}{background:${SEVERITY_COLOURS[s]};color:#fff}`).join('')
  return `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1a1a1a;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.store{font-family:ui-monospace,Consolas,monospace;word-break:break-all;margin:0 0 8px}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600}
.verdict.fail{background:#c62828;color:#fff}.verdict.pass{background:#2e7d32;color:#fff}.verdict.none{background:#616161;color:#fff}
.counts{list-style:none;padding:0;margin:10px 0;display:flex;gap:8px;flex-wrap:wrap}
.counts li,.sev{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600}
.counts li.zero{background:#eee;color:#555}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}
table.matrix td.cell{width:26px;min-width:26px;height:26px;padding:0;text-align:center;vertical-align:middle;font-size:13px;font-weight:700;color:#1a1a1a}
table.matrix th.op{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:600;padding:6px 2px;white-space:nowrap}
table.matrix th.ra{white-space:nowrap;max-width:400px;overflow:hidden;text-overflow:ellipsis}
table.matrix th.ra .tpl{font-weight:400;font-size:12px;color:#555}
.scroll{overflow-x:auto}
.legend{display:flex;gap:14px;flex-wrap:wrap;margin:8px 0;font-size:13px}
.legend span.swatch{display:inline-block;width:14px;height:14px;border:1px solid #999;vertical-align:middle;margin-right:4px}
.opnames{columns:3 260px;font-size:12px;color:#444;margin:8px 0 0;padding:0;list-style:none}
table.findings td.msg{max-width:720px}table.findings td.ops{max-width:220px}
.mono{font-family:ui-monospace,Consolas,monospace;font-size:12px}
footer{margin-top:32px;color:#666;font-size:12px}
@media print{body{margin:8mm}.counts li,.sev,td.cell,.verdict{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
${cells}${sev}`
}

function sevBadge(severity: Severity | null): string {
  return severity === null ? '' : `<span class="sev s-${severity}">${severity}</span>`
}

function matrixHtml(m: AuditMatrix): string {
  const head = m.operations.map((o) => `<th class="op" scope="col" title="${escapeHtml(`${o.id ?? '?'} ${o.name}`)}">${escapeHtml(o.id === null ? o.name : String(o.id))}</th>`).join('')
  const rows = m.rows
    .map((r) => {
      const where = `${r.scope === null ? 'application level' : r.scope} / ${r.roleAssignment}`
      const cells = r.cells
        .map((c, i) => {
          const op = m.operations[i]
          const title = `${op?.id ?? '?'} ${op?.name ?? ''}: ${CELL_LABEL[c]}`
          return `<td class="cell c-${c}" title="${escapeHtml(title)}">${CELL_MARK[c]}</td>`
        })
        .join('')
      return `<tr><th class="ra" scope="row" title="${escapeHtml(where)}">${escapeHtml(where)}<br><span class="tpl">${escapeHtml(r.template ?? 'no template')}</span> ${sevBadge(r.severity)}</th>${cells}</tr>`
    })
    .join('\n')
  const legend = (Object.keys(CELL_LABEL) as CellState[])
    .filter((s) => s !== 'none')
    .map((s) => `<span><span class="swatch c-${s}"></span>${CELL_MARK[s]} ${escapeHtml(CELL_LABEL[s])}</span>`)
    .join('')
  const names = m.operations.map((o) => `<li><b>${escapeHtml(o.id === null ? '?' : String(o.id))}</b> ${escapeHtml(o.name)}</li>`).join('')
  return `<section class="matrix-section">
<h2>Role assignments × operations: ${escapeHtml(m.app)}</h2>
<div class="legend">${legend}</div>
<div class="scroll"><table class="matrix" data-app="${escapeHtml(m.app)}">
<thead><tr><th scope="col">Role assignment, template, worst finding</th>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
<ul class="opnames">${names}</ul>
</section>`
}

/**
 * The audit as one self-contained HTML page: inline CSS, no scripts, no
 * external resources (a Content-Security-Policy forbids them), every value
 * from the store or the templates HTML-escaped. The matrix of each
 * application, coloured by finding, then the findings and the role
 * assignments.
 */
export function auditHtml(report: AuditReport): string {
  const verdict =
    report.failOn === 'none'
      ? '<p class="verdict none">no fail threshold (--fail-on none)</p>'
      : report.failed
        ? `<p class="verdict fail">FAIL: findings reach ${escapeHtml(report.failOn)}</p>`
        : `<p class="verdict pass">pass: nothing reaches ${escapeHtml(report.failOn)}</p>`
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => `<li class="${report.counts[s] > 0 ? `s-${s}` : 'zero'}">${report.counts[s]} ${s}</li>`)
    .join('')
  const matrices = report.matrices
    .filter((m) => m.rows.length > 0)
    .map(matrixHtml)
    .join('\n')
  const findings =
    report.findings.length === 0
      ? '<p>No findings.</p>'
      : `<table class="findings">
<thead><tr><th>Severity</th><th>Code</th><th>Where</th><th>Principal</th><th>Operations</th><th>Message</th></tr></thead>
<tbody>
${report.findings
  .map(
    (f) =>
      `<tr class="finding" data-severity="${f.severity}" data-code="${f.code}"><td>${sevBadge(f.severity)}</td><td class="mono">${f.code}</td><td>${escapeHtml(locationOf(f))}</td><td>${escapeHtml(principalText(f.principal))}</td><td class="mono ops">${escapeHtml(operationIds(f.operations))}</td><td class="msg">${escapeHtml(f.message)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
  const assignments = `<table class="assignments">
<thead><tr><th>Where</th><th>Template</th><th>How chosen</th><th>Held by</th><th>Grants</th><th>Worst</th></tr></thead>
<tbody>
${report.assignments
  .map(
    (a) =>
      `<tr><td>${escapeHtml(locationOf(a))}</td><td>${escapeHtml(a.template ?? 'none')}</td><td>${escapeHtml(`${chosenText(a)}: ${a.reason}`)}</td><td>${escapeHtml(holdersText(a))}</td><td>${a.granted.length}${a.conditional.length > 0 ? ` (+${a.conditional.length} by rule)` : ''}</td><td>${sevBadge(a.severity)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
  return `${htmlHead(`AzMan audit: ${report.store}`, css())}
<header>
<h1>AzMan least-privilege audit</h1>
<p class="store">${escapeHtml(report.store)}</p>
${verdict}
<ul class="counts">${counts}</ul>
<p>Templates: ${escapeHtml(report.templates.join(', ') || 'none')}</p>
${
  report.report === undefined
    ? ''
    : `<ul class="evidence">${reportMetaLines(report.report)
        .map((l) => `<li>${escapeHtml(l)}</li>`)
        .join('')}</ul>`
}
</header>
<main>
${matrices || '<p>No role assignments.</p>'}
<section id="findings">
<h2>Findings (${report.findings.length})</h2>
${findings}
</section>
<section id="assignments">
<h2>Role assignments (${report.assignments.length})</h2>
${assignments}
</section>
</main>
<footer>azman audit. Operations are compared by OperationID. Application-level role assignments apply in every scope.</footer>
</body>
</html>
`
}
