import { defaultFacts, DEFAULT_STORE_PATH, hyperVHost, storeFacts, type Fixture } from './base.js'

const { sha256: _unread, ...store } = storeFacts()

/**
 * Windows Server 2008 R2 whose store file is there but cannot be read (locked by another process, or
 * read denied): ADODB.Stream.LoadFromFile fails with adErrFileOpen. The store fact keeps what the
 * file system says (location, path, size, last write time); only its SHA-256 is left out, with the reason.
 */
export const fixture: Fixture = {
  name: 'store-locked',
  description: 'Windows Server 2008 R2 whose store file cannot be read: the store fact without its SHA-256, and the reason',
  host: hyperVHost({ failures: { [`read:${DEFAULT_STORE_PATH}`]: '0x800A0BBA File could not be opened.' } }),
  expected: {
    ...defaultFacts(),
    store,
    errors: [{ fact: 'store.sha256', reason: `${DEFAULT_STORE_PATH}: File could not be opened. (0x800A0BBA)` }],
  },
}
