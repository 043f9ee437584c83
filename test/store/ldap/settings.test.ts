import { inspect } from 'node:util'
import t from 'tap'
import { ldapSettings, Secret } from '../../../src/ldap/settings.js'

t.test('flags first, then the environment', async (t) => {
  const env = {
    AZMAN_LDAP_USER: 'LAB\\env',
    AZMAN_LDAP_PASSWORD: 'env-pass',
    AZMAN_LDAP_CA: '/ca.pem',
    AZMAN_LDAP_TLS_SERVERNAME: 'dc1.lab.test',
    AZMAN_LDAP_URL: 'ldaps://dc1',
    AZMAN_LDAP_INSECURE: 'yes',
  }
  const fromEnv = ldapSettings({}, env)
  t.match(fromEnv, { user: 'LAB\\env', caFile: '/ca.pem', tlsServerName: 'dc1.lab.test', directoryUrl: 'ldaps://dc1', insecure: true })
  t.equal(fromEnv.password?.reveal(), 'env-pass')
  const fromFlags = ldapSettings({ user: 'LAB\\flag', password: 'flag-pass', caFile: '/other.pem' }, env)
  t.match(fromFlags, { user: 'LAB\\flag', caFile: '/other.pem' })
  t.equal(fromFlags.password?.reveal(), 'flag-pass')
  t.same(ldapSettings({}, { AZMAN_LDAP_USER: '', AZMAN_LDAP_INSECURE: '0' }), {}, 'empty values and a false flag count as unset')
})

t.test('a password never shows in JSON, strings or inspection', async (t) => {
  const settings = ldapSettings({ user: 'u', password: 'Sup3r-Secret!' }, {})
  // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- a Secret in a template literal is the case under test
  const shown = [JSON.stringify(settings), String(settings.password), inspect(settings, { depth: 5, showHidden: true }), `${new Secret('Sup3r-Secret!')}`]
  for (const text of shown) t.notMatch(text, /Sup3r-Secret/, text)
})
