import t from 'tap'
import { hostReport, hostReportFails } from '../../../src/host/check/build-host-report.js'
import { checkHost } from '../../../src/host/check/check-host.js'
import { HostCode } from '../../../src/host/check/host-finding.js'
import type { HostReport } from '../../../src/host/check/host-report.js'
import { HOST_CSV_COLUMNS } from '../../../src/host/check/render/csv.js'
import { HOST_REPORT_FORMATS, hostReportPieces, renderHostReport } from '../../../src/host/check/render/formats.js'
import { reportMeta } from '../../../src/report/report-meta.js'
import { DELEGATED_SIDS, DOMAIN, hostFacts, sampleSha, withFacts } from '../support/facts-builder.js'
import { connectedDelegatedStore, DELEGATED } from '../support/stores.js'

const HOSTILE = {
  host: 'HV<b>01</b>\u001b[2J',
  vm: '<script>alert("vm")</script>',
  formula: '=HYPERLINK("http://evil.example/","x")',
  scope: '"><img src=x onerror=alert(1)> | pipe\r\nnext',
  member: 'CONTOSO\\<i>helpdesk</i> | x',
} as const

async function hostileReport(): Promise<HostReport> {
  const base = hostFacts({
    name: HOSTILE.host,
    vms: [
      [HOSTILE.vm, HOSTILE.scope],
      [HOSTILE.formula, HOSTILE.formula],
      ['lab', 'Lab VMs'],
      ['prod', 'Production VMs'],
    ],
    wmi: DELEGATED_SIDS.slice(1),
  })
  const groups = (base.localGroups ?? []).map((g) => ({ ...g, members: g.members.map((m) => (m.sid === DELEGATED_SIDS[0] ? { ...m, name: HOSTILE.member } : m)) }))
  const facts = withFacts(base, { localGroups: groups })
  const findings = await checkHost({ label: HOSTILE.host, policy: connectedDelegatedStore(), facts, store: { reference: DELEGATED, sha256: sampleSha(DELEGATED) } })
  const meta = reportMeta({ stores: [{ ref: 'C:\\stores\\<evil>&"q".xml', version: 'sha256:00' }], now: new Date('2026-12-04T12:00:00Z') })
  return hostReport(findings, [HOSTILE.host], meta)
}

const report = await hostileReport()

t.test('the hostile report has the findings the renderers must escape', async (t) => {
  t.same(
    report.findings.map((f) => f.code),
    [HostCode.NoWmiRights, HostCode.NoWmiRights, HostCode.VmScopeMissing, HostCode.VmScopeMissing],
  )
  t.same(report.counts, { info: 0, low: 0, medium: 4, high: 0, critical: 0 })
  t.same(report.hosts, [HOSTILE.host])
  t.equal(report.findings[0]?.principal?.name, HOSTILE.member)
  t.equal(hostReportFails(report, 'medium'), true)
  t.equal(hostReportFails(report, 'high'), false)
  t.equal(hostReportFails(report, 'none'), false)
})

t.test('html: every hostile name escaped, no markup from the facts or the store', async (t) => {
  const html = renderHostReport(report, 'html')
  t.notMatch(html, /<script|<img|<b>01|<i>helpdesk/)
  t.notOk(html.includes('\u001b'), 'no terminal escape')
  t.match(html, /&lt;script&gt;alert\(\\&quot;vm\\&quot;\)&lt;\/script&gt;/)
  t.match(html, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/)
  t.match(html, /CONTOSO\\&lt;i&gt;helpdesk&lt;\/i&gt;/)
  t.match(html, /C:\\stores\\&lt;evil&gt;&amp;&quot;q&quot;\.xml/)
  t.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/)
  t.equal(html.match(/<tr class="finding"/g)?.length, 4)
})

t.test('md: pipes, markup and line breaks escaped; each row has exactly the table columns', async (t) => {
  const md = renderHostReport(report, 'md')
  const rows = md.split('\n').filter((l) => l.startsWith('| medium'))
  t.equal(rows.length, 4)
  for (const row of rows) t.equal(row.replace(/\\\|/g, '').split('|').length - 2, 7, 'seven cells')
  t.notMatch(md, /(^|[^\\])</m, 'every < escaped')
  t.match(md, /\\<script\\>/)
  t.notMatch(md, /\r/)
  t.match(md, /^- store C:\\\\stores\\\\\\<evil\\>\\&"q"\.xml at version sha256:00$/m)
})

