import t from 'tap'
import type { Locator, Page } from 'playwright-core'
import { seriousViolations } from './axe-scan.js'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer, type ConsoleServer } from './console-server.js'
import { APP_PATH, json } from '../server/support.js'

/**
 * The Questions view on the delegated sample: a check's proof drawn as a path with the group
 * chain, why-not for a denied check, who-can and what-can, each compared with the API's own answer.
 */

const SID = (rid: number) => `S-1-5-21-1004336348-1177238915-682003330-${rid}`
/** 1105 is a member of the application group "VM Operators", which role assignment "VM Operators (Lab VMs)" holds. */
const OPERATOR = SID(1105)

interface Step {
  readonly type: string
  readonly name?: string
  readonly sid?: string
  readonly id?: number | null
}
interface Grant {
  readonly roleAssignment: { readonly name: string }
  readonly path: readonly Step[]
  readonly member: readonly Step[]
}

async function signInAt(page: Page, server: ConsoleServer, token: string): Promise<void> {
  await page.goto(server.url)
  await page.getByLabel('API token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor()
  await page.locator('header.bar select').selectOption('delegated')
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Questions' }).click()
  await page.getByRole('heading', { name: 'Check' }).waitFor()
}

async function ask(page: Page, scope: string, principal: string, operations: readonly string[]): Promise<void> {
  await page.getByLabel('Scope', { exact: true }).selectOption(scope)
  await page.getByLabel('Principal (SID or account)').fill(principal)
  await page.getByLabel('Operations').selectOption([...operations])
  await page.getByRole('button', { name: 'Check', exact: true }).last().click()
}

/** An attribute of each element a locator finds, in order. */
async function attributes(items: Locator, name: string): Promise<(string | null)[]> {
  const out: (string | null)[] = []
  for (let i = 0; i < (await items.count()); i++) out.push(await items.nth(i).getAttribute(name))
  return out
}

/** The texts a chain should show, in order, from a proof entry of the API. */
function expectedChain(grant: Grant): string[] {
  const member = grant.member.map((m) => (m.type === 'sid' ? (m.sid ?? '') : (m.name ?? '')))
  const path = grant.path.map((p) => (p.type === 'operation' ? `${p.id} ${p.name}` : (p.name ?? '')))
  return [...member, grant.roleAssignment.name, ...path]
}

t.test('check: a granted operation shows its path and group chain; each object links to the tree', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const api = json<{ results: { decision: string; because: Grant[] }[] }>(
    await server.request({ method: 'GET', url: `/stores/delegated/applications/${APP_PATH}/scopes/Lab%20VMs/access?sid=${OPERATOR}&operation=315`, as: 'reader' }),
  )
  const grant = api.results[0]?.because[0]
  t.equal(api.results[0]?.decision, 'granted', 'the API grants 315 to 1105 in Lab VMs')
  t.ok(grant, 'with a proof')
  if (grant === undefined) return
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAt(page, server, server.tokens.reader)
  await ask(page, 'Lab VMs', OPERATOR, ['315'])
  const result = page.getByRole('article', { name: 'Operation 315 Start Virtual Machine' })
  await result.waitFor()
  t.equal(await result.getAttribute('data-decision'), 'granted')
  t.same(await seriousViolations(page), [], 'axe-core: no serious or critical violation with a proof shown')
  t.match(await result.getByRole('heading').textContent(), /315 Start Virtual Machine: granted/)
  const chain = result.getByRole('list', { name: 'Proof path through role assignment VM Operators (Lab VMs)' }).first()
  const boxes = chain.locator(':scope > li')
  const kinds = await attributes(boxes, 'data-kind')
  t.same(kinds, ['principal', 'group', 'role-assignment', 'role-definition', 'task', 'task', 'operation'], 'principal → group → role assignment → role definition → tasks → operation')
  const texts: string[] = []
  for (let i = 0; i < (await boxes.count()); i++) texts.push(((await boxes.nth(i).locator('button, .sid').first().textContent()) ?? '').trim())
  const expected = expectedChain(grant)
  t.same(texts, expected, 'the chain shows the API proof, in order')
  t.same(expected.slice(1, 4), ['VM Operators', 'VM Operators (Lab VMs)', 'VM Operator (Lab VMs)'], 'through the application group VM Operators and its role assignment and definition')
  t.equal(expected.at(-1), '315 Start Virtual Machine')
  t.equal(await result.locator('ol.chain[aria-label="Proof path through role assignment VM Operators (Lab VMs)"]').count(), 1, 'drawn as an ordered list')
  await chain.getByRole('button', { name: 'VM Operators', exact: true }).click()
  const tree = page.getByRole('navigation', { name: 'Store tree' })
  await tree.waitFor()
  t.equal(await tree.locator('button.node[aria-current="true"]').textContent(), 'VM Operators', 'the group link opens the tree at the group')
  t.match(await page.locator('.details').textContent(), /VM Operators/)
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
})

