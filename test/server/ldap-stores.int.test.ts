import { join } from 'node:path'
import t from 'tap'
import { serverConfig } from '../../src/service-config/server-config.js'
import { ldapSettings } from '../../src/ldap/settings.js'
import { dcEnv, removeAtEnd, storeUrl, uniqueStoreDn } from '../support/ad-store.js'
import { ensureDc } from '../support/samba-dc.js'
import { runCli } from '../cli/run-cli.js'
import { APP_PATH, json, sample, testServer } from './support.js'
import type { HostReport } from '../../src/host/check/host-report.js'
import { factsOf } from '../host/fleet/fleet-fixtures.js'

// The REST service on an msldap:// store of the Samba test DC, with credentials from the environment as `azman serve` takes them.

t.test('a served msldap:// store: reads, access checks, a write and its journal', async (t) => {
  const dc = await ensureDc()
  const dn = uniqueStoreDn(dc, 'rest')
  removeAtEnd(t, dc, dn)
  const url = storeUrl(dc, dn)
  t.equal((await runCli(['copy', sample('hyperv-2008r2.xml'), url], dcEnv(dc))).code, 0)
  const journal = join(t.testdir({}), 'ad-journal.jsonl')
  const s = await testServer(t, { stores: { lab: 'hyperv-2008r2.xml' }, config: { stores: [{ name: 'ad', ref: url }], storeOptions: { ldap: ldapSettings({}, dcEnv(dc)), journal } } })

  const shown = await s.request({ method: 'GET', url: '/stores/ad', as: 'reader' })
  t.equal(shown.statusCode, 200, shown.body.slice(0, 300))
  t.match(shown.headers.etag, /^"ad:usn=\d+:n=\d+:[0-9a-f]{32}"$/, 'the AD version is the entity tag')
  const access = await s.request({ method: 'GET', url: `/stores/ad/applications/${APP_PATH}/access?sid=S-1-5-32-544&operation=315`, as: 'reader' })
  t.equal(access.statusCode, 200)
  t.match(json(access), { results: [{ decision: 'granted' }] })

  const write = await s.request({ method: 'POST', url: '/stores/ad/changes', payload: { changes: [{ type: 'create-scope', app: 'Hyper-V services', name: 'Over REST' }] } })
  t.equal(write.statusCode, 200, write.body.slice(0, 300))
  t.match(json(write), { written: true, before: /^ad:/, after: /^ad:/ })
  const history = json<{ entries: { id: string }[] }>(await s.request({ method: 'GET', url: '/stores/ad/history', as: 'reader' }))
  t.equal(history.entries.length, 1, 'journaled in the --journal file')
  const exported = await runCli(['export', url, '--json'], dcEnv(dc))
  t.match(exported.stdout, /"Over REST"/, 'the scope is in the directory')

  // A host whose StoreLocation is this msldap:// store: compared by the store's URL, not by its name on the server.
  const facts = { ...factsOf('HV01'), store: { kind: 'msldap', location: url }, virtualization: { ...factsOf('HV01').virtualization, storeLocation: url } }
  const same = await s.request({ method: 'POST', url: '/stores/ad/host-checks', payload: { facts }, as: 'auditor' })
  t.equal(same.statusCode, 200, same.body.slice(0, 300))
  t.same(codes(json<HostReport>(same), 'HOST_STORE_NOT_READ'), [], 'the host reads this AD store')
  const otherUrl = url.replace(/CN=([^,]+),/, 'CN=$1-other,')
  const other = { ...facts, store: { kind: 'msldap', location: otherUrl }, virtualization: { ...facts.virtualization, storeLocation: otherUrl } }
  const differs = json<HostReport>(await s.request({ method: 'POST', url: '/stores/ad/host-checks', payload: { facts: other }, as: 'auditor' }))
  t.equal(codes(differs, 'HOST_STORE_NOT_READ').length, 1, 'a host reading another AD store')
  t.notMatch(JSON.stringify(differs), /password|AZMAN_LDAP_PASSWORD/i, 'no credentials in the report')
})

function codes(report: HostReport, code: string): string[] {
  return report.findings.filter((f) => f.code === code).map((f) => f.message)
}

t.test('serve refuses one --journal for several AD stores', async (t) => {
  const config = () =>
    serverConfig({
      stores: [
        { name: 'a', ref: 'msldap://dc1/CN=A,DC=x' },
        { name: 'b', ref: 'msldap://dc1/CN=B,DC=x' },
      ],
      tokensFile: 'tokens.json',
      storeOptions: { journal: 'j.jsonl' },
    })
  t.throws(config, { code: 'AZMAN_ERR_USAGE', message: /--journal journals one msldap:\/\/ store/ })
})
