/**
 * Signing in to the console in a test page, and the nav buttons it then
 * offers: what the audit, accessibility and performance tests share.
 */
import type { Page } from 'playwright-core'

/** Opens the console and signs in with a token; resolves once the shell (the views' nav) is shown. */
export async function signInAs(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Views' }).waitFor()
}

/** The titles of the nav's view buttons, in order. */
export async function navTitles(page: Page): Promise<string[]> {
  return (await page.getByRole('navigation', { name: 'Views' }).getByRole('button').allTextContents()).map((s) => s.trim())
}

/** Opens a view by its nav button. */
export async function openView(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: title, exact: true }).click()
}

/** `#4caf50` as getComputedStyle answers it: `rgb(76, 175, 80)`. */
export function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`
}

/** Each cell of the heat-map row whose header is `rowHeader`: its state, computed background colour, mark and words (its accessible name). */
export async function heatCells(page: Page, rowHeader: string): Promise<[string, string, string, string][]> {
  return page.evaluate<[string, string, string, string][]>(`(() => {
    const row = [...document.querySelectorAll('.heat-body [role=row]')].find((tr) => tr.querySelector('[role=rowheader]')?.textContent === ${JSON.stringify(rowHeader)})
    return [...(row?.querySelectorAll('[role=cell]') ?? [])].map((td) => [td.dataset.state, getComputedStyle(td).backgroundColor, td.textContent, td.getAttribute('aria-label')])
  })()`)
}

/** Chooses the store the console shows (the header's store picker). */
export async function chooseStore(page: Page, store: string): Promise<void> {
  await page.getByRole('banner').getByRole('combobox').selectOption(store)
}

/** Waits until the view has loaded what it shows: no "Loading…" or "Auditing…" paragraph, no busy region. */
export async function settled(page: Page): Promise<void> {
  // Polled with evaluate: waitForFunction with a string evaluates it in a way the page's CSP (no eval) refuses.
  for (const start = Date.now(); Date.now() - start < 30_000; await new Promise((r) => setTimeout(r, 50))) {
    if (await page.evaluate<boolean>(`document.querySelector('main .loading, main [aria-busy="true"]') === null`)) return
  }
  throw new Error('the view is still loading after 30 s')
}
