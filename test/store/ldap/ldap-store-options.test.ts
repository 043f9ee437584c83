import t from 'tap'
import { LdapStore } from '../../../src/store/ldap/ldap-store.js'
import { ldapSettings } from '../../../src/ldap/settings.js'

const URL = 'msldap://dc.example.test/CN=Store,CN=Program Data,DC=example,DC=test'

// Regression: a test once handed `journal: false` through an options spread, and the archives of
// its writes landed in a folder named `false.versions/` in the working directory (the checkout).
t.test('a journal must be an absolute path: no stray value or relative path decides where writes are archived', async (t) => {
  const settings = ldapSettings({}, {})
  const refused: unknown[] = [false, true, 0, null, 'journal.jsonl', './j.jsonl', '']
  for (const journal of refused) {
    t.throws(
      () => new LdapStore(URL, settings, URL, { journal: journal as string }),
      { name: 'TypeError', message: /LdapStoreOptions\.journal must be an absolute file path/ },
      `refuses ${JSON.stringify(journal)}`,
    )
  }
  t.equal(refused.length, 7, 'every stray value was tried')
  t.doesNotThrow(() => new LdapStore(URL, settings, URL, { journal: '/var/lib/azman/journal.jsonl' }), 'an absolute path is taken')
  t.doesNotThrow(() => new LdapStore(URL, settings, URL, {}), 'no journal is taken')
})
