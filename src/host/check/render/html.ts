import { escapeHtml, htmlHead, SEVERITY_COLOURS } from '../../../audit/render/html.js'
import { SEVERITIES } from '../../../audit/severity.js'
import { reportMetaLines } from '../../../report/report-meta.js'
import type { HostReport } from '../host-report.js'
import { hostLocation, hostOperations, hostPrincipal, hostVms, plain } from './host-location.js'

function css(): string {
  const sev = SEVERITIES.map((s) => `.s-${s}{background:${SEVERITY_COLOURS[s]};color:#fff}`).join('')
  return `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1a1a1a;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.counts{list-style:none;padding:0;margin:10px 0;display:flex;gap:8px;flex-wrap:wrap}
.counts li,.sev{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600}
.counts li.zero{background:#eee;color:#555}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}td.msg{max-width:720px}.mono{font-family:ui-monospace,Consolas,monospace;font-size:12px}
footer{margin-top:32px;color:#666;font-size:12px}
@media print{body{margin:8mm}.counts li,.sev{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
${sev}`
}

/**
 * The host report as one self-contained HTML page: inline CSS, no scripts,
 * no external resources (a Content-Security-Policy forbids them), every value
 * from the store and the facts (host, VM, scope and principal names,
 * messages) HTML-escaped.
 */
export function hostReportHtml(report: HostReport): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => `<li class="${(report.counts[s] ?? 0) > 0 ? `s-${s}` : 'zero'}">${report.counts[s] ?? 0} ${s}</li>`)
    .join('')
  const rows = report.findings
    .map(
      (f) =>
        `<tr class="finding" data-severity="${f.severity}" data-code="${escapeHtml(f.code)}"><td><span class="sev s-${f.severity}">${f.severity}</span></td><td class="mono">${escapeHtml(f.code)}</td><td>${escapeHtml(hostLocation(f))}</td><td>${escapeHtml(hostPrincipal(f.principal))}</td><td class="mono">${escapeHtml(hostOperations(f.operations))}</td><td>${escapeHtml(hostVms(f.vms))}</td><td class="msg">${escapeHtml(plain(f.message))}</td></tr>`,
    )
    .join('\n')
  const findings =
    report.findings.length === 0
      ? '<p>No findings.</p>'
      : `<table class="findings">
<thead><tr><th>Severity</th><th>Code</th><th>Where</th><th>Principal</th><th>Operations</th><th>VMs</th><th>Message</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
  const evidence =
    report.report === undefined
      ? ''
      : `<ul class="evidence">${reportMetaLines(report.report)
          .map((l) => `<li>${escapeHtml(l)}</li>`)
          .join('')}</ul>`
  return `${htmlHead('Hyper-V host check', css())}
<header>
<h1>Hyper-V host check</h1>
<p class="hosts">Hosts: ${escapeHtml(plain(report.hosts.join(', ')) || 'none')}</p>
<ul class="counts">${counts}</ul>
${evidence}
</header>
<main>
<section id="findings">
<h2>Findings (${report.findings.length})</h2>
${findings}
</section>
</main>
<footer>azman host check. What the facts say was checked against documented Windows behaviour; only the host can confirm it.</footer>
</body>
</html>
`
}
