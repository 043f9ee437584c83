import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { CELL_COLOURS } from '../../src/audit/render/html.js'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer } from './console-server.js'
import { chooseStore, heatCells, navTitles, openView, rgb, signInAs } from './open-console.js'

t.test('an auditor sees the findings, filters them by severity, follows one to the tree; the matrix is coloured by the audit', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAs(page, server.url, server.tokens.auditor)
  await chooseStore(page, 'delegated')
  t.ok((await navTitles(page)).includes('Audit'), 'an auditor is offered the Audit view')
  await openView(page, 'Audit')
  const rows = page.locator('table.finding-list tbody tr')
  await rows.first().waitFor()
  t.equal(await rows.count(), 7, 'seven findings against the six shipped templates')
  t.match(await page.locator('.judged').textContent(), /hyperv-vm-operator/, 'the templates judged against are named')
  t.equal(await page.locator('table.finding-list tbody tr[data-severity="medium"]').count(), 5, 'five of them medium')
  t.equal(await page.locator('table.finding-list tbody tr[data-severity="info"]').count(), 2, 'two info')
  const medium = page.getByLabel('medium (5)')
  t.ok(await medium.isChecked(), 'every severity is shown at first')
  t.ok(await page.getByLabel('info (2)').isVisible(), 'the info filter says its count')
  await medium.uncheck()
  t.equal(await rows.count(), 2, 'hiding medium leaves the two info findings')
  t.match(await page.locator('.shown').textContent(), /Showing 2 of 7 findings/, 'and says so')
  await medium.check()
  t.equal(await rows.count(), 7, 'showing medium again brings them back')
  const first = rows.first()
  t.match(await first.textContent(), /AUDIT_EXCESS_OPERATIONS.*grants 1 operation beyond template hyperv-vm-operator.*hyperv-vm-operator/, 'code, message, template')
  await checkMatrix(t, page)
  await first.getByRole('button', { name: 'Lab VMs / VM Operators (Lab VMs)' }).click()
  const selected = page.getByRole('navigation', { name: 'Store tree' }).locator('button.node[aria-current="true"]')
  await selected.waitFor()
  t.equal((await selected.textContent())?.trim(), 'VM Operators (Lab VMs)', 'the tree opens at the role assignment the finding is about')
  t.match(await page.locator('.details h2').textContent(), /Role assignment VM Operators \(Lab VMs\)/, 'its details are shown')
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})

/** The matrix rows of the delegated store, and a cell of each colour the audit gives them. */
async function checkMatrix(t: Test, page: Page): Promise<void> {
  const region = page.getByRole('region', { name: /^Matrix of Hyper-V services: 6 role assignments by 34 operations/ })
  await region.waitFor()
  const states = await heatCells(page, 'Lab VMs / VM Operators (Lab VMs)')
  t.equal(states.length, 34, 'a cell per operation')
  // Columns: 100, 105, 200 ... 355; 315 is the 26th and 335 the 30th.
  t.same(states[25], ['allowed', rgb(CELL_COLOURS.allowed), '✓', 'granted, allowed by the template'], "315 is allowed by hyperv-vm-operator: the HTML report's green, with its words")
  t.same(states[29], ['excess', rgb(CELL_COLOURS.excess), '✗', 'granted beyond the template'], '335 is beyond it: red')
  t.same(states[0], ['none', rgb(CELL_COLOURS.none), '', 'not granted'], '100 is not granted: white')
  const legend = await page.getByRole('list', { name: 'Legend' }).textContent()
  t.match(legend, /granted beyond the template/, 'the legend says what red means')
}

t.test('a reader is not offered the Audit view, and the API refuses the audit', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAs(page, server.url, server.tokens.reader)
  const titles = await navTitles(page)
  t.ok(titles.includes('Store'), `the reader's nav: ${titles.join(', ')}`)
  t.notOk(titles.includes('Audit'), 'no Audit button')
  const refused = await server.request({ method: 'POST', url: '/stores/delegated/audit', as: 'reader', payload: { templates: ['hyperv-vm-operator'] } })
  t.equal(refused.statusCode, 403, 'the audit route refuses a reader')
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})
