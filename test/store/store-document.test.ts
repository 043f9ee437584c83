import { readFileSync } from 'node:fs'
import t from 'tap'
import { openStore } from '../../src/store/open-store.js'
import { storeDocument } from '../../src/store/port.js'
import { sample } from '../cli/run-cli.js'

// The document capability of the store port: what copy and the CLI's store loading ask for instead of the adapter's class.

t.test('an XML store is a document: its bytes as they are; an AD store is not', async (t) => {
  const document = storeDocument(openStore(sample('hyperv-2008r2.xml')))
  t.ok(document, 'an XML file is a document')
  t.same(Buffer.from((await document?.bytes()) ?? []), readFileSync(sample('hyperv-2008r2.xml')), 'byte for byte')
  t.equal(storeDocument(openStore('msldap://dc1.example.com/CN=Store,CN=Program Data,DC=example,DC=com')), undefined, 'an AD store has no document')
})
