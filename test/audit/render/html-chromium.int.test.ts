/**
 * The HTML audit report in a real headless Chromium (Debian package
 * `chromium`): it renders, the DOM has the matrix and the findings, and a
 * screenshot shows the matrix in the finding colours. Skipped, with the
 * reason, only when Chromium is not installed and CI is not set; under CI
 * (.ci/run installs it) a missing Chromium fails the test.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { auditStore } from '../../../src/audit/audit-store.js'
import { auditHtml, CELL_COLOURS, SEVERITY_COLOURS } from '../../../src/audit/render/html.js'
import { findChromium } from '../../support/chromium.js'
import { countColour, decodePng, distinctColours } from '../../support/png.js'
import { ALICE, loadSample, opLinks, ra, rd, scoped, shippedTemplates, task, withAdded } from '../hyperv-store.js'

const chromium = findChromium()
const skip = chromium === undefined && !process.env.CI ? 'chromium is not installed (apt-get install -y chromium); under CI it is installed and this test runs' : false

t.test('the HTML report in headless Chromium', { skip }, async (t) => {
  if (chromium === undefined) {
    t.fail('CI is set but chromium is not installed: .ci/run must apt-get install chromium')
    return
  }
  // The delegated sample (allowed and excess cells) plus a scope whose assignment has a
  // business-rule grant and lacks required operations (conditional and missing cells).
  const base = loadSample('hyperv-2008r2-delegated.xml')
  const rule = task('Stop in hours', { operationLinks: opLinks(base, 320), language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' })
  const def = { ...rd(base, 'Night operator', 315), taskLinks: [rule.guid] }
  const policy = withAdded(base, { tasks: [rule, def], scopes: [scoped('Night VMs', [ra('Night operators', [def], [ALICE])])] })
  const report = auditStore(policy, { store: 'hyperv-2008r2-delegated.xml (with a night scope)', templates: await shippedTemplates(), failOn: 'high' })
  t.ok(report.matrices[0]?.rows.some((r) => r.cells.includes('conditional')) && report.matrices[0].rows.some((r) => r.cells.includes('missing')), 'the report has every kind of cell')

  const dir = t.testdir()
  const page = join(dir, 'report.html')
  writeFileSync(page, auditHtml(report))
  const url = pathToFileURL(page).href
  const flags = (profile: string): string[] => [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--force-color-profile=srgb',
    '--hide-scrollbars',
    `--user-data-dir=${join(dir, profile)}`,
  ]

  const dom = spawnSync(chromium, [...flags('profile-dom'), '--dump-dom', url], { encoding: 'utf8', timeout: 90_000, maxBuffer: 32 * 1024 * 1024 })
  t.equal(dom.status, 0, `chromium --dump-dom exits 0${dom.error ? `: ${dom.error.message}` : ''}`)
  t.match(dom.stdout, /<table class="matrix" data-app="Hyper-V services">/, 'the rendered DOM has the matrix')
  t.equal((dom.stdout.match(/<tr class="finding"/g) ?? []).length, report.findings.length, 'and every finding')
  t.equal((dom.stdout.match(/<td class="cell c-/g) ?? []).length, 34 * report.assignments.length, 'and every matrix cell')
  t.notMatch(dom.stdout, /<script/i, 'no script got in')

  const shot = join(dir, 'report.png')
  const run = spawnSync(chromium, [...flags('profile-shot'), `--screenshot=${shot}`, '--window-size=1400,1100', url], { encoding: 'utf8', timeout: 90_000 })
  t.equal(run.status, 0, `chromium --screenshot exits 0${run.error ? `: ${run.error.message}` : ''}`)
  t.ok(existsSync(shot), 'the screenshot exists')
  if (!existsSync(shot)) return
  t.ok(statSync(shot).size > 20_000, `the screenshot is not trivial (${statSync(shot).size} bytes)`)
  const png = decodePng(readFileSync(shot))
  t.same([png.width, png.height], [1400, 1100], 'the window size')
  t.ok(distinctColours(png) > 50, 'a rendered page, not a blank one')
  // A matrix cell is 26 x 26 pixels; each colour below fills whole cells.
  for (const state of ['allowed', 'excess', 'conditional', 'missing'] as const) {
    const pixels = countColour(png, CELL_COLOURS[state])
    t.ok(pixels >= 300, `the matrix shows ${state} cells in ${CELL_COLOURS[state]} (${pixels} pixels)`)
  }
  t.ok(countColour(png, CELL_COLOURS.excess) > countColour(png, CELL_COLOURS.conditional), 'more excess cells than conditional ones, as in the report')
  t.ok(countColour(png, SEVERITY_COLOURS.medium) > 0, 'the medium-severity badges are visible')
})
