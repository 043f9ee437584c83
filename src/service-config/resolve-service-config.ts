import { join } from 'node:path'
import { readNamesFile, type NamesTable } from '../directory/names-file.js'
import { UsageError } from '../errors/usage-error.js'
import { quote } from '../model/quote.js'
import type { OpenStoreOptions } from '../store/open-store.js'
import { prepareDataDir } from './data-dir.js'
import { readConfigFile } from './config-file.js'
import { MAX_EXPIRE_EVERY_SECONDS, parseStoreFlag, serverConfig, type NamedStore, type ServerConfig } from './server-config.js'

/** The log levels of the service (pino's), quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The `azman serve` flags, as given on the command line (text; undefined when not given). */
export interface ServeFlags {
  readonly host?: string | undefined
  readonly port?: string | undefined
  /** `NAME=<store>` values of `--store`. */
  readonly store?: readonly string[] | undefined
  readonly tokens?: string | undefined
  readonly config?: string | undefined
  readonly dataDir?: string | undefined
  readonly tlsCert?: string | undefined
  readonly tlsKey?: string | undefined
  readonly bodyLimit?: string | undefined
  readonly rateLimit?: string | undefined
  readonly lockTimeout?: string | undefined
  /** `--expire-every`: seconds between two runs of `azman expire` (0: never). */
  readonly expireEvery?: string | undefined
  readonly logLevel?: string | undefined
}

/** Where the service's configuration comes from, strongest first: the flags, the environment, the config file, the data folder. */
export interface ServiceConfigSources {
  readonly flags: ServeFlags
  /**
   * How to reach domain controllers, from the `--ldap-*` / `--directory` flags
   * and the `AZMAN_LDAP_*` variables (flags first); the config file's
   * `"directory"` applies when neither names a DC.
   */
  readonly storeOptions: Pick<OpenStoreOptions, 'ldap' | 'journal' | 'maxBytes'>
  /** The names table of `--names` / `AZMAN_NAMES`, already read; wins over the config file's `"names"`. */
  readonly names?: NamesTable | undefined
  /** Told each line a user should read before the service starts (a new data folder, a skipped store file). */
  readonly notice: (line: string) => void
}

/** A validated configuration, and what starting with it involves. */
export interface ServiceConfig {
  readonly config: ServerConfig
  /** One of {@link LOG_LEVELS} (default `info`). */
  readonly logLevel: string
  /** The first operator token of a data folder this call created: to be shown once. */
  readonly firstToken?: { readonly name: string; readonly token: string }
}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`serve: --${flag} takes a number, not ${JSON.stringify(value)}`)
  return n
}

/** `--expire-every`: 0 (never) or a whole number of seconds from 1 to {@link MAX_EXPIRE_EVERY_SECONDS}. */
function expirePeriod(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || n > MAX_EXPIRE_EVERY_SECONDS) {
    throw new UsageError(`serve: --expire-every takes 0 (never) or 1 to ${MAX_EXPIRE_EVERY_SECONDS} seconds, not ${JSON.stringify(value)}`)
  }
  return n
}

/**
 * Merges the service's configuration: flags win over the environment, which
 * wins over the config file, which wins over the data folder (prepared, and
 * created with copies of the sample stores and a first token when new).
 *
 * @throws UsageError for a missing or wrong setting (the messages of `azman serve`).
 * @throws StoreIoError when the config file cannot be read.
 * @throws NamesFileError when its names file cannot be read or used.
 */
export async function resolveServiceConfig({ flags, storeOptions, names, notice }: ServiceConfigSources): Promise<ServiceConfig> {
  const fromFile = flags.config === undefined ? {} : await readConfigFile(flags.config)
  let stores: readonly NamedStore[] | undefined = flags.store?.map(parseStoreFlag) ?? fromFile.stores
  let tokensFile = flags.tokens ?? fromFile.tokensFile
  let firstToken: ServiceConfig['firstToken']
  if (flags.dataDir !== undefined) {
    const data = await prepareDataDir(flags.dataDir)
    stores ??= data.stores
    tokensFile ??= data.tokensFile
    firstToken = data.firstToken
    if (data.created) notice(`created ${flags.dataDir}/ with writable copies of the sample stores and ${data.tokensFile}`)
    for (const skipped of data.skipped) notice(`warning: skipped ${quote(join(flags.dataDir, 'stores', skipped.file))}: ${skipped.reason}`)
    if (stores.length === 0) throw new UsageError(`serve: ${quote(join(flags.dataDir, 'stores'))} holds no store to serve (NAME.xml files, NAME of letters, digits and . _ -)`)
  }
  if (stores === undefined) throw new UsageError('serve: name the stores to serve: --store NAME=<store>, --config FILE or --data-dir DIR')
  if (tokensFile === undefined) throw new UsageError('serve: every request needs a token: give --tokens FILE (azman token add --tokens FILE --name N --role R makes one)')
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UsageError('serve: give --tls-cert and --tls-key together')
  const rate = number('rate-limit', flags.rateLimit)
  const lock = number('lock-timeout', flags.lockTimeout)
  const expireEvery = expirePeriod(flags.expireEvery)
  const port = number('port', flags.port)
  const bodyLimit = number('body-limit', flags.bodyLimit)
  const logLevel = flags.logLevel ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`serve: --log-level is one of ${LOG_LEVELS.join(', ')}`)
  const { directoryUrl, namesFile, ...file } = fromFile
  const table = names ?? (namesFile === undefined ? undefined : await readNamesFile(namesFile))
  const ldap = storeOptions.ldap?.directoryUrl === undefined && directoryUrl !== undefined ? { ...storeOptions.ldap, directoryUrl } : storeOptions.ldap
  const config = serverConfig({
    ...file,
    stores,
    tokensFile,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(port === undefined ? {} : { port }),
    ...(flags.tlsCert === undefined || flags.tlsKey === undefined ? {} : { tls: { certFile: flags.tlsCert, keyFile: flags.tlsKey } }),
    ...(bodyLimit === undefined ? {} : { bodyLimit }),
    ...(rate === undefined ? {} : { rateLimit: rate === 0 ? false : { max: rate, windowMs: 60_000 } }),
    ...(lock === undefined ? {} : { lockTimeoutMs: lock * 1000 }),
    ...(expireEvery === undefined ? {} : { expireEveryMs: Math.round(expireEvery * 1000) }),
    ...(table === undefined ? {} : { names: table }),
    // msldap:// stores and the directory: credentials and TLS from the --ldap-* flags or the AZMAN_LDAP_* variables.
    storeOptions: {
      ...(ldap === undefined ? {} : { ldap }),
      ...(storeOptions.journal === undefined ? {} : { journal: storeOptions.journal }),
      ...(storeOptions.maxBytes === undefined ? {} : { maxBytes: storeOptions.maxBytes }),
    },
  })
  return { config, logLevel, ...(firstToken === undefined ? {} : { firstToken }) }
}
