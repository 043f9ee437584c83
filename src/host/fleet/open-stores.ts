import { openStore, type OpenStoreOptions } from '../../store/open-store.js'
import type { StoreLoader } from './fleet-types.js'

/** The {@link StoreLoader} of files and msldap URLs: the store-opening service, one store read per call. */
export function storeLoader(options: OpenStoreOptions = {}): StoreLoader {
  return async (reference) => {
    const { policy, version } = await openStore(reference, options).load()
    return { reference, location: reference, policy, version }
  }
}
