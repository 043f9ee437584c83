import t from 'tap'
import { freshAdStore } from '../../support/ad-store.js'
import { storeContract } from '../contract.js'

// Against the Samba AD DC the suite starts on loopback (test/support/samba-dc.ts).
storeContract(t, {
  fresh: async (t) => (await freshAdStore(t, { label: 'contract' })).store,
})
