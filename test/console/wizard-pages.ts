/**
 * Driving the console's Delegate view in a browser, for the wizard's tests:
 * sign in, open the view, walk the five steps with the mouse or with the keyboard only.
 */
import type { Page } from 'playwright-core'

/** Signs in with a token and waits for the store tree. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor()
}

/** The five steps' answers the tests give. */
export interface FiveSteps {
  readonly roleDefinition: string
  readonly task: string
  readonly operations: readonly number[]
  readonly scope: string
  readonly member: string
}

/** Walks the five steps with clicks and typing, up to the Review (the plan). */
export async function fiveStepsByMouse(page: Page, s: FiveSteps): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Delegate' }).click()
  await page.getByRole('heading', { name: 'Role definition' }).waitFor()
  await page.getByLabel('Name', { exact: true }).fill(s.roleDefinition)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('heading', { name: 'Task and operations' }).waitFor()
  await page.getByLabel('Task name').fill(s.task)
  for (const id of s.operations) await page.getByRole('checkbox', { name: new RegExp(`^${id} `) }).check()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('heading', { name: 'Role assignment' }).waitFor()
  await page.getByLabel('New scope name').fill(s.scope)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('heading', { name: 'Members' }).waitFor()
  await page.getByLabel('Member 1', { exact: true }).fill(s.member)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('heading', { name: /^Tasks and role definitions/ }).waitFor()
  await page.getByRole('button', { name: 'Review' }).click()
  await page.getByRole('heading', { name: 'Review', exact: true }).waitFor()
}

/** What has the focus: its tag, type, and its label's (or its own) text. */
export async function focused(page: Page): Promise<{ tag: string; type: string; text: string }> {
  return page.evaluate<{ tag: string; type: string; text: string }>(`(() => {
    const el = document.activeElement
    if (el === null) return { tag: '', type: '', text: '' }
    const label = (el.labels && el.labels[0] && el.labels[0].textContent) || el.getAttribute('aria-label') || el.textContent || ''
    return { tag: el.tagName.toLowerCase(), type: el.type || '', text: label.replace(/\\s+/g, ' ').trim() }
  })()`)
}

/** Presses Tab until the focused control's text matches (at most 80 presses). */
export async function tabTo(page: Page, text: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    if (text.test((await focused(page)).text)) return
  }
  throw new Error(`Tab never reached ${String(text)}`)
}
