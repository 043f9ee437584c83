/**
 * A store whose names and descriptions are hostile markup, written through
 * the REST API as far as AzMan's name rules allow (scope names and every
 * description may hold anything but line breaks and TAB; other names may not
 * hold \ / : * ? " < > |). Every view shows them as text: the text appears
 * literally, no element or handler is created from it, no dialog opens, no
 * script error.
 */
import type { Page } from 'playwright-core'
import t, { type Test } from 'tap'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer } from './console-server.js'
import { navTitles, openView, settled, signInAs } from './open-console.js'

const APP = 'Hyper-V services'
const SID = 'S-1-5-21-1004336348-1177238915-682003330-1105'
/** Scope names: AzMan lets a scope name hold markup, paths and URLs. */
const SCOPES = ['<img src=x onerror=alert(1)>', '"><script>alert(2)</script>', 'javascript:alert(3)']
/** Names of the other kinds: anything but \ / : * ? " < > | and TAB. */
const ROLE_DEFINITION = "x' onerror='alert(4)"
const ASSIGNMENTS = ["{{constructor.constructor('alert(5)')()}}", '&lt;b&gt;bold&amp; ${alert(6)}', "'-alert(7)-'"]
const DESCRIPTION = '<img src=x onerror=alert(8)><svg onload=alert(9)></svg>'

const CHANGES = [
  { type: 'create-role-definition', app: APP, name: ROLE_DEFINITION, tasks: [], operations: [315, 320, 300], description: DESCRIPTION },
  ...SCOPES.flatMap((scope, i) => [
    { type: 'create-scope', app: APP, name: scope, description: DESCRIPTION },
    { type: 'create-role-assignment', app: APP, scope, name: ASSIGNMENTS[i], roleDefinitions: [ROLE_DEFINITION], tasks: [] },
    { type: 'update-role-assignment', app: APP, scope, name: ASSIGNMENTS[i], description: `"><script>alert(10)</script>` },
    { type: 'add-role-assignment-members', app: APP, scope, roleAssignment: ASSIGNMENTS[i], members: [{ sid: SID }] },
  ]),
]

/** What a hostile page would have made: elements, inline handlers, javascript: links. */
const PLANTED = `document.querySelectorAll('img, svg, script:not([src]), iframe, object, embed, [onerror], [onload], [onmouseover], a[href^="javascript:"]').length`

async function checkPage(t: Test, page: Page, where: string, expected: readonly string[]): Promise<void> {
  t.equal(await page.evaluate<number>(PLANTED), 0, `${where}: no element or handler made from a name`)
  const text = await page.evaluate<string>('document.body.innerText')
  const missing = expected.filter((s) => !text.includes(s))
  t.same(missing, [], `${where}: the names appear literally (${expected.length - missing.length} of ${expected.length})`)
}

t.test('hostile names and descriptions render as text in every view', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t, { stores: { hostile: 'hyperv-2008r2-delegated.xml' } })
  const written = await server.request({ method: 'POST', url: '/stores/hostile/changes', payload: { changes: CHANGES } })
  t.equal(written.statusCode, 200, `the hostile change set is written (${written.body.slice(0, 300)})`)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAs(page, server.url, server.tokens.operator)

  // The tree: the role definition's details, then each scope's.
  const tree = page.getByRole('navigation', { name: 'Store tree' })
  await tree
    .getByRole('button', { name: /^Expand Role definitions/ })
    .first()
    .click()
  await tree.getByRole('button', { name: ROLE_DEFINITION, exact: true }).click()
  await page.locator('.details h2').waitFor()
  await checkPage(t, page, 'the role definition', [ROLE_DEFINITION, DESCRIPTION])
  await tree.getByRole('button', { name: /^Expand Scopes/ }).click()
  for (const scope of SCOPES) {
    await tree.getByRole('button', { name: scope, exact: true }).click()
    await checkPage(t, page, `scope ${scope}`, [...SCOPES, scope, DESCRIPTION])
  }

  // Every view the operator has, as it first shows.
  const titles = await navTitles(page)
  for (const title of titles) {
    await openView(page, title)
    await settled(page)
    t.equal(await page.evaluate<number>(PLANTED), 0, `view ${title}: no element or handler made from a name`)
  }
  t.ok(titles.length > 1, `views visited: ${titles.join(', ')}`)

  // The audit: findings and the matrix name the role assignments and scopes.
  await openView(page, 'Audit')
  await page.locator('.audit[aria-busy="false"]').waitFor({ timeout: 60_000 })
  await checkPage(t, page, 'the audit', [...ASSIGNMENTS, ...SCOPES.map((s, i) => `${s} / ${ASSIGNMENTS[i] ?? ''}`)])
  // A finding's link opens the tree at a hostile role assignment, with its details.
  await page
    .locator('table.finding-list')
    .getByRole('button', { name: `${SCOPES[0] ?? ''} / ${ASSIGNMENTS[0] ?? ''}`, exact: true })
    .first()
    .click()
  await page.locator('.details h2').waitFor()
  await checkPage(t, page, 'the role assignment opened from a finding', [ASSIGNMENTS[0] ?? '', '"><script>alert(10)</script>', ROLE_DEFINITION])
  t.same(trouble, { errors: [], dialogs: [] }, 'no dialog opened, no script error or CSP violation')
})
