import t from 'tap'
import { auditStore } from '../../../src/audit/audit-store.js'
import { auditText } from '../../../src/audit/render/text.js'
import { loadSample, shippedTemplates } from '../hyperv-store.js'
import { hostileReport } from './hostile-report.js'

t.test('text of the delegated sample: each role assignment, one line per finding, a summary', async (t) => {
  const report = auditStore(loadSample('hyperv-2008r2-delegated.xml'), { store: 'delegated.xml', templates: await shippedTemplates(), failOn: 'high' })
  const text = auditText(report)
  const lines = text.trimEnd().split('\n')
  t.match(lines[0], /^audit of delegated\.xml against 6 templates/)
  t.equal(lines[lines.length - 1], 'delegated.xml: 5 medium, 2 info; nothing reaches high: pass')
  t.ok(
    lines.some((l) =>
      l.startsWith(
        'medium AUDIT_CANNOT_CONNECT application "Hyper-V services": S-1-5-21-1004336348-1177238915-682003330-1120 holds operations at scope "Production VMs" but cannot get 100 "Read Service Configuration" and 295 "View Virtual Switch Management Service" at application level',
      ),
    ),
    'a principal who cannot connect, one line',
  )
  t.ok(
    lines.includes(
      'medium AUDIT_EXCESS_OPERATIONS application "Hyper-V services" > scope "Lab VMs" > role assignment "VM Operators (Lab VMs)": grants 1 operation beyond template hyperv-vm-operator: 335 "View Virtual Machine Configuration"',
    ),
  )
  t.match(text, /role assignment "Lab Administrators": template hyperv-vm-administrator \(closest fit: /)
})

t.test('text: control characters in names stay on one line', async (t) => {
  const text = auditText(await hostileReport())
  const dynamic = text.split('\n').find((l) => l.includes('AUDIT_DYNAMIC_MEMBER'))
  t.match(dynamic, /injected\\r\\nline/, 'the line break in the LDAP query is shown escaped')
})
