/**
 * How to connect to a domain controller: credentials and TLS options, from
 * command-line flags or the environment (`AZMAN_LDAP_USER`,
 * `AZMAN_LDAP_PASSWORD`, `AZMAN_LDAP_CA`, `AZMAN_LDAP_TLS_SERVERNAME`,
 * `AZMAN_LDAP_INSECURE`, `AZMAN_LDAP_URL`). The password is never printed:
 * objects holding it hide it from `JSON.stringify` and `util.inspect`.
 */
export interface LdapSettings {
  /** Bind name: `DOMAIN\user`, `user@realm` or a DN. */
  readonly user?: string
  readonly password?: Secret
  /** A PEM file of CA certificates to trust, instead of the system's. */
  readonly caFile?: string
  /** The name the DC's certificate must carry, when it is reached by another name or an IP. */
  readonly tlsServerName?: string
  /** Allow a simple bind over an unencrypted connection (no TLS at all). */
  readonly insecure?: boolean
  /** The DC for `msldap://` URLs that name none, and for resolving accounts when the store is a file. */
  readonly directoryUrl?: string
  /** Milliseconds to wait for a connection, and for each request. */
  readonly timeoutMs?: number
}

/** A secret string that does not show in logs, JSON or inspection. */
export class Secret {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
  }
  reveal(): string {
    return this.#value
  }
  toString(): string {
    return '[secret]'
  }
  toJSON(): string {
    return '[secret]'
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]'
  }
}

type Env = Readonly<Record<string, string | undefined>>

/** What the flags gave, before the environment fills the gaps. */
export interface LdapFlagValues {
  readonly user?: string | undefined
  readonly password?: string | undefined
  readonly caFile?: string | undefined
  readonly tlsServerName?: string | undefined
  readonly insecure?: boolean | undefined
  readonly directoryUrl?: string | undefined
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v)

/** Flags first, then the environment. `AZMAN_LDAP_INSECURE` is on for `1`, `true` or `yes`. */
export function ldapSettings(flags: LdapFlagValues, env: Env): LdapSettings {
  const user = nonEmpty(flags.user) ?? nonEmpty(env.AZMAN_LDAP_USER)
  const password = nonEmpty(flags.password) ?? nonEmpty(env.AZMAN_LDAP_PASSWORD)
  const caFile = nonEmpty(flags.caFile) ?? nonEmpty(env.AZMAN_LDAP_CA)
  const tlsServerName = nonEmpty(flags.tlsServerName) ?? nonEmpty(env.AZMAN_LDAP_TLS_SERVERNAME)
  const insecure = flags.insecure === true || /^(1|true|yes)$/i.test(env.AZMAN_LDAP_INSECURE ?? '')
  const directoryUrl = nonEmpty(flags.directoryUrl) ?? nonEmpty(env.AZMAN_LDAP_URL)
  return {
    ...(user === undefined ? {} : { user }),
    ...(password === undefined ? {} : { password: new Secret(password) }),
    ...(caFile === undefined ? {} : { caFile }),
    ...(tlsServerName === undefined ? {} : { tlsServerName }),
    ...(insecure ? { insecure } : {}),
    ...(directoryUrl === undefined ? {} : { directoryUrl }),
  }
}
