import t from 'tap'
import { openDirectory } from '../../src/directory/open-directory.js'
import { UnsupportedStoreError } from '../../src/errors/input-errors.js'
import { parseDirectoryUrl, storeDirectoryTarget } from '../../src/ldap/directory-url.js'
import { parseMsldapUrl } from '../../src/ldap/msldap-url.js'
import { ldapSettings } from '../../src/ldap/settings.js'
import { LdapStore } from '../../src/store/ldap/ldap-store.js'

const none = ldapSettings({}, {})
const withDirectory = ldapSettings({ directoryUrl: 'ldaps://dc2.example.com' }, {})
const STORE = 'msldap://CN=Store,CN=Program Data,DC=example,DC=com'

t.test('an AD store names its DC: its URL host first, then the configured directory', async (t) => {
  t.same(storeDirectoryTarget(parseMsldapUrl('msldap://dc1.example.com:3269/CN=S,DC=example,DC=com'), withDirectory, 'x'), { host: 'dc1.example.com', port: 3269, tls: 'starttls' })
  t.same(storeDirectoryTarget(parseMsldapUrl(STORE), withDirectory, 'x'), parseDirectoryUrl('ldaps://dc2.example.com'))
  t.throws(
    () => storeDirectoryTarget(parseMsldapUrl(STORE), none, 'the store'),
    new UnsupportedStoreError(`the store names no domain controller: write msldap://dc.example.com/CN=Store,CN=Program Data,DC=example,DC=com, or set AZMAN_LDAP_URL (--directory) to the DC`),
  )
})

t.test('openDirectory and LdapStore.target() agree (openDirectory no longer builds an LdapStore)', async (t) => {
  for (const settings of [withDirectory, none]) {
    for (const ref of [STORE, 'msldap://dc1.example.com/CN=S,DC=example,DC=com']) {
      let viaStore: unknown
      let viaOpen: unknown
      try {
        viaStore = new LdapStore(ref, settings).target()
      } catch (e) {
        viaStore = e
      }
      try {
        viaOpen = openDirectory(ref, { ldap: settings })?.target
      } catch (e) {
        viaOpen = e
      }
      t.same(viaOpen, viaStore, `${ref}, ${settings.directoryUrl ?? 'no directory'}`)
    }
  }
  t.equal(openDirectory('store.xml', { ldap: none }), undefined, 'an XML store and no directory: none')
})
