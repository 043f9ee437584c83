import t from 'tap'
import { auditCsv, csvField, CSV_COLUMNS } from '../../../src/audit/render/csv.js'
import { HOSTILE, hostileReport } from './hostile-report.js'

/** Splits RFC 4180 CSV into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  return rows
}

t.test('csvField: quoting and formula neutralisation', async (t) => {
  t.equal(csvField('plain'), 'plain')
  t.equal(csvField('a,b'), '"a,b"')
  t.equal(csvField('say "hi"'), '"say ""hi"""')
  t.equal(csvField('two\nlines'), '"two\nlines"')
  t.equal(csvField('=1+1'), "'=1+1")
  t.equal(csvField('+SUM(A1)'), "'+SUM(A1)")
  t.equal(csvField('-2'), "'-2")
  t.equal(csvField('@cmd'), "'@cmd")
})

t.test('CSV: one row per finding, the columns documented, hostile values safe and intact', async (t) => {
  const report = await hostileReport()
  const rows = parseCsv(auditCsv(report))
  t.same(rows[0], [...CSV_COLUMNS])
  t.equal(rows.length, report.findings.length + 1)
  t.ok(report.findings.length >= 2, `${report.findings.length} findings, so the rows below are checked`)
  for (const row of rows) t.equal(row.length, CSV_COLUMNS.length, 'every row has every column')
  const broad = rows.find((r) => r[1] === 'AUDIT_FORBIDDEN_PRINCIPAL')
  t.same(broad?.slice(0, 7), ['high', 'AUDIT_FORBIDDEN_PRINCIPAL', 'Hyper-V services', HOSTILE.scope, HOSTILE.roleAssignment, 'S-1-1-0', 'Everyone'])
  const dynamic = rows.find((r) => r[1] === 'AUDIT_DYNAMIC_MEMBER')
  t.equal(dynamic?.[6], `'${HOSTILE.group}`, 'a name starting with = is neutralised with an apostrophe')
  t.ok(
    rows.every((r) => r.every((f) => !/^[=+\-@]/.test(f))),
    'no field starts a formula',
  )
  t.match(rows.find((r) => r[1] === 'AUDIT_EXCESS_OPERATIONS')?.[8], /^105$/, 'operations as space-separated IDs')
})
