import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildServer } from '../../src/server/build-server.js'
import { CONSOLE_CSP } from '../../src/server/console/console-page.js'
import { serverConfig } from '../../src/service-config/server-config.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { sample } from './support.js'

/** A server whose console files are the given ones (or none: not built). */
async function serverWith(t: Test, files: Record<string, string> | undefined) {
  const dir = t.testdir({})
  const consoleDir = join(dir, 'console/')
  mkdirSync(consoleDir)
  for (const [name, text] of Object.entries(files ?? {})) writeFileSync(join(consoleDir, name), text)
  const tokensFile = join(dir, 'tokens.json')
  await addToken(tokensFile, 'r', 'reader')
  const app = await buildServer(serverConfig({ stores: [{ name: 'lab', ref: sample('hyperv-2008r2.xml') }], tokensFile }), { logLevel: 'silent', consoleDir })
  t.teardown(() => app.close())
  return app
}

t.test('the console page and its files: no token, strict headers, nothing else served', async (t) => {
  const app = await serverWith(t, { 'app.js': 'console.log(1)\n', 'app.css': 'body{}\n', 'secret.txt': 'not served\n' })
  const page = await app.inject({ url: '/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal(page.headers['content-security-policy'], CONSOLE_CSP)
  t.match(CONSOLE_CSP, /default-src 'none'/)
  t.notMatch(CONSOLE_CSP, /unsafe-inline|unsafe-eval/, 'no inline code, no eval')
  t.equal(page.headers['x-content-type-options'], 'nosniff')
  t.equal(page.headers['x-frame-options'], 'DENY')
  t.notMatch(page.body, /<script>|<style>| on[a-z]+=/i, 'no inline script, style or handler in the page')
  const js = await app.inject({ url: '/console/app.js' })
  t.equal(js.statusCode, 200)
  t.equal(js.body, 'console.log(1)\n')
  t.match(js.headers['content-type'], /^text\/javascript/)
  t.equal(js.headers['content-security-policy'], CONSOLE_CSP)
  const css = await app.inject({ url: '/console/app.css' })
  t.match(css.headers['content-type'], /^text\/css/)
  const cases = ['/console/secret.txt', '/console/..%2Fconsole%2Fapp.js', '/console/%2e%2e%2fpackage.json', '/console/app.js%00']
  for (const url of cases) {
    const r = await app.inject({ url })
    t.equal(r.statusCode, 404, `${url} is not served`)
    t.equal(r.json<{ code: string }>().code, 'AZMAN_ERR_NOT_FOUND')
  }
})

t.test('a console that is not built: 503 with what to run', async (t) => {
  const app = await serverWith(t, undefined)
  const r = await app.inject({ url: '/' })
  t.equal(r.statusCode, 503)
  t.match(r.json(), { code: 'AZMAN_ERR_CONSOLE_NOT_BUILT', detail: /npm run build/ })
  t.equal((await app.inject({ url: '/console/app.js' })).statusCode, 503)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'the API is served all the same')
})
