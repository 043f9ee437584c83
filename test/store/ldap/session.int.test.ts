import { createServer } from 'node:net'
import t from 'tap'
import { filter } from '../../../src/ldap/filter.js'
import { LdapSession, type DirectoryTarget } from '../../../src/ldap/session.js'
import { Secret } from '../../../src/ldap/settings.js'
import { dcSettings } from '../../support/ad-store.js'
import { closeServer, listenOnLoopback } from '../../support/loopback.js'
import { ensureDc } from '../../support/samba-dc.js'

// Against the Samba AD DC the suite starts on loopback (test/support/samba-dc.ts): its certificate
// is issued by its own CA, for DC1.azlab.test, and it is reached by IP.

const WRONG = 'Wrong-Passw0rd-!x'

t.test('StartTLS and LDAPS both work with the CA and the certificate name given', async (t) => {
  const dc = await ensureDc()
  for (const target of [
    { host: dc.host, port: dc.port, tls: 'starttls' },
    { host: dc.host, port: dc.ldapsPort, tls: 'ldaps' },
  ] satisfies DirectoryTarget[]) {
    const s = await LdapSession.open(target, dcSettings(dc))
    const [root] = await s.search('', { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['defaultNamingContext'] })
    t.same(root?.text.get('defaultnamingcontext'), [dc.baseDn], target.tls)
    t.equal(s.requests, target.tls === 'starttls' ? 3 : 2, 'requests counted')
    await s.close()
  }
})

t.test('wrong credentials: a clear error that names the account and never the password', async (t) => {
  const dc = await ensureDc()
  const error = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc, { password: new Secret(WRONG) })).then(
    () => undefined,
    (e: unknown) => e as Error & { code: string; exitCode: number },
  )
  t.match(error, { code: 'AZMAN_ERR_LDAP_AUTH', exitCode: 2, message: /refused the credentials of AZLAB\\Administrator/ })
  t.notMatch(`${error?.message} ${error?.stack} ${JSON.stringify(error)}`, new RegExp(WRONG.replace(/[!-]/g, '.')), 'the password appears nowhere in the error')
  await t.rejects(LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, { caFile: dc.caFile, tlsServerName: dc.tlsServerName }), {
    code: 'AZMAN_ERR_LDAP_AUTH',
    message: /no credentials .*AZMAN_LDAP_USER/,
  })
})

t.test('an untrusted certificate is refused before any password is sent', async (t) => {
  const dc = await ensureDc()
  const { caFile: _ca, ...noCa } = dcSettings(dc)
  for (const target of [
    { host: dc.host, port: dc.port, tls: 'starttls' },
    { host: dc.host, port: dc.ldapsPort, tls: 'ldaps' },
  ] satisfies DirectoryTarget[]) {
    await t.rejects(LdapSession.open(target, noCa), { code: 'AZMAN_ERR_LDAP_TLS', exitCode: 2, message: /is not trusted .*--ldap-ca/ }, `${target.tls}: the system CAs do not know the DC's CA`)
  }
  await t.rejects(LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc, { caFile: `${dc.dir}/missing-ca.pem` })), {
    code: 'AZMAN_ERR_STORE_IO',
    message: /cannot read the CA file/,
  })
})

t.test('a certificate for another name is refused; AZMAN_LDAP_TLS_SERVERNAME names the one to expect', async (t) => {
  const dc = await ensureDc()
  const { tlsServerName: _name, ...byIp } = dcSettings(dc)
  await t.rejects(LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, byIp), { code: 'AZMAN_ERR_LDAP_TLS', message: /does not name 127\.0\.0\.1 .*AZMAN_LDAP_TLS_SERVERNAME/ })
  await t.rejects(LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc, { tlsServerName: 'dc2.azlab.test' })), {
    code: 'AZMAN_ERR_LDAP_TLS',
    message: /does not name dc2\.azlab\.test/,
  })
})

t.test('--ldap-insecure binds without TLS where the server allows it', async (t) => {
  const dc = await ensureDc()
  // The test DC allows plain simple binds (ldap server require strong auth = no).
  const s = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc, { insecure: true }))
  t.equal(s.requests, 1, 'just the bind: no StartTLS')
  await s.close()
})

t.test('a server that is not there, or goes away at once, is a connection error', async (t) => {
  const dc = await ensureDc()
  const closed = createServer()
  const port = await listenOnLoopback(closed)
  await closeServer(closed, [])
  await t.rejects(LdapSession.open({ host: '127.0.0.1', port, tls: 'starttls' }, dcSettings(dc)), { code: 'AZMAN_ERR_LDAP_CONNECT', exitCode: 2, message: /connection refused/ })
  const rude = createServer((socket) => socket.destroy())
  const rudePort = await listenOnLoopback(rude)
  t.teardown(() => closeServer(rude, []))
  await t.rejects(LdapSession.open({ host: '127.0.0.1', port: rudePort, tls: 'starttls' }, dcSettings(dc)), { code: 'AZMAN_ERR_LDAP_CONNECT', exitCode: 2 })
  await t.rejects(LdapSession.open({ host: 'no-such-host.invalid', port: 389, tls: 'starttls' }, dcSettings(dc)), { code: 'AZMAN_ERR_LDAP_CONNECT', message: /does not resolve/ })
})

t.test('a malformed filter is refused without sending it, and the connection stays usable', async (t) => {
  const dc = await ensureDc()
  const s = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc))
  t.teardown(() => s.close())
  const { Filter } = await import('../../../src/ldap/filter.js')
  await t.rejects(s.search(dc.baseDn, { scope: 'base', filter: new Filter('(broken'), attributes: ['1.1'] }), { code: 'AZMAN_ERR_LDAP_FILTER' })
  t.equal(s.broken, false)
  t.equal((await s.search(dc.baseDn, { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['1.1'] })).length, 1)
})
