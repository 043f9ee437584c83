/**
 * A real headless Chromium (Debian's `chromium` package) driven by
 * playwright-core, for the web console's tests. Under CI (.ci/run installs
 * Chromium) a missing browser fails the tests; elsewhere they are skipped
 * with the reason.
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Test } from 'tap'
import { findChromium } from '../support/chromium.js'

export { findChromium }

export const CHROMIUM = findChromium()
/** The `skip` option of a browser test: a reason when Chromium is missing and CI is not set. */
export const skipWithoutChromium: string | false =
  CHROMIUM === undefined && !process.env.CI ? 'chromium is not installed (apt-get install -y chromium); under CI it is installed and this test runs' : false

/** Flags for a headless Chromium on a machine with a closed network (no background connections). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--force-color-profile=srgb']

/** A browser for the test, closed when it ends. */
export async function launchBrowser(t: Test): Promise<Browser> {
  if (CHROMIUM === undefined) throw new Error('CI is set but chromium is not installed: .ci/run must apt-get install chromium')
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 })
  t.teardown(() => browser.close())
  return browser
}

/** What a page reported that a test must see none of: script errors, console errors, CSP violations, dialogs. */
export interface PageTrouble {
  readonly errors: string[]
  readonly dialogs: string[]
}

/** A new page (its own context: own session storage) that records errors and dialogs; dialogs are dismissed. */
export async function newPage(browser: Browser): Promise<{ page: Page; trouble: PageTrouble }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const trouble: PageTrouble = { errors: [], dialogs: [] }
  page.on('pageerror', (e) => trouble.errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') trouble.errors.push(`console: ${m.text()}`)
  })
  page.on('dialog', (d) => {
    trouble.dialogs.push(`${d.type()}: ${d.message()}`)
    void d.dismiss()
  })
  return { page, trouble }
}
