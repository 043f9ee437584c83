import t from 'tap'
import { auditStore } from '../../../src/audit/audit-store.js'
import { auditHtml, CELL_COLOURS, escapeHtml } from '../../../src/audit/render/html.js'
import { loadSample, shippedTemplates } from '../hyperv-store.js'
import { HOSTILE, hostileReport } from './hostile-report.js'

t.test('escapeHtml escapes every character with a meaning in markup', async (t) => {
  t.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;')
  t.equal(escapeHtml('plain text, S-1-5-32-544'), 'plain text, S-1-5-32-544')
})

t.test('hostile names come out as text, never as markup', async (t) => {
  const html = auditHtml(await hostileReport())
  t.notMatch(html, /<script/i, 'no script element')
  t.notMatch(html, /<img/i, 'no image element')
  t.notMatch(html, /&amp; <b>/, 'no bold element from a group name')
  t.match(html, escapeHtml(HOSTILE.group), 'the group name, escaped')
  t.notMatch(html, /<td>injected/, 'an LDAP query cannot open table cells')
  t.notMatch(html, /onerror=alert\(1\)>/, 'no live attribute')
  t.match(html, escapeHtml(HOSTILE.roleAssignment), 'the role assignment name, escaped')
  t.match(html, escapeHtml(HOSTILE.scope), 'the scope name, escaped')
  t.match(html, escapeHtml(HOSTILE.store), 'the store name, escaped')
  t.match(html, '&lt;script&gt;alert(&quot;ra&quot;)&lt;/script&gt;')
})

t.test('one self-contained page: inline CSS, no scripts, no external resources', async (t) => {
  const html = auditHtml(await hostileReport())
  t.match(html, /^<!DOCTYPE html>\n<html lang="en">/)
  t.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/, 'a CSP forbids anything but inline style')
  t.notMatch(html, /<link|<script|@import|url\(|<iframe|<object|<embed/i, 'nothing loads from elsewhere')
  t.notMatch(html.replaceAll('http://evil.example/', ''), /https?:\/\//, 'no URL except the escaped hostile one')
  t.equal((html.match(/<style>/g) ?? []).length, 1, 'one inline style sheet')
})

t.test('the delegated sample: matrix coloured by finding, findings listed', async (t) => {
  const report = auditStore(loadSample('hyperv-2008r2-delegated.xml'), { store: 'delegated.xml', templates: await shippedTemplates(), failOn: 'high' })
  const html = auditHtml(report)
  t.equal((html.match(/<table class="matrix"/g) ?? []).length, 1, 'one matrix: one application')
  t.equal((html.match(/<th class="op"/g) ?? []).length, 34, 'a column per operation')
  t.equal((html.match(/<th class="ra"/g) ?? []).length, report.assignments.length, 'a row per role assignment')
  t.equal((html.match(/<td class="cell /g) ?? []).length, 34 * report.assignments.length)
  t.equal((html.match(/<tr class="finding"/g) ?? []).length, report.findings.length, 'every finding listed')
  t.match(html, /class="cell c-excess" title="335 View Virtual Machine Configuration: granted beyond the template"/)
  t.match(html, /class="cell c-allowed" title="315 Start Virtual Machine: granted, allowed by the template"/)
  t.match(html, /<p class="verdict pass">pass: nothing reaches high<\/p>/)
  for (const [state, colour] of Object.entries(CELL_COLOURS)) t.match(html, `.c-${state}{background:${colour}}`, `CSS for ${state}`)
})
