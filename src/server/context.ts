import type {} from 'fastify'
import { NotFoundError } from '../errors/lookup-error.js'
import { quote } from '../model/quote.js'
import { openDirectory } from '../directory/open-directory.js'
import type { DirectoryOpener } from '../principals/directory-scope.js'
import { openStore } from '../store/open-store.js'
import type { StorePort } from '../store/port.js'
import type { Role } from '../tokens/roles.js'
import type { Caller, TokenVerifier } from '../tokens/token-verifier.js'
import type { ServerConfig } from '../service-config/server-config.js'

/** Who may call a route: anyone, or a token of at least this role. */
export type Access = 'public' | Role

/** What every route handler reaches through `request.server.azman`. */
export class ServerContext {
  private readonly stores: ReadonlyMap<string, StorePort>

  constructor(
    readonly config: ServerConfig,
    readonly verifier: TokenVerifier,
  ) {
    // Named by their store name in every message, never by their path on the server.
    this.stores = new Map(config.stores.map((s) => [s.name.toLowerCase(), openStore(s.ref, { ...config.storeOptions, displayName: s.name, cacheSnapshots: true, revalidateMs: config.readCacheMs })]))
  }

  /** The store names, as configured. */
  get storeNames(): readonly string[] {
    return this.config.stores.map((s) => s.name)
  }

  /** The store a route names (case-insensitive); 404 when there is none. */
  store(name: string): StorePort {
    const store = this.stores.get(name.toLowerCase())
    if (store === undefined) throw new NotFoundError(`no store ${quote(name)} on this server (stores: ${this.storeNames.map((n) => quote(n)).join(', ')})`)
    return store
  }

  /** Where a configured store is read from (its path or msldap URL), for comparisons; never for messages. */
  storeRef(name: string): string {
    const store = this.store(name)
    return this.config.stores.find((s) => s.name.toLowerCase() === name.toLowerCase())?.ref ?? store.displayName
  }

  /**
   * Opens the directory that resolves account names for requests on a store:
   * the store's own DC for an `msldap://` store, otherwise the DC of the
   * service's configuration (`--directory`, `AZMAN_LDAP_URL` or `"directory"`
   * in the config file); none when neither is there.
   */
  directory(name: string): DirectoryOpener {
    const ref = this.config.stores.find((s) => s.name.toLowerCase() === name.toLowerCase())?.ref
    return () => openDirectory(ref, this.config.storeOptions ?? {})
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    azman: ServerContext
  }
  interface FastifyRequest {
    /** The token's owner; set before any handler of a non-public route runs. */
    caller: Caller | undefined
  }
  interface FastifyContextConfig {
    /** Who may call the route (default: any valid token). */
    access?: Access
  }
}
