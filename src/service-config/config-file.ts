import { Type, type Static } from '@sinclair/typebox'
import { Ajv, type ErrorObject } from 'ajv'
import { dirname, isAbsolute, resolve } from 'node:path'
import { StoreIoError } from '../errors/input-errors.js'
import { UsageError } from '../errors/usage-error.js'
import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { checkedStoreName, MAX_EXPIRE_EVERY_SECONDS, type ServerConfig } from './server-config.js'

/**
 * The server's config file (`azman serve --config FILE`), as JSON Schema:
 *
 *   {"host": "0.0.0.0", "port": 8443, "stores": {"lab": "lab.xml"}, "tokens": "tokens.json",
 *    "tls": {"cert": "cert.pem", "key": "key.pem"}, "bodyLimit": 1048576,
 *    "rateLimit": {"max": 600, "windowSeconds": 60}, "lockTimeoutSeconds": 10, "readCacheMs": 100, "expireEverySeconds": 60,
 *    "directory": "ldaps://dc.example.com", "names": "names.csv"}
 */
export const ConfigFileSchema = Type.Object(
  {
    host: Type.Optional(Type.String()),
    port: Type.Optional(Type.Number()),
    stores: Type.Optional(Type.Record(Type.String(), Type.String())),
    tokens: Type.Optional(Type.String()),
    tls: Type.Optional(Type.Object({ cert: Type.String(), key: Type.String() })),
    bodyLimit: Type.Optional(Type.Number({ description: 'bytes' })),
    rateLimit: Type.Optional(Type.Union([Type.Literal(false), Type.Object({ max: Type.Number(), windowSeconds: Type.Optional(Type.Number({ description: 'seconds; default 60' })) })])),
    lockTimeoutSeconds: Type.Optional(Type.Number()),
    readCacheMs: Type.Optional(Type.Number()),
    expireEverySeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_EXPIRE_EVERY_SECONDS,
        description: `seconds between two runs of azman expire on every store: 0 (never) or 1 to ${MAX_EXPIRE_EVERY_SECONDS}; default 60`,
      }),
    ),
    directory: Type.Optional(Type.String({ description: 'The DC that resolves account names (as --directory / AZMAN_LDAP_URL, which win over it)' })),
    names: Type.Optional(Type.String({ description: 'A names file: SID to name, CSV or JSON (as --names / AZMAN_NAMES, which win over it); a directory wins over it' })),
  },
  { additionalProperties: false },
)
export type ConfigFile = Static<typeof ConfigFileSchema>

/** What each setting must be, in the words of the messages (and the order they are checked in). */
const MUST: Readonly<Record<keyof ConfigFile, string>> = {
  host: '"host" must be a string',
  port: '"port" must be a number',
  stores: '"stores" must be an object {"name": "store.xml"}',
  tokens: '"tokens" must be a file path',
  tls: '"tls" must be {"cert": "cert.pem", "key": "key.pem"}',
  bodyLimit: '"bodyLimit" must be a number of bytes',
  rateLimit: '"rateLimit" must be {"max": 600, "windowSeconds": 60} or false',
  readCacheMs: '"readCacheMs" must be a number of milliseconds',
  lockTimeoutSeconds: '"lockTimeoutSeconds" must be a number',
  expireEverySeconds: `"expireEverySeconds" must be 0 (never) or 1 to ${MAX_EXPIRE_EVERY_SECONDS} seconds`,
  directory: '"directory" must be a domain controller URL (a string)',
  names: '"names" must be a file path',
}
const ORDER = Object.keys(MUST)

const validate = new Ajv({ allErrors: true, strict: false, strictNumbers: true }).compile<ConfigFile>(ConfigFileSchema)

/** A config-file setting that is wrong: its message, and where it stands in {@link ORDER}. */
function settingProblem(error: ErrorObject, value: Record<string, unknown>): { readonly rank: number; readonly message: string } {
  if (error.instancePath === '' && error.keyword === 'additionalProperties') {
    return { rank: -1, message: `unknown setting ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}` }
  }
  if (error.instancePath === '') return { rank: -2, message: 'not a JSON object' }
  const [key = '', name] = error.instancePath.slice(1).split('/')
  const message =
    key === 'stores' && name !== undefined && typeof value.stores === 'object' && !Array.isArray(value.stores)
      ? `"stores.${name.replace(/~1/g, '/').replace(/~0/g, '~')}" must be a store reference (a string)`
      : MUST[key as keyof ConfigFile]
  return { rank: ORDER.indexOf(key), message }
}

function problem(file: string, message: string): UsageError {
  return new UsageError(`${file}: ${message}; docs/rest.md ("Serving") shows the format`)
}

/**
 * Reads a server config file (JSON, {@link ConfigFileSchema}). Relative paths
 * in it are relative to the file's folder; store URLs stay as they are.
 *
 * @throws StoreIoError when the file cannot be read; UsageError when it is not a valid config file.
 */
export async function readConfigFile(file: string): Promise<Partial<ServerConfig> & { directoryUrl?: string; namesFile?: string }> {
  let text: string
  try {
    text = await readJsonInput(file)
  } catch (e) {
    throw new StoreIoError(`cannot read the config file ${file}: ${ioReason(e)}`, { cause: e })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw problem(file, 'not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw problem(file, 'not a JSON object')
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => settingProblem(e, value as Record<string, unknown>)).sort((a, b) => a.rank - b.rank)
    const first = problems[0]
    // Store names are checked in their turn, before the settings after "stores".
    if (first !== undefined && first.rank > ORDER.indexOf('stores') && 'stores' in value) for (const name of Object.keys((value as { stores: object }).stores)) checkedStoreName(name)
    throw problem(file, first?.message ?? 'not a valid config file')
  }
  return fromConfigFile(value, dirname(resolve(file)))
}

/** The settings of a valid config file, with its paths resolved against `base`. */
function fromConfigFile(v: ConfigFile, base: string): Partial<ServerConfig> & { directoryUrl?: string; namesFile?: string } {
  const path = (p: string): string => (isAbsolute(p) ? p : resolve(base, p))
  const ref = (r: string): string => (/^[a-z][a-z0-9+.-]*:\/\//i.test(r) ? r : path(r))
  return {
    ...(v.host === undefined ? {} : { host: v.host }),
    ...(v.port === undefined ? {} : { port: v.port }),
    ...(v.stores === undefined ? {} : { stores: Object.entries(v.stores).map(([name, r]) => ({ name: checkedStoreName(name), ref: ref(r) })) }),
    ...(v.tokens === undefined ? {} : { tokensFile: path(v.tokens) }),
    ...(v.tls === undefined ? {} : { tls: { certFile: path(v.tls.cert), keyFile: path(v.tls.key) } }),
    ...(v.bodyLimit === undefined ? {} : { bodyLimit: v.bodyLimit }),
    ...(v.rateLimit === undefined ? {} : { rateLimit: v.rateLimit === false ? false : { max: v.rateLimit.max, windowMs: (v.rateLimit.windowSeconds ?? 60) * 1000 } }),
    ...(v.readCacheMs === undefined ? {} : { readCacheMs: v.readCacheMs }),
    ...(v.lockTimeoutSeconds === undefined ? {} : { lockTimeoutMs: v.lockTimeoutSeconds * 1000 }),
    ...(v.expireEverySeconds === undefined ? {} : { expireEveryMs: Math.round(v.expireEverySeconds * 1000) }),
    ...(v.directory === undefined ? {} : { directoryUrl: v.directory }),
    ...(v.names === undefined ? {} : { namesFile: path(v.names) }),
  }
}
