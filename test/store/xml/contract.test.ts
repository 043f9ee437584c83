import { join } from 'node:path'
import t from 'tap'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { storeContract } from '../contract.js'

storeContract(t, {
  fresh: async (t) => new XmlStore(join(t.testdir(), 'store.xml')),
})
