import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parseNamesText } from '../../src/directory/names-file.js'
import { readConfigFile } from '../../src/service-config/config-file.js'
import { resolveServiceConfig } from '../../src/service-config/resolve-service-config.js'
import { APP_PATH, assertProblem, json, testServer } from './support.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330'
const TABLE = parseNamesText(`SID,NTAccount\n${D}-1105,CONTOSO\\alice\n${D}-1108,CONTOSO\\helpdesk\n`, 'names.csv')

interface TokenAnswer {
  readonly sids: readonly string[]
  readonly tokenNote?: string
}

t.test('REST: the configured names table names SIDs in who-can, check, what-can and audits', async (t) => {
  const server = await testServer(t, { stores: { delegated: 'hyperv-2008r2-delegated.xml' }, config: { names: TABLE } })
  const whoCan = json<{ principals: { sid: string; name: string | null }[] }>(await server.request({ url: `/stores/delegated/applications/${APP_PATH}/who-can?operation=100`, as: 'reader' }))
  t.ok(whoCan.principals.some((p) => p.sid === `${D}-1108` && p.name === 'CONTOSO\\helpdesk'))
  t.ok(whoCan.principals.some((p) => p.sid === `${D}-1105` && p.name === 'CONTOSO\\alice'))
  const whatCan = await server.request({ url: `/stores/delegated/applications/${APP_PATH}/what-can?sid=${D}-1105`, as: 'reader' })
  t.equal(whatCan.statusCode, 200)
  t.match(whatCan.body, '"name":"CONTOSO\\\\alice"')
  const audit = await server.request({ method: 'POST', url: '/stores/delegated/audit', as: 'auditor', payload: { templates: ['hyperv-manager-connect'] } })
  t.equal(audit.statusCode, 200)
  t.match(audit.body, '"name":"CONTOSO\\\\helpdesk"')
})

t.test('REST: tokenNote on a token of SIDs; withWellKnown=true adds the logon SIDs', async (t) => {
  const server = await testServer(t, { stores: { delegated: 'hyperv-2008r2-delegated.xml' } })
  const path = server.paths.delegated ?? ''
  writeFileSync(path, readFileSync(path, 'utf8').replace(`<Member>${D}-1120</Member></AzRole>`, `<Member>${D}-1120</Member><Member>S-1-1-0</Member></AzRole>`))
  const base = `/stores/delegated/applications/${APP_PATH}`
  const only = json<TokenAnswer & { scopes: { scope: string | null; granted: unknown[] }[] }>(await server.request({ url: `${base}/what-can?sid=${D}-1105`, as: 'reader' }))
  t.match(only.tokenNote, /^note: the token holds only the SIDs given: .*over REST withWellKnown=true, adds them\)/)
  t.equal(only.scopes.find((s) => s.scope === 'Production VMs')?.granted.length, 2)
  const logon = json<TokenAnswer & { scopes: { scope: string | null; granted: unknown[] }[] }>(await server.request({ url: `${base}/what-can?sid=${D}-1105&withWellKnown=true`, as: 'reader' }))
  t.same(logon.sids, [`${D}-1105`, 'S-1-1-0', 'S-1-5-11', 'S-1-5-32-545'])
  t.equal(logon.scopes.find((s) => s.scope === 'Production VMs')?.granted.length, 9, 'what Everyone holds appears')
  const check = json<TokenAnswer & { results: { decision: string }[] }>(
    await server.request({ url: `/stores/delegated/applications/${APP_PATH}/scopes/Production%20VMs/access?sid=${D}-1105&operation=335&withWellKnown=true`, as: 'reader' }),
  )
  t.match(check, { results: [{ decision: 'granted' }], tokenNote: /Everyone/ })
  assertProblem(t, await server.request({ url: `${base}/what-can?sid=${D}-1105&withWellKnown=maybe`, as: 'reader' }), 400, 'AZMAN_ERR_REQUEST_INVALID')
})

t.test('config: "names" in the config file, relative to it; --names / AZMAN_NAMES win; a bad one stops the start', async (t) => {
  const dir = t.testdir({
    'names.csv': `SID,Name\n${D}-1105,from-config\n`,
    'bad.csv': 'SID,Name\nnope,x\n',
    'serve.json': JSON.stringify({ stores: { lab: 'lab.xml' }, tokens: 'tokens.json', names: 'names.csv' }),
    'bad.json': JSON.stringify({ stores: { lab: 'lab.xml' }, tokens: 'tokens.json', names: 'bad.csv' }),
    'wrong.json': JSON.stringify({ names: 5 }),
  })
  t.match(await readConfigFile(join(dir, 'serve.json')), { namesFile: join(dir, 'names.csv') })
  const notice = (): void => {}
  const fromFile = await resolveServiceConfig({ flags: { config: join(dir, 'serve.json') }, storeOptions: {}, notice })
  t.same([...(fromFile.config.names?.names ?? [])], [[`${D}-1105`, 'from-config']])
  const flagWins = await resolveServiceConfig({ flags: { config: join(dir, 'serve.json') }, storeOptions: {}, names: TABLE, notice })
  t.equal(flagWins.config.names, TABLE)
  await t.rejects(resolveServiceConfig({ flags: { config: join(dir, 'bad.json') }, storeOptions: {}, notice }), { code: 'AZMAN_ERR_NAMES_FILE', message: /bad\.csv, line 2: "nope" is not a SID/ })
  await t.rejects(readConfigFile(join(dir, 'wrong.json')), { code: 'AZMAN_ERR_USAGE', message: /"names" must be a file path/ })
})