t.test('csv: formulas defused, quotes doubled, one row per finding, CRLF', async (t) => {
  const csv = renderHostReport(report, 'csv')
  const lines = csv.split('\r\n')
  t.equal(lines[0], '# made 2026-12-04T12:00:00.000Z by azman ' + (report.report?.azman ?? ''))
  const header = lines.findIndex((l) => l === HOST_CSV_COLUMNS.join(','))
  t.ok(header > 0, 'header row after the evidence lines')
  t.notMatch(csv, /(^|,)=HYPERLINK/m, 'no field starts with =')
  t.match(csv, /,"'=HYPERLINK\(""http:\/\/evil\.example\/"",""x""\)",/, 'the scope and the VM defused')
  t.match(csv, /,"<script>alert\(""vm""\)<\/script>",/)
  const vmRow = lines.find((l) => l.startsWith('medium,HOST_VM_SCOPE_MISSING'))
  t.ok(vmRow, 'the VM row')
  t.ok(vmRow?.startsWith('medium,HOST_VM_SCOPE_MISSING,HV<b>01</b>\u001b[2J,Hyper-V services,'), 'CSV keeps the data as it is')
})

t.test('text: control characters shown as ?, one line per finding', async (t) => {
  const text = renderHostReport(report, 'text')
  t.notOk(
    [...text].some((c) => c !== '\n' && c.charCodeAt(0) < 0x20),
    'no control character but line breaks',
  )
  const lines = text.split('\n').filter((l) => l.startsWith('medium '))
  t.equal(lines.length, 4)
  t.match(text, /^host check of 1 host: HV<b>01<\/b>\?\[2J$/m)
  t.match(text, /^4 medium$/m)
})

t.test('json: the report object as it is', async (t) => {
  const json = renderHostReport(report, 'json')
  t.same(JSON.parse(json), JSON.parse(JSON.stringify(report)))
  t.ok(json.endsWith('}\n'))
})

t.test('every format renders an empty report', async (t) => {
  const empty = hostReport([], ['HV01', 'HV02'])
  t.same(empty.counts, { info: 0, low: 0, medium: 0, high: 0, critical: 0 })
  let checked = 0
  for (const format of HOST_REPORT_FORMATS) {
    const out = renderHostReport(empty, format)
    t.ok(out.length > 0, format)
    checked++
  }
  t.equal(checked, 5)
  t.match(renderHostReport(empty, 'text'), /host check of 2 hosts: HV01, HV02\n\nno findings\nno findings\n/)
})

t.test('hostReport sorts findings of several hosts: severity, code, host', async (t) => {
  const facts = hostFacts({ vms: [['x', 'Gone']] })
  const one = await checkHost({ label: 'B', policy: connectedDelegatedStore(), facts, store: { reference: DELEGATED, sha256: null } })
  const two = await checkHost({ label: 'A', policy: connectedDelegatedStore(), facts: withFacts(facts, { firewall: { enabled: true, groups: [] } }), store: { reference: DELEGATED, sha256: null } })
  const merged = hostReport([...one, ...two], ['B', 'A'])
  t.same(
    merged.findings.map((f) => `${f.severity} ${f.code} ${f.host}`),
    [
      'medium HOST_VM_SCOPE_MISSING A',
      'medium HOST_VM_SCOPE_MISSING B',
      'low HOST_SCOPE_WITHOUT_VMS A',
      'low HOST_SCOPE_WITHOUT_VMS A',
      'low HOST_SCOPE_WITHOUT_VMS B',
      'low HOST_SCOPE_WITHOUT_VMS B',
      'info HOST_FACT_MISSING A',
    ],
  )
  t.same(merged.hosts, ['B', 'A'])
  t.ok(DOMAIN)
})

t.test('a report in pieces is the same text, and JSON is exactly JSON.stringify(report, null, 2)', async (t) => {
  // A fleet's size: the same findings on 2,000 hosts, so the pieces cross many 64 Ki boundaries.
  const many = report.findings.flatMap((f) => Array.from({ length: 2000 }, (_, i) => ({ ...f, host: `HV${i}` })))
  const big = hostReport(many, ['HV0'], report.report)
  const reports = { hostile: report, empty: hostReport([], ['HV01']), 'no evidence header': hostReport(report.findings, [HOSTILE.host]), big }
  let checked = 0
  for (const [name, r] of Object.entries(reports)) {
    t.equal(renderHostReport(r, 'json'), `${JSON.stringify(r, null, 2)}\n`, `${name}: json`)
    for (const format of HOST_REPORT_FORMATS) {
      const pieces = [...hostReportPieces(r, format)]
      t.equal(pieces.join(''), renderHostReport(r, format), `${name}: ${format}`)
      t.ok(pieces.every((p) => p.length < 2 * 65_536) || format === 'html', `${name}: ${format} pieces are bounded`)
      checked++
    }
  }
  t.equal(checked, 20)
  t.ok([...hostReportPieces(big, 'json')].length > 20, 'the big report comes in many pieces')
})
