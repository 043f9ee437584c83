import t from 'tap'
import { launchBrowser, newPage, skipWithoutChromium } from './browser.js'
import { consoleServer } from './console-server.js'

t.test('sign in with a token: the store tree appears; the token stays out of URLs and local storage', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const browser = await launchBrowser(t)
  const { page, trouble } = await newPage(browser)
  const requested: string[] = []
  page.on('request', (r) => requested.push(r.url()))
  const response = await page.goto(server.url)
  t.equal(response?.status(), 200)
  const headers = response?.headers() ?? {}
  t.match(headers['content-security-policy'], /script-src 'self'/)
  t.match(headers['content-security-policy'], /frame-ancestors 'none'/)
  t.equal(headers['x-content-type-options'], 'nosniff')
  await page.getByLabel('API token').fill(server.tokens.operator)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Store tree' }).waitFor()
  t.ok(await page.getByRole('button', { name: 'Hyper-V services', exact: true }).isVisible(), 'the application is in the tree')
  t.match(await page.locator('.who').textContent(), /olga-operator \(operator\)/)
  t.same(await page.evaluate<string[]>('Object.keys(localStorage)'), [], 'nothing in local storage')
  t.equal(requested.filter((u) => u.includes(server.tokens.operator)).length, 0, `no URL carries the token (${requested.length} requests)`)
  t.same(trouble, { errors: [], dialogs: [] }, 'no script error, CSP violation or dialog')
  t.notMatch(server.logs(), server.tokens.operator, 'the token is not logged')
})

t.test('a wrong token is refused and said so', { skip: skipWithoutChromium }, async (t) => {
  const server = await consoleServer(t)
  const browser = await launchBrowser(t)
  const { page } = await newPage(browser)
  await page.goto(server.url)
  await page.getByLabel('API token').fill('not-a-token')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const alert = page.getByRole('alert')
  await alert.waitFor()
  t.match(await alert.textContent(), /401 AZMAN_ERR_UNAUTHENTICATED/)
  t.same(await page.evaluate<string[]>('Object.keys(sessionStorage)'), [], 'a refused token is not kept')
})
