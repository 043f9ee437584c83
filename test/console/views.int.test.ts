/**
 * Every view an operator is offered (whichever views the console has: the
 * nav's buttons are iterated): an axe-core scan finds no serious or critical
 * violation, and a screenshot shows a rendered page. And the console can be
 * used with the keyboard alone. Screenshots go to the test's directory (kept with
 * `tap --save-fixture`), or to the directory AZMAN_SHOTS names.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { decodePng, distinctColours } from '../support/png.js'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer } from './console-server.js'
import { chooseStore, navTitles, openView, settled, signInAs } from './open-console.js'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly nodes: readonly string[]
}

/** axe-core's violations on the page as it is (injected by evaluate, which the page's CSP does not govern). */
async function axeViolations(t: Test, page: Page): Promise<Violation[]> {
  if (!(await page.evaluate<boolean>('typeof axe === "object"'))) await page.evaluate(AXE)
  const { passes, violations } = await page.evaluate<{ passes: number; violations: Violation[] }>(
    `axe.run(document).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })) }))`,
  )
  t.ok(passes > 10, `axe ran its rules (${passes} passed, ${violations.length} violated${violations.length === 0 ? '' : `: ${violations.map((v) => `${v.id} (${v.impact ?? '?'})`).join(', ')}`})`)
  return violations
}

t.test('each view: no serious or critical accessibility violation, and a screenshot that is not blank', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAs(page, server.url, server.tokens.operator)
  await chooseStore(page, 'delegated')
  const titles = await navTitles(page)
  t.ok(titles.length >= 2, `the operator's views: ${titles.join(', ')}`)
  // Beside the server's stores, in the test's directory (t.testdir() again would empty it); AZMAN_SHOTS keeps them elsewhere.
  const dir = process.env.AZMAN_SHOTS ?? join(server.dir, 'screenshots')
  mkdirSync(dir, { recursive: true })
  let scanned = 0
  for (const title of titles) {
    await openView(page, title)
    await settled(page)
    const bad = (await axeViolations(t, page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
    t.same(bad, [], `${title}: no serious or critical axe violation`)
    const file = join(dir, `view-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`)
    await page.screenshot({ path: file, fullPage: true })
    const png = decodePng(readFileSync(file))
    t.ok(png.width === 1280 && png.height >= 900, `${title}: a screenshot of the whole page (${png.width} x ${png.height})`)
    t.ok(distinctColours(png) > 20, `${title}: the screenshot is not blank (${distinctColours(png)} colours)`)
    scanned++
  }
  t.equal(scanned, titles.length, `every view scanned (${scanned})`)
  // The tree with a role assignment's details shown (opened from an audit finding).
  await openView(page, 'Audit')
  await page.locator('table.finding-list').getByRole('button', { name: 'Lab VMs / VM Operators (Lab VMs)' }).first().click()
  await page.locator('.details h2').waitFor()
  const bad = (await axeViolations(t, page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
  t.same(bad, [], "the tree with a role assignment's details: no serious or critical axe violation")
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})

/** Presses Tab until the focused element's text is `text` (at most `max` times); answers how many presses it took. */
async function tabTo(page: Page, text: string, max = 80): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab')
    if ((await page.evaluate<string>('document.activeElement?.textContent?.trim() ?? ""')) === text) return n
  }
  throw new Error(`Tab never reached "${text}"`)
}

t.test('keyboard only: sign in, move through the nav, open a view, then the tree and an object in it', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await page.goto(server.url)
  await page.keyboard.press('Tab')
  t.equal(await page.evaluate<string>('document.activeElement?.id ?? ""'), 'token', 'the first Tab reaches the token field')
  await page.keyboard.type(server.tokens.operator)
  await page.keyboard.press('Enter')
  await page.getByRole('navigation', { name: 'Views' }).waitFor()
  const titles = await navTitles(page)
  t.ok(titles.includes('Audit'), `the nav: ${titles.join(', ')}`)
  t.ok((await tabTo(page, 'Audit')) > 0, 'Tab reaches the Audit button')
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Findings' }).waitFor()
  t.equal(await page.getByRole('navigation', { name: 'Views' }).locator('[aria-current="page"]').textContent(), 'Audit', 'Enter opened the Audit view')
  // Shift+Tab walks back through the nav, one view at a time, to the Store button.
  const before = titles.slice(0, titles.indexOf('Audit')).reverse()
  for (const title of before) {
    await page.keyboard.press('Shift+Tab')
    t.equal(await page.evaluate<string>('document.activeElement?.textContent ?? ""'), title, `Shift+Tab goes back to the ${title} button`)
  }
  t.equal(before.at(-1), 'Store', `${before.length} Shift+Tabs back to Store`)
  await page.keyboard.press('Enter')
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor()
  t.ok((await tabTo(page, 'Hyper-V services')) > 0, "Tab reaches the application's node in the tree")
  await page.keyboard.press('Enter')
  await page.locator('.details h2').waitFor()
  t.match(await page.locator('.details h2').textContent(), /Application Hyper-V services/, "Enter shows the application's details")
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})
