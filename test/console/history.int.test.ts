import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import type { Locator, Page } from 'playwright-core'
import { seriousViolations } from './axe-scan.js'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer, type ConsoleServer } from './console-server.js'
import { APP_PATH, json } from '../server/support.js'

/**
 * The History view on a copy of the delegated sample: two writes made through the API with
 * reasons show in the timeline with their actor; an entry's access delta; an operator's rollback,
 * planned first, restores the store's bytes; a conflict is shown with a way to plan again; a
 * reader has no rollback or undo control.
 */

const SID = (rid: number) => `S-1-5-21-1004336348-1177238915-682003330-${rid}`
const MEMBERS = `/stores/delegated/applications/${APP_PATH}/scopes/Lab%20VMs/role-assignments/${encodeURIComponent('VM Operators (Lab VMs)')}/members`

interface Entry {
  readonly id: string
  readonly actor: string
  readonly reason?: string
}

const CONNECT_MEMBERS = `/stores/delegated/applications/${APP_PATH}/role-assignments/${encodeURIComponent('Hyper-V Manager Connect')}/members`

/** Adds a member to "VM Operators (Lab VMs)" (or another role assignment's `members` route) through the API, with a reason. */
async function addMember(t: Test, server: ConsoleServer, rid: number, reason: string, url = MEMBERS): Promise<void> {
  const r = await server.request({ method: 'POST', url, payload: { members: [{ sid: SID(rid) }] }, headers: { 'azman-reason': reason } })
  t.equal(r.statusCode, 200, `the write adding ${rid} is done (${r.body.slice(0, 200)})`)
}

async function history(server: ConsoleServer): Promise<Entry[]> {
  return json<{ entries: Entry[] }>(await server.request({ method: 'GET', url: '/stores/delegated/history', as: 'reader' })).entries
}

async function openHistory(page: Page, server: ConsoleServer, token: string): Promise<Locator> {
  await page.goto(server.url)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor()
  await page.locator('header.bar select').selectOption('delegated')
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click()
  const timeline = page.getByRole('list', { name: 'Journal, newest first' })
  await timeline.waitFor()
  return timeline.locator(':scope > li')
}

async function attributes(items: Locator, name: string): Promise<(string | null)[]> {
  const out: (string | null)[] = []
  for (let i = 0; i < (await items.count()); i++) out.push(await items.nth(i).getAttribute(name))
  return out
}

t.test('the timeline, an entry access delta, and a rollback planned first that restores the bytes', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  await addMember(t, server, 1301, 'CHG-1301: Lab VM operator for Ana')
  const afterFirst = readFileSync(server.paths.delegated ?? '')
  await addMember(t, server, 1302, 'CHG-1302: Lab VM operator for Ben')
  const afterSecond = readFileSync(server.paths.delegated ?? '')
  t.not(afterSecond.equals(afterFirst), true, 'the second write changed the file')
  const entries = await history(server)
  t.equal(entries.length, 2, 'the journal has the two writes')
  const [first, second] = entries
  if (first === undefined || second === undefined) return
  const feed = json<{ entries: { id: string; access: unknown[] }[] }>(await server.request({ method: 'GET', url: `/stores/delegated/changes?limit=1`, as: 'reader' }))
  const delta = (feed.entries[0]?.access ?? []) as readonly { change: string; principal: { sid: string }; operation: { id: number }; scope: string | null; before: string; after: string }[]
  const start = delta.find((a) => a.operation.id === 315 && a.scope === 'Lab VMs')
  t.ok(delta.length > 0, `the API gives the first entry an access delta (${delta.length} changes)`)

  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  const items = await openHistory(page, server, server.tokens.operator)
  t.same(await attributes(items, 'data-entry'), [second.id, first.id], 'both entries, newest first')
  t.match(await items.nth(0).textContent(), /olga-operator.*CHG-1302: Lab VM operator for Ben/)
  t.match(await items.nth(1).textContent(), /olga-operator.*CHG-1301: Lab VM operator for Ana/)

  await items.nth(1).getByRole('button').click()
  const details = page.getByRole('region', { name: `Entry ${first.id}` })
  await details.waitFor()
  t.match(await details.locator('ul.diff').textContent(), /S-1-5-21-1004336348-1177238915-682003330-1301/, 'what it changed')
  const rows = details.getByRole('region', { name: 'Effective-access delta' }).locator('tbody tr')
  await rows.first().waitFor()
  t.equal(await rows.count(), delta.length, 'a row per access change the feed gives')
  t.same([...new Set(await attributes(rows, 'data-change'))], ['gained'], 'all gained')
  t.match(
    await rows.filter({ hasText: /315\s+Start Virtual Machine/ }).textContent(),
    new RegExp(`gained.*${SID(1301)}.*315.*Lab VMs${start?.before ?? 'missing'} → ${start?.after ?? 'missing'}`),
    'as the feed says for 315 in Lab VMs',
  )
  t.equal(start?.after, 'granted', 'which 1301 gains')

  await page.getByRole('button', { name: 'Roll back to here' }).click()
  const plan = page.getByRole('region', { name: 'Plan: roll back to here' })
  await plan.waitFor()
  t.match(await plan.textContent(), new RegExp(`restore the store as it was right after entry ${first.id}`))
  t.match(await plan.locator('ul.edits').textContent(), /1302/, 'the plan removes the second member')
  t.ok(readFileSync(server.paths.delegated ?? '').equals(afterSecond), 'planning wrote nothing')
  t.same(await seriousViolations(page), [], 'axe-core: no serious or critical violation with an entry and a plan shown')
  const apply = page.getByRole('button', { name: 'Apply' })
  t.equal(await apply.isDisabled(), true, 'Apply waits for a reason')
  await page.getByLabel('Reason (goes into the journal)').fill('CHG-1303: Ben no longer needs it')
  await apply.click()
  await page
    .getByRole('status')
    .filter({ hasText: `Rolled back to entry ${first.id}.` })
    .waitFor()
  t.ok(readFileSync(server.paths.delegated ?? '').equals(afterFirst), "the store file's bytes are the first write's again")
  await items.nth(2).waitFor()
  t.equal(await items.count(), 3, 'the rollback is journaled')
  t.match(await items.nth(0).textContent(), /olga-operator \(rollback\).*CHG-1303: Ben no longer needs it/)
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})

