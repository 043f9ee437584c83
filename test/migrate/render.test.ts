/** The migration report as text, Markdown and a page (src/migrate/render/): counts, narrowed objects, disagreements with proofs; hostile names stay text. */
import t from 'tap'
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import { exportMigration, migrationReport, verifyMigration, type MigrationReport } from '../../src/migrate/migrate.js'
import { renderMigration } from '../../src/migrate/render/formats.js'
import { HOSTILE, hostilePolicy } from '../audit/render/hostile-report.js'

/** A store with hostile names, exported to Cedar with its application-level policies removed, compared: disagreements with proofs. */
async function hostileReport(): Promise<MigrationReport> {
  const policy = hostilePolicy()
  const app = policy.applications[0]
  if (app === undefined) throw new Error('no application')
  const ref = { reference: HOSTILE.store, version: 'v1' }
  const exported = exportMigration(policy, ref, 'cedar', app.name)
  const parts = cedar.policySetTextToParts(exported.files['policies.cedar'] ?? '')
  if (parts.type === 'failure') throw new Error('the export does not parse')
  const doctored = { ...exported.files, 'policies.cedar': parts.policies.filter((p) => !p.includes(HOSTILE.scope.replace(/"/g, '\\"'))).join('\n') }
  const comparison = await verifyMigration(policy, ref, 'cedar', app.name, doctored)
  return migrationReport(exported, comparison, ['policies.cedar'])
}

t.test('every format gives the counts, the narrowed group and each disagreement with its proof', async (t) => {
  const report = await hostileReport()
  t.ok(report.disagreements > 0, `${report.disagreements} disagreements: the scope's policy was removed`)
  t.ok(report.narrowed.length > 0, 'the LDAP-query group is narrowed')
  const text = renderMigration(report, 'text')
  const md = renderMigration(report, 'md')
  const html = renderMigration(report, 'html')
  t.match(text, `${report.disagreements} disagreements`)
  t.match(md, `| ${report.cases} | ${report.asked} | ${report.agreed} | ${report.narrower} | ${report.disagreements} | 0 |`)
  t.match(html, `<td>${report.disagreements}</td>`)
  t.match(html, '<p class="verdict fail">')
  for (const out of [text, md, html]) t.match(out, /granted by role assignment/, 'the proof is there')
})

t.test('hostile names stay text: no markup in the page, no table break in Markdown', async (t) => {
  const report = await hostileReport()
  const html = renderMigration(report, 'html')
  t.notMatch(html, /<img|<script|<b>|<\/td><td>injected/, 'no element made from a name')
  t.match(html, '&lt;script&gt;alert(\\&quot;ra\\&quot;)&lt;/script&gt;', 'the role assignment, quoted, as text')
  t.match(html, "default-src 'none'", 'a Content-Security-Policy that forbids scripts')
  t.equal((html.match(/<script/g) ?? []).length, 0)
  const md = renderMigration(report, 'md')
  // Proofs are in ```text fences, where Markdown shows every character as it is (a fence inside a name is broken).
  const prose = md.replace(/```text\n[\s\S]*?\n```/g, '')
  t.match(md, '```text\ngranted by role assignment')
  t.notMatch(prose, /[^\\]\| pipe/, 'a pipe in a name is escaped outside the proofs')
  const heading = md.split('\n').find((l) => l.startsWith('### '))
  t.match(heading, '\\<img src=x onerror=alert(1)\\>', 'headings escape markup')
})
