import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { serverConfig, type ServerConfig } from '../../src/service-config/server-config.js'
import { startServer } from '../../src/server/start-server.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { dcSettings } from '../support/ad-store.js'
import { ensureDc, type TestDc } from '../support/samba-dc.js'
import { APP_PATH, sample } from './support.js'

// Accounts over REST, for real over HTTP on a loopback port: the service resolves `{"account": "AZLAB\\alice"}`
// through the directory of its configuration (here the Samba test DC), as the CLI does with --directory.

const APP = `/stores/lab/applications/${APP_PATH}`

interface Served {
  readonly store: string
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>
}

/** A started server on a copy of a sample store, with an operator token; `storeOptions` says whether it has a directory. */
async function served(t: Test, storeOptions: ServerConfig['storeOptions'] = {}): Promise<Served> {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const tokensFile = join(dir, 'tokens.json')
  const { token } = await addToken(tokensFile, 'olga', 'operator')
  const config = serverConfig({ host: '127.0.0.1', port: 0, stores: [{ name: 'lab', ref: store }], tokensFile, rateLimit: false, readCacheMs: 0, storeOptions })
  const { app, url } = await startServer(config, { logLevel: 'silent' })
  t.teardown(() => app.close())
  return {
    store,
    async call(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    },
  }
}

function withDirectory(dc: TestDc): ServerConfig['storeOptions'] {
  return { ldap: dcSettings(dc, { directoryUrl: `ldap://${dc.host}:${dc.port}` }) }
}

const members = (store: string): readonly string[] => parseXmlStore(readFileSync(store), store).policy.applications[0]?.roleAssignments.find((r) => r.name === 'Administrator')?.members ?? []

t.test('with a directory: members, change sets, check and what-can take accounts', async (t) => {
  const dc = await ensureDc()
  const s = await served(t, withDirectory(dc))
  const alice = dc.sids.alice ?? 'x'

  const added = await s.call('POST', `${APP}/role-assignments/Administrator/members`, { members: [{ account: 'AZLAB\\alice' }] })
  t.equal(added.status, 200, JSON.stringify(added.body).slice(0, 300))
  t.ok(members(s.store).includes(alice), "alice's SID is in the file")

  const changeSet = { changes: [{ type: 'add-role-assignment-members', app: 'Hyper-V services', roleAssignment: 'Administrator', members: [{ account: 'bob@azlab.test' }] }] }
  const planned = await s.call('POST', '/stores/lab/plan', changeSet)
  t.equal(planned.status, 200, JSON.stringify(planned.body).slice(0, 300))
  const applied = await s.call('POST', '/stores/lab/changes', changeSet)
  t.equal(applied.status, 200, JSON.stringify(applied.body).slice(0, 300))
  t.ok(members(s.store).includes(dc.sids.bob ?? 'x'), "a change set's account member becomes bob's SID")

  const undelegated = await s.call('DELETE', `${APP}/delegations`, { members: [{ account: 'AZLAB\\bob' }] })
  t.equal(undelegated.status, 200, JSON.stringify(undelegated.body).slice(0, 300))
  t.notOk(members(s.store).includes(dc.sids.bob ?? 'x'), 'undelegating an account takes its SID out')

  const check = await s.call('GET', `${APP}/access?account=${encodeURIComponent('AZLAB\\alice')}&operation=315&explain=true`)
  t.equal(check.status, 200, JSON.stringify(check.body).slice(0, 300))
  t.same(check.body.account, { sid: alice, name: 'AZLAB\\alice' }, 'the account as the directory resolved it')
  const sids = check.body.sids as string[]
  t.ok(sids.includes(alice) && sids.includes('S-1-1-0') && sids.includes('S-1-5-11') && sids.includes(dc.sids['Lab Operators'] ?? 'x'), 'her Windows token: her groups, Everyone, Authenticated Users')
  t.match(check.body.results, [{ decision: 'granted', because: [{ member: [{ sid: alice, name: 'AZLAB\\alice' }] }] }], 'granted, and the member named by the directory')
  const carol = await s.call('GET', `${APP}/access?account=${encodeURIComponent('AZLAB\\carol')}&operation=315`)
  t.match(carol.body.results, [{ decision: 'denied' }], 'carol is not a member')

  const whatCan = await s.call('GET', `${APP}/what-can?account=${encodeURIComponent('AZLAB\\alice')}`)
  t.equal(whatCan.status, 200, JSON.stringify(whatCan.body).slice(0, 300))
  t.same(whatCan.body.account, { sid: alice, name: 'AZLAB\\alice' })
  const granted = (whatCan.body.scopes as { scope: string | null; granted: { operation: { id: number } }[] }[]).find((scope) => scope.scope === null)?.granted ?? []
  t.ok(
    granted.some((g) => g.operation.id === 315),
    'what-can: alice may start virtual machines through the Administrator role assignment',
  )

  const unknown = await s.call('GET', `${APP}/access?account=${encodeURIComponent('AZLAB\\nobody')}&operation=315`)
  t.match(unknown, { status: 404, body: { code: 'AZMAN_ERR_NOT_FOUND' } }, 'an account the directory does not know: a query changes nothing, so it is not found (not an invalid change)')
  const neither = await s.call('GET', `${APP}/access?operation=315`)
  t.match(neither, { status: 400, body: { code: 'AZMAN_ERR_USAGE', detail: /give the token with "sid".* or "account"/ } })
})

t.test('without a directory: domain accounts are refused with how to configure one', async (t) => {
  const s = await served(t)
  const refused = [
    await s.call('POST', `${APP}/role-assignments/Administrator/members`, { members: [{ account: 'AZLAB\\alice' }] }),
    await s.call('POST', '/stores/lab/changes', {
      changes: [{ type: 'add-role-assignment-members', app: 'Hyper-V services', roleAssignment: 'Administrator', members: [{ account: 'AZLAB\\alice' }] }],
    }),
  ]
  // A query changes nothing: an account it cannot resolve is not found (404), never an invalid change.
  const notFound = [
    await s.call('GET', `${APP}/access?account=${encodeURIComponent('AZLAB\\alice')}&operation=315`),
    await s.call('GET', `${APP}/what-can?account=${encodeURIComponent('AZLAB\\alice')}`),
  ]
  const detail = /this service has no directory configured \(name a domain controller in its configuration: "directory" in its config file, or AZMAN_LDAP_URL where it starts\)/
  for (const [status, code, answers] of [
    [400, 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT', refused],
    [404, 'AZMAN_ERR_NOT_FOUND', notFound],
  ] as const) {
    for (const r of answers) {
      t.match(r, { status, body: { code, detail } })
      t.notMatch(String(r.body.detail), /pass --directory/)
    }
  }
  const wellKnown = await s.call('GET', `${APP}/access?account=${encodeURIComponent('BUILTIN\\Administrators')}&operation=315`)
  t.match(wellKnown, { status: 200, body: { sids: ['S-1-5-32-544'], results: [{ decision: 'granted' }] } }, 'well-known names need no directory')
})
