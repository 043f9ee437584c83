import t from 'tap'
import { auditStore } from '../../../src/audit/audit-store.js'
import { auditMarkdown, mdCell } from '../../../src/audit/render/markdown.js'
import { loadSample, shippedTemplates } from '../hyperv-store.js'
import { hostileReport } from './hostile-report.js'

t.test('Markdown: hostile names cannot break the tables or inject HTML', async (t) => {
  t.equal(mdCell('a | b\r\nc <b>'), 'a \\| b c \\<b\\>')
  const md = auditMarkdown(await hostileReport())
  t.notMatch(md, /(^|[^\\])</m, 'every < is escaped (\\<), so no HTML tag can open')
  const findingRows = md.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l))
  const columns = (l: string): number => l.replace(/\\\|/g, '').split('|').length
  t.ok(findingRows.length > 0 && findingRows.every((l) => columns(l) === 8), 'every finding row keeps its 6 columns')
})

t.test('Markdown of the delegated sample: summary, tables, the matrix', async (t) => {
  const report = auditStore(loadSample('hyperv-2008r2-delegated.xml'), { store: 'delegated.xml', templates: await shippedTemplates(), failOn: 'high' })
  const md = auditMarkdown(report)
  t.match(md, /^# AzMan audit: delegated\.xml\n/)
  t.match(md, /Findings: 5 medium, 2 info\./)
  t.match(md, /## Matrix: Hyper-V services/)
  const matrixRow = md.split('\n').find((l) => l.startsWith('| Lab VMs / VM Operators (Lab VMs) |'))
  t.equal(matrixRow?.split('|').length, 34 + 3, 'a cell per operation')
  t.match(matrixRow, /✗/, 'the operation beyond the template is marked')
})
