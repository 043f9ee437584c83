import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { redactStoreRef } from '../../src/report/redact-ref.js'
import { reportMeta, reportMetaLines } from '../../src/report/report-meta.js'
import { SHIPPED_TEMPLATES } from '../../src/templates/load-template.js'
import { loadTemplates } from '../../src/templates/load-templates.js'
import { manualClock } from '../support/manual-clock.js'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

t.test('the evidence header: a given time, the store, its version, template hashes, azman version', async (t) => {
  const templates = await loadTemplates(['hyperv-vm-operator', 'hyperv-it-monitor'])
  const meta = reportMeta({ stores: [{ ref: 'lab.xml', version: 'sha256:abc' }], templates, now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) })
  t.same(meta, {
    madeAt: '2026-01-02T03:04:05.006Z',
    azman: pkg.version,
    stores: [{ ref: 'lab.xml', version: 'sha256:abc' }],
    templates: templates.map((x) => ({
      name: x.name,
      sha256: createHash('sha256')
        .update(readFileSync(join(SHIPPED_TEMPLATES, `${x.name}.json`)))
        .digest('hex'),
    })),
  })
  t.same(reportMetaLines(meta).slice(0, 2), ['made 2026-01-02T03:04:05.006Z by azman ' + pkg.version, 'store lab.xml at version sha256:abc'])
  t.match(reportMetaLines(meta)[2], /^template hyperv-vm-operator sha256:[0-9a-f]{64}$/)
})

t.test('without a time given, the clock is read (Date.now)', async (t) => {
  const clock = manualClock(t)
  clock.advance(10 * 365 * 24 * 3600 * 1000)
  const made = Date.parse(reportMeta({ stores: [] }).madeAt)
  t.ok(Math.abs(made - Date.now()) < 60_000, 'the moved clock')
  t.ok(new Date(made).getUTCFullYear() >= new Date().getUTCFullYear() + 9, 'years ahead of the real one')
})

t.test('credentials never reach a report', async (t) => {
  const cases: [string, string][] = [
    ['msldap://admin:S3cret!@dc.example.com/CN=Store,DC=example,DC=com', 'msldap://admin:***@dc.example.com/CN=Store,DC=example,DC=com'],
    ['msldap://dc.example.com/CN=Store?password=S3cret!&x=1', 'msldap://dc.example.com/CN=Store?password=***&x=1'],
    ['msldap://dc.example.com/CN=Store?x=1&pwd=S3cret!', 'msldap://dc.example.com/CN=Store?x=1&pwd=***'],
    ['msxml:///srv/a:b@c.xml', 'msxml:///srv/a:b@c.xml'],
    ['C:\\stores\\lab.xml', 'C:\\stores\\lab.xml'],
    ['lab\nstore.xml', 'lab store.xml'],
  ]
  for (const [ref, shown] of cases) {
    t.equal(redactStoreRef(ref), shown, ref)
    t.notMatch(reportMeta({ stores: [{ ref, version: 'v' }] }).stores[0]?.ref ?? '', /S3cret/, `${ref}: no secret`)
  }
  t.equal(cases.length, 6, 'every case checked')
})
