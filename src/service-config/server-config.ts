import type { NamesTable } from '../directory/names-file.js'
import { UsageError } from '../errors/usage-error.js'
import { parseStoreLocation } from '../store/location.js'
import type { OpenStoreOptions } from '../store/open-store.js'

/** A store the server serves, by the name routes use. */
export interface NamedStore {
  readonly name: string
  /** A store reference: a file path, `msxml://...` or `msldap://...`. */
  readonly ref: string
}

/** Everything `azman serve` needs; {@link serverConfig} fills in the defaults. */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly stores: readonly NamedStore[]
  /** The tokens file (`azman token add` makes it). */
  readonly tokensFile: string
  /** Serve HTTPS with this certificate and key (PEM files). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string }
  /** Largest request body, in bytes; larger ones get 413. */
  readonly bodyLimit: number
  /** Requests per window for each token (each client address before it is known); false: no limit. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number } | false
  /** How long a write waits for another writer of the same store, in milliseconds; then 409. */
  readonly lockTimeoutMs: number
  /**
   * How long a store read is reused without looking at the file, in
   * milliseconds: writes by other processes (the CLI on the same file) show
   * that much later at most; this server's own writes show at once.
   */
  readonly readCacheMs: number
  /**
   * How to reach `msldap://` stores: credentials and TLS settings (the serve
   * command takes them from the `AZMAN_LDAP_*` variables or the --ldap-* flags)
   * and the journal of an AD store (`--journal`, one AD store at most).
   */
  readonly storeOptions?: Pick<OpenStoreOptions, 'ldap' | 'journal' | 'maxBytes'>
  /** Names for SIDs from a names file (`--names`, `AZMAN_NAMES`, `"names"`); a directory's names win over them. */
  readonly names?: NamesTable
  /**
   * How often the service runs `azman expire` on every store (members whose
   * `--until` passed are removed), in milliseconds; 0: never.
   */
  readonly expireEveryMs: number
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  bodyLimit: 1024 * 1024,
  rateLimit: { max: 600, windowMs: 60_000 },
  lockTimeoutMs: 10_000,
  readCacheMs: 100,
  expireEveryMs: 60_000,
} as const

/** Store names, as they appear in URLs. */
const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Parses `name=ref` (the `--store` flag). */
export function parseStoreFlag(value: string): NamedStore {
  const at = value.indexOf('=')
  const name = value.slice(0, at)
  const ref = value.slice(at + 1)
  if (at < 0 || ref === '') throw new UsageError(`serve: --store takes name=<store>, e.g. --store lab=store.xml, not ${JSON.stringify(value)}`)
  return { name: checkedStoreName(name), ref }
}

export function checkedStoreName(name: string): string {
  if (!STORE_NAME.test(name)) throw new UsageError(`store name ${JSON.stringify(name)} is not allowed: use 1 to 64 letters, digits and . _ - (starting with a letter or digit)`)
  return name
}

/** Checks a whole configuration: at least one store, unique names, sane numbers. */
export function serverConfig(partial: Partial<ServerConfig> & Pick<ServerConfig, 'stores' | 'tokensFile'>): ServerConfig {
  const config: ServerConfig = {
    host: partial.host ?? DEFAULTS.host,
    port: partial.port ?? DEFAULTS.port,
    stores: partial.stores,
    tokensFile: partial.tokensFile,
    ...(partial.tls === undefined ? {} : { tls: partial.tls }),
    bodyLimit: partial.bodyLimit ?? DEFAULTS.bodyLimit,
    rateLimit: partial.rateLimit ?? DEFAULTS.rateLimit,
    lockTimeoutMs: partial.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs,
    readCacheMs: partial.readCacheMs ?? DEFAULTS.readCacheMs,
    expireEveryMs: partial.expireEveryMs ?? DEFAULTS.expireEveryMs,
    ...(partial.storeOptions === undefined ? {} : { storeOptions: partial.storeOptions }),
    ...(partial.names === undefined ? {} : { names: partial.names }),
  }
  if (config.stores.length === 0) throw new UsageError('serve: name at least one store (--store name=<store>, or "stores" in the config file)')
  const seen = new Set<string>()
  for (const s of config.stores) {
    checkedStoreName(s.name)
    if (seen.has(s.name.toLowerCase())) throw new UsageError(`serve: the store name ${JSON.stringify(s.name)} is given twice`)
    seen.add(s.name.toLowerCase())
  }
  if (config.storeOptions?.journal !== undefined && config.stores.filter((s) => parseStoreLocation(s.ref).kind === 'ldap').length > 1) {
    throw new UsageError('serve: --journal journals one msldap:// store; serve each AD store that needs a journal from its own azman serve')
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new UsageError(`serve: the port must be 0 to 65535, not ${config.port}`)
  if (!Number.isInteger(config.bodyLimit) || config.bodyLimit < 1) throw new UsageError('serve: the body limit is a positive number of bytes')
  if (config.rateLimit !== false && (!Number.isInteger(config.rateLimit.max) || config.rateLimit.max < 1 || !(config.rateLimit.windowMs > 0))) {
    throw new UsageError('serve: the rate limit is a positive number of requests per minute, or 0 for none')
  }
  if (!(config.lockTimeoutMs >= 0)) throw new UsageError('serve: the lock timeout is a number of seconds')
  if (!(config.readCacheMs >= 0)) throw new UsageError('serve: the read cache time is a number of milliseconds')
  // setInterval takes at most 2^31-1 ms (24.8 days); a longer period would fire at once, again and again.
  if (!Number.isInteger(config.expireEveryMs) || config.expireEveryMs < 0 || config.expireEveryMs > MAX_EXPIRE_EVERY_SECONDS * 1000) {
    throw new UsageError(`serve: the expiry period is 0 (never) or 1 to ${MAX_EXPIRE_EVERY_SECONDS} seconds`)
  }
  return config
}

/** The longest expiry period, in seconds (a day): `expireEverySeconds` and `--expire-every` are 0 (never) or 1 to this. */
export const MAX_EXPIRE_EVERY_SECONDS = 86_400

/** Whether clients on other machines can reach this address. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}
