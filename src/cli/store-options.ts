import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { StoreIoError } from '../errors/input-errors.js'
import { UsageError } from '../errors/usage-error.js'
import { ldapSettings, type LdapFlagValues } from '../ldap/settings.js'
import type { OpenStoreOptions } from '../store/open-store.js'
import type { CliIo } from './io.js'

/** Options for reaching stores, accepted by every command (before or after its arguments). */
export const STORE_OPTIONS_USAGE = `store options (every command; the AZMAN_LDAP_* variables give the defaults):
  --ldap-user NAME            bind as DOMAIN\\user, user@realm or a DN   (AZMAN_LDAP_USER)
  --ldap-password-file FILE   read the password from FILE's first line  (AZMAN_LDAP_PASSWORD)
  --ldap-ca FILE              trust the CA certificates in FILE (PEM)   (AZMAN_LDAP_CA)
  --ldap-tls-servername NAME  the name the DC's certificate must carry  (AZMAN_LDAP_TLS_SERVERNAME)
  --ldap-insecure             allow a simple bind without TLS           (AZMAN_LDAP_INSECURE=1)
  --directory URL             the DC for account names when the store is a file, and
                              for msldap:// URLs without a host         (AZMAN_LDAP_URL)
  --journal FILE              journal, back up and roll back writes to an msldap:// store
  --max-store-bytes N         refuse store files larger than N bytes    (AZMAN_MAX_STORE_BYTES;
                              default 268435456, 256 MiB)`

const VALUED = {
  '--ldap-user': 'user',
  '--ldap-password-file': 'passwordFile',
  '--ldap-ca': 'caFile',
  '--ldap-tls-servername': 'tlsServerName',
  '--directory': 'directoryUrl',
  '--journal': 'journal',
  '--max-store-bytes': 'maxStoreBytes',
} as const

type Valued = (typeof VALUED)[keyof typeof VALUED]

/**
 * Takes the store options out of a command line, wherever they are, and
 * builds the store-opening options from them and the environment. The
 * password is read from its file here and is never echoed.
 */
export async function extractStoreOptions(argv: readonly string[], io: CliIo): Promise<{ args: string[]; store: OpenStoreOptions }> {
  const values: Partial<Record<Valued, string>> = {}
  let insecure = false
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') {
      args.push(...argv.slice(i))
      break
    }
    if (arg === '--ldap-insecure') {
      insecure = true
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    const key = (VALUED as Record<string, Valued | undefined>)[name]
    if (key === undefined) {
      args.push(arg)
      continue
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value; see azman --help`)
    values[key] = value
  }
  let password: string | undefined
  if (values.passwordFile !== undefined) {
    const file = resolve(io.cwd, values.passwordFile)
    try {
      password = (await readFile(file, 'utf8')).split(/\r?\n/)[0] ?? ''
    } catch (e) {
      throw new StoreIoError(`cannot read the password file ${values.passwordFile} (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
    }
    if (password === '') throw new UsageError(`the password file ${values.passwordFile} is empty`)
  }
  const flags: LdapFlagValues = {
    user: values.user,
    password,
    caFile: values.caFile === undefined ? undefined : resolve(io.cwd, values.caFile),
    tlsServerName: values.tlsServerName,
    insecure,
    directoryUrl: values.directoryUrl,
  }
  const env = { ...io.env, ...(io.env.AZMAN_LDAP_CA !== undefined && io.env.AZMAN_LDAP_CA !== '' ? { AZMAN_LDAP_CA: resolve(io.cwd, io.env.AZMAN_LDAP_CA) } : {}) }
  const maxBytes = maxStoreBytes(values.maxStoreBytes ?? io.env.AZMAN_MAX_STORE_BYTES, values.maxStoreBytes === undefined ? 'AZMAN_MAX_STORE_BYTES' : '--max-store-bytes')
  return {
    args,
    store: {
      ldap: ldapSettings(flags, env),
      ...(values.journal === undefined ? {} : { journal: resolve(io.cwd, values.journal) }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    },
  }
}

/** A positive whole number of bytes, or undefined when not given. */
function maxStoreBytes(value: string | undefined, from: string): number | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${from} must be a whole number of bytes above 0, not ${JSON.stringify(value)}`)
  return Number(value)
}
