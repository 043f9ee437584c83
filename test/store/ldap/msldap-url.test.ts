import t from 'tap'
import { parseDirectoryUrl } from '../../../src/ldap/directory-url.js'
import { parseMsldapUrl } from '../../../src/ldap/msldap-url.js'

t.test('msldap:// URLs in every form AzMan documents', async (t) => {
  t.same(parseMsldapUrl('msldap://dc1.lab.test/CN=Store,CN=Program Data,DC=lab,DC=test'), { host: 'dc1.lab.test', port: 389, tls: 'starttls', dn: 'CN=Store,CN=Program Data,DC=lab,DC=test' })
  t.same(parseMsldapUrl('MSLDAP://dc1:636//CN=Store,DC=lab,DC=test'), { host: 'dc1', port: 636, tls: 'ldaps', dn: 'CN=Store,DC=lab,DC=test' }, 'two slashes, upper-case scheme, LDAPS port')
  t.same(
    parseMsldapUrl('msldap://CN=MyStore, CN=Program Data,DC=authmanager,DC=com'),
    { port: 389, tls: 'starttls', dn: 'CN=MyStore, CN=Program Data,DC=authmanager,DC=com' },
    'no host: the DN follows directly',
  )
  t.same(
    parseMsldapUrl('msldap://127.0.0.1:3890/CN=My%20Store,DC=x'),
    { host: '127.0.0.1', port: 3890, tls: 'starttls', dn: 'CN=My Store,DC=x' },
    'percent-escapes decoded; any other port is StartTLS',
  )
  t.same(parseMsldapUrl('msldap://[::1]:636/CN=S,DC=x'), { host: '::1', port: 636, tls: 'ldaps', dn: 'CN=S,DC=x' })
  t.same(parseMsldapUrl('ldaps://dc/CN=S,DC=x'), { host: 'dc', port: 636, tls: 'ldaps', dn: 'CN=S,DC=x' })
})

t.test('malformed URLs are refused with an example', async (t) => {
  for (const bad of ['msldap://', 'msldap://dc1', 'msldap://dc1/', 'msldap://dc1:99999/CN=S,DC=x', 'msldap://dc1/not a dn', 'msldap://dc1/CN=S%zz', 'msldap://bad host/CN=S,DC=x', 'http://x/CN=S']) {
    t.throws(() => parseMsldapUrl(bad), { code: 'AZMAN_ERR_STORE_UNSUPPORTED', exitCode: 2, message: /msldap:\/\/dc\.example\.com/ }, bad)
  }
})

t.test('directory URLs (--directory, AZMAN_LDAP_URL)', async (t) => {
  t.same(parseDirectoryUrl('ldaps://dc1.lab.test'), { host: 'dc1.lab.test', port: 636, tls: 'ldaps' })
  t.same(parseDirectoryUrl('ldap://dc1.lab.test'), { host: 'dc1.lab.test', port: 389, tls: 'starttls' })
  t.same(parseDirectoryUrl('dc1:636'), { host: 'dc1', port: 636, tls: 'ldaps' })
  t.same(parseDirectoryUrl('msldap://127.0.0.1:389/'), { host: '127.0.0.1', port: 389, tls: 'starttls' })
  t.throws(() => parseDirectoryUrl('ldap://dc1/CN=x'), { code: 'AZMAN_ERR_STORE_UNSUPPORTED' })
  t.throws(() => parseDirectoryUrl('ldap://dc1:0'), { code: 'AZMAN_ERR_STORE_UNSUPPORTED' })
})