t.test('check: a denied operation lists the nearest misses the API gives', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const api = json<{ results: { decision: string; whyNot: { misses: { type: string; roleAssignment: { name: string } }[] } }[] }>(
    await server.request({ method: 'GET', url: `/stores/delegated/applications/${APP_PATH}/scopes/Production%20VMs/access?sid=${OPERATOR}&operation=315&whyNot=5`, as: 'reader' }),
  )
  const misses = api.results[0]?.whyNot.misses ?? []
  t.equal(api.results[0]?.decision, 'denied')
  t.ok(misses.length >= 2, `the API gives near misses (${misses.length})`)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAt(page, server, server.tokens.reader)
  await ask(page, 'Production VMs', OPERATOR, ['315'])
  const result = page.getByRole('article', { name: 'Operation 315 Start Virtual Machine' })
  await result.waitFor()
  t.equal(await result.getAttribute('data-decision'), 'denied')
  t.same(await seriousViolations(page), [], 'axe-core: no serious or critical violation with why-not shown')
  const items = result.getByRole('region', { name: 'Why not' }).locator('ol.misses > li')
  t.equal(await items.count(), misses.length, 'one entry per near miss')
  t.same(
    await attributes(items, 'data-type'),
    misses.map((m) => m.type),
    'in the API order, of its kinds',
  )
  const first = items.first()
  t.match(await first.textContent(), /Role assignment "Administrator" \(application level\) reaches the operation but does not hold this principal/)
  t.match(await first.textContent(), /BUILTIN\\Administrators/, 'with who would get it, by name')
  t.match(await items.nth(misses.length - 1).textContent(), /Scope "Lab VMs" grants it/)
  t.same(trouble, { errors: [], dialogs: [] })
})

t.test('who can and what can show what the API answers', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const whoCan = json<{ principals: { sid: string; decision: string }[] }>(
    await server.request({ method: 'GET', url: `/stores/delegated/applications/${APP_PATH}/scopes/Lab%20VMs/who-can?operation=315`, as: 'reader' }),
  )
  const whatCan = json<{ scopes: { scope: string | null; granted: { operation: { id: number } }[]; conditional: unknown[] }[] }>(
    await server.request({ method: 'GET', url: `/stores/delegated/applications/${APP_PATH}/what-can?sid=${OPERATOR}`, as: 'reader' }),
  )
  t.ok(whoCan.principals.length >= 2, `who-can lists principals (${whoCan.principals.length})`)
  t.ok(
    whoCan.principals.some((p) => p.sid === OPERATOR),
    'including 1105 (through VM Operators)',
  )
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  await signInAt(page, server, server.tokens.reader)
  await page.getByRole('group', { name: 'Question' }).getByRole('button', { name: 'Who can' }).click()
  await page.getByLabel('Scope', { exact: true }).selectOption('Lab VMs')
  await page.getByLabel('Operation', { exact: true }).selectOption('315')
  await page.getByRole('button', { name: 'Ask who can' }).click()
  const who = page.getByRole('region', { name: 'Who-can answer' }).locator('li.who')
  await who.first().waitFor()
  t.same(
    await attributes(who, 'data-sid'),
    whoCan.principals.map((p) => p.sid),
    'the same principals as the API, in its order',
  )
  t.same(
    await attributes(who, 'data-decision'),
    whoCan.principals.map((p) => p.decision),
    'with the same decisions',
  )
  t.match(await who.filter({ hasText: OPERATOR }).textContent(), /granted \(through VM Operators \(Lab VMs\)\)/)

  await page.getByRole('group', { name: 'Question' }).getByRole('button', { name: 'What can' }).click()
  await page.getByLabel('Principal (SID or account)').fill(OPERATOR)
  await page.getByRole('button', { name: 'Ask what it can do' }).click()
  const answer = page.getByRole('region', { name: 'What-can answer' })
  await answer.waitFor()
  const sections = answer.locator('section.scope-access')
  t.equal(await sections.count(), whatCan.scopes.length, 'a section per scope (and the application level)')
  const lab = whatCan.scopes.find((s) => s.scope === 'Lab VMs')
  const labRows = answer.getByRole('region', { name: 'Scope Lab VMs' }).locator('tbody tr')
  t.equal(await labRows.count(), (lab?.granted.length ?? 0) + (lab?.conditional.length ?? 0), 'every operation the API lists in Lab VMs')
  t.ok((lab?.granted.length ?? 0) > 0)
  const start = answer.getByRole('region', { name: 'Scope Lab VMs' }).locator('tr[data-operation="315"]')
  t.match(await start.textContent(), /Start Virtual Machine.*granted.*VM Operators \(Lab VMs\)/, '315 granted through VM Operators (Lab VMs)')
  const prod = answer.getByRole('region', { name: 'Scope Production VMs' }).locator('tr[data-operation="315"]')
  t.equal(await prod.count(), 0, 'and not in Production VMs')
  t.same(trouble, { errors: [], dialogs: [] })
})
