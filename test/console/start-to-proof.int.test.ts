/**
 * The console's whole story as the "done when" tells it, in a real Chromium: `azman serve
 * --data-dir` as `npm start` runs it, its printed URL and token; the wizard delegates "VM operator"
 * on scope "Lab VMs" to a SID, the plan is seen, then applied with a reason; the history shows the
 * entry with that reason; a check grants 315 with its proof drawn as a path.
 *
 * AZMAN_UPDATE_SCREENSHOTS=1 also writes docs/images/console-*.png (the README's tour shows them):
 * `npm run docs:screenshots`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { REPO_ROOT } from '../cli/run-cli.js'
import { serve } from '../server/serve-process.js'
import { decodePng, distinctColours } from '../support/png.js'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { fiveStepsByMouse } from './wizard-pages.js'

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1150'
const REASON = 'CHG-2041: lab operators for the test rig'
const UPDATE = process.env.AZMAN_UPDATE_SCREENSHOTS === '1'

/** A screenshot of the page that is not blank (many colours: text, borders, buttons); kept for the docs when asked. */
async function shot(t: Test, page: Page, name: string): Promise<void> {
  const png = await page.screenshot({ fullPage: false })
  const colours = distinctColours(decodePng(png))
  t.ok(colours > 20, `the ${name} screenshot is not blank (${colours} colours)`)
  writeFileSync(join(t.testdirName, `${name}.png`), png)
  if (UPDATE) {
    mkdirSync(join(REPO_ROOT, 'docs/images'), { recursive: true })
    writeFileSync(join(REPO_ROOT, `docs/images/console-${name}.png`), png)
  }
}

t.test('npm start, sign in with the printed token, delegate through the wizard, see the plan, apply, see the history, check 315 with the proof', { skip: skipWithoutChromium }, async (t) => {
  const data = t.testdir({})
  mkdirSync(t.testdirName, { recursive: true })
  const started = await serve(data)
  t.teardown(() => started.child.kill())
  const printed = started.stderr()
  const token = /keep it secret:\n\n {2}(\S+)\n/.exec(printed)?.[1]
  const consoleUrl = /web console at (http:\/\/\S+\/) /.exec(printed)?.[1]
  t.ok(token, 'serve printed the first operator token')
  t.equal(consoleUrl, `${started.url}/`, 'serve printed the console URL')
  if (token === undefined || consoleUrl === undefined) return

  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await page.goto(consoleUrl)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor()
  await page.locator('header.bar select').selectOption('hyperv-2008r2')
  await page.getByRole('navigation', { name: 'Store tree' }).getByRole('button', { name: 'Hyper-V services', exact: true }).waitFor()
  await shot(t, page, 'tree')

  await fiveStepsByMouse(page, { roleDefinition: 'VM operator', task: 'Operate VMs', operations: [315, 320, 325, 330], scope: 'Lab VMs', member: SID })
  const plan = page.getByRole('region', { name: 'Plan' })
  t.match(await plan.textContent(), /create scope "Lab VMs"/, 'the plan creates the scope')
  t.match(await plan.textContent(), /role assignment "VM operator"/, 'and the role assignment')
  const gained = page.locator('.access-delta tbody tr[data-change="gained"]')
  t.equal(await gained.count(), 4, 'the access delta: the SID gains the four operations')
  t.match(await gained.first().textContent(), new RegExp(`${SID}.*315 Start Virtual Machine.*Lab VMs`))
  await page.getByLabel(/^Reason/).fill(REASON)
  await shot(t, page, 'plan')
  await page.getByRole('button', { name: 'Apply' }).click()
  await page.getByRole('heading', { name: 'Applied', exact: true }).waitFor()

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click()
  const newest = page.getByRole('list', { name: 'Journal, newest first' }).locator(':scope > li').first()
  await newest.waitFor()
  t.match(await newest.textContent(), REASON, 'the history shows the entry with its reason')
  t.match(await newest.textContent(), /admin/, 'and its actor, the token')

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Questions' }).click()
  await page.getByRole('heading', { name: 'Check' }).waitFor()
  await page.getByLabel('Scope', { exact: true }).selectOption('Lab VMs')
  await page.getByLabel('Principal (SID or account)').fill(SID)
  await page.getByLabel('Operations').selectOption(['315'])
  await page.getByRole('button', { name: 'Check', exact: true }).last().click()
  const result = page.getByRole('article', { name: 'Operation 315 Start Virtual Machine' })
  await result.waitFor()
  t.equal(await result.getAttribute('data-decision'), 'granted', 'check grants 315')
  const chain = result.getByRole('list', { name: /^Proof path through role assignment VM operator/ }).first()
  const boxes = (await chain.locator(':scope > li').allTextContents()).map((s) => s.trim())
  t.match(boxes, [new RegExp(SID), /VM operator/, /VM operator/, /Operate VMs/, /315 Start Virtual Machine/], `the proof: SID → role assignment → role definition → task → 315 (${boxes.length} boxes)`)
  await shot(t, page, 'proof')
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})