t.test('an undo planned before another write is refused as a conflict and can be planned again', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  await addMember(t, server, 1301, 'CHG-1')
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  const items = await openHistory(page, server, server.tokens.operator)
  await items.nth(0).getByRole('button').click()
  await page.getByRole('button', { name: 'Undo this entry' }).click()
  await page.getByRole('region', { name: 'Plan: undo this entry' }).waitFor()
  // Another role assignment: the undo still applies once planned again (the same one would be a 409 revert conflict).
  await addMember(t, server, 1302, 'CHG-2: meanwhile', CONNECT_MEMBERS)
  const before = readFileSync(server.paths.delegated ?? '')
  await page.getByLabel('Reason (goes into the journal)').fill('CHG-3')
  await page.getByRole('button', { name: 'Apply' }).click()
  const alert = page.getByRole('alert')
  await alert.waitFor()
  t.match(await alert.textContent(), /412/, 'a conflict: the store changed since the plan')
  t.ok(readFileSync(server.paths.delegated ?? '').equals(before), 'nothing written')
  await page.getByRole('button', { name: 'Plan again' }).click()
  await page.getByRole('region', { name: 'Plan: undo this entry' }).waitFor()
  t.equal(await page.getByRole('alert').count(), 0, 'the new plan replaces the conflict')
  await page.getByRole('button', { name: 'Apply' }).click()
  await page.getByRole('status').filter({ hasText: 'undone' }).waitFor()
  const entries = await history(server)
  t.equal(entries.length, 3, 'the undo is journaled')
  t.equal(entries.at(-1)?.reason, 'CHG-3', 'with the reason typed')
  // Chromium logs the refused request itself as a console error; nothing else may show.
  t.same(trouble.errors, ['console: Failed to load resource: the server responded with a status of 412 (Precondition Failed)'], 'no error but the refused request')
  t.same(trouble.dialogs, [])
})

t.test('a reader sees the history but no rollback or undo control', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  await addMember(t, server, 1301, 'CHG-1')
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  const items = await openHistory(page, server, server.tokens.reader)
  t.equal(await items.count(), 1)
  await items.nth(0).getByRole('button').click()
  await page.getByRole('region', { name: 'Effective-access delta' }).locator('tbody tr').first().waitFor()
  t.equal(await page.getByRole('button', { name: 'Roll back to here' }).count(), 0, 'no rollback button')
  t.equal(await page.getByRole('button', { name: 'Undo this entry' }).count(), 0, 'no undo button')
  t.equal(await page.getByRole('button', { name: 'Apply' }).count(), 0, 'no apply button')
  t.same(trouble, { errors: [], dialogs: [] })
})
