import { readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { checkServerIdentity, type ConnectionOptions, type PeerCertificate } from 'node:tls'
import { Attribute, Change, Client, Control, FilterParser, ResultCodeError, type Entry } from 'ldapts'
import { DirectoryAuthError, DirectoryConnectError, DirectoryRefusedError, DirectoryTlsError, InsecureBindError } from '../errors/directory-errors.js'
import { StoreIoError } from '../errors/input-errors.js'
import { ExtendedDnControl, TREE_DELETE } from './controls.js'
import type { Filter } from './filter.js'
import type { LdapSettings } from './settings.js'

/** Which DC, and how to secure the connection. */
export interface DirectoryTarget {
  readonly host: string
  readonly port: number
  readonly tls: 'ldaps' | 'starttls'
}

/** A search result entry with its attributes typed: text values, and binary ones where asked. */
export interface LdapEntry {
  /** The entry's DN; with the extended-DN control, `<GUID=...>;...;dn`. */
  readonly dn: string
  /** Text values by lower-cased attribute name (ranged names such as `member;range=0-1499` kept). */
  readonly text: ReadonlyMap<string, readonly string[]>
  /** Binary values by lower-cased attribute name. */
  readonly binary: ReadonlyMap<string, readonly Buffer[]>
}

export interface SearchRequest {
  readonly scope: 'base' | 'one' | 'sub'
  readonly filter: Filter
  readonly attributes: readonly string[]
  /** Attributes read as bytes (GUIDs, SIDs). */
  readonly binary?: readonly string[]
  /** Ask for `<GUID=...>;<SID=...>;dn` DN values. */
  readonly extendedDn?: boolean
  /** Page size for the Paged Results control; no paging when absent. */
  readonly pageSize?: number
}

/** One modification of one attribute: add or delete these values. */
export interface ValueChange {
  readonly operation: 'add' | 'delete' | 'replace'
  readonly attribute: string
  readonly values: readonly (string | Buffer)[]
}

const DEFAULT_TIMEOUT_MS = 30_000

/**
 * One authenticated connection to a domain controller, with every result
 * code turned into an azman error and every request counted. Refuses to send
 * a password over an unencrypted connection unless `insecure` is set.
 */
export class LdapSession {
  /** LDAP requests sent, the StartTLS and bind included; a paged search counts one per page. */
  requests = 0
  private lost: Error | undefined

  private constructor(
    private readonly client: Client,
    readonly target: DirectoryTarget,
    readonly display: string,
  ) {}

  /**
   * Connects, secures the connection (LDAPS on port 636, StartTLS
   * otherwise, unless `settings.insecure`), and binds.
   */
  static async open(target: DirectoryTarget, settings: LdapSettings): Promise<LdapSession> {
    const display = `${target.host}:${target.port}`
    if (settings.user === undefined || settings.password === undefined) {
      throw new DirectoryAuthError(`no credentials for ${display}: set AZMAN_LDAP_USER and AZMAN_LDAP_PASSWORD (or pass --ldap-user and --ldap-password-file)`)
    }
    const tls = await tlsOptions(target, settings)
    const timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const plain = target.tls === 'starttls' && settings.insecure === true
    const client =
      target.tls === 'ldaps'
        ? new Client({ url: `ldaps://${urlHost(target.host)}:${target.port}`, tlsOptions: tls, timeout, connectTimeout: timeout })
        : // No tlsOptions here: ldapts would then speak TLS from the first byte instead of StartTLS.
          new Client({ url: `ldap://${urlHost(target.host)}:${target.port}`, timeout, connectTimeout: timeout })
    const session = new LdapSession(client, target, display)
    try {
      if (target.tls === 'starttls' && !plain) {
        session.requests++
        await client.startTLS(tls)
      }
      session.requests++
      await client.bind(settings.user, settings.password.reveal())
    } catch (e) {
      await client.unbind().catch(() => undefined)
      throw connectError(e, display, settings)
    }
    return session
  }

  /** Searches, following pages; returns every entry. */
  async search(base: string, request: SearchRequest): Promise<LdapEntry[]> {
    const out: LdapEntry[] = []
    for await (const page of this.searchPages(base, request)) out.push(...page)
    return out
  }

  /** Searches page by page (one request per page). */
  async *searchPages(base: string, request: SearchRequest): AsyncGenerator<LdapEntry[]> {
    this.assertConnected()
    let parsed
    try {
      parsed = FilterParser.parseString(request.filter.text)
    } catch (e) {
      throw new DirectoryRefusedError('AZMAN_ERR_LDAP_FILTER', `the LDAP filter ${request.filter.text} cannot be sent: ${(e as Error).message}`, { cause: e })
    }
    const controls: Control[] = request.extendedDn ? [new ExtendedDnControl()] : []
    const options = {
      scope: request.scope,
      filter: parsed,
      attributes: [...request.attributes],
      explicitBufferAttributes: [...(request.binary ?? [])],
      ...(request.pageSize === undefined ? {} : { paged: { pageSize: request.pageSize } }),
    }
    try {
      if (request.pageSize === undefined) {
        this.requests++
        const { searchEntries } = await this.client.search(base, options, controls)
        yield searchEntries.map((e) => typed(e, request.binary ?? []))
        return
      }
      this.requests++
      for await (const page of this.client.searchPaginated(base, options, controls)) {
        yield page.searchEntries.map((e) => typed(e, request.binary ?? []))
        this.requests++
      }
      this.requests-- // the generator counted one page ahead
    } catch (e) {
      throw this.failure(e, `search ${base}`)
    }
  }

  async add(dn: string, attributes: Readonly<Record<string, readonly (string | Buffer)[]>>): Promise<void> {
    const list = Object.entries(attributes)
      .filter(([, values]) => values.length > 0)
      .map(([type, values]) => new Attribute({ type, values: values as string[] | Buffer[] }))
    await this.run(`add ${dn}`, () => this.client.add(dn, list))
  }

  async modify(dn: string, changes: readonly ValueChange[]): Promise<void> {
    const list = changes.map((c) => new Change({ operation: c.operation, modification: new Attribute({ type: c.attribute, values: c.values as string[] | Buffer[] }) }))
    await this.run(`modify ${dn}`, () => this.client.modify(dn, list))
  }

  /** Deletes an entry; with `tree`, with everything under it (Tree Delete control). */
  async delete(dn: string, options: { readonly tree?: boolean } = {}): Promise<void> {
    await this.run(`delete ${dn}`, () => this.client.del(dn, options.tree ? [new Control(TREE_DELETE, { critical: true })] : []))
  }

  /** Renames an entry in place: `newRdn` is `CN=...`, escaped. */
  async rename(dn: string, newRdn: string): Promise<void> {
    await this.run(`rename ${dn}`, () => this.client.modifyDN(dn, newRdn))
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined)
  }

  /** True once the connection broke; every later request fails at once. */
  get broken(): boolean {
    return this.lost !== undefined || !this.client.isConnected
  }

  private async run(what: string, request: () => Promise<unknown>): Promise<void> {
    this.assertConnected()
    this.requests++
    try {
      await request()
    } catch (e) {
      throw this.failure(e, what)
    }
  }

  /** A connection that dropped would be re-opened by the client without a bind: never use it again. */
  private assertConnected(): void {
    if (this.lost !== undefined) throw new DirectoryConnectError(`the connection to ${this.display} was lost (${this.lost.message})`, { cause: this.lost })
    if (!this.client.isConnected) {
      this.lost = new Error('closed by the server')
      throw new DirectoryConnectError(`the connection to ${this.display} was closed by the server`)
    }
  }

  private failure(e: unknown, what: string): Error {
    if (e instanceof ResultCodeError) return refused(e, what, this.display)
    const error = e instanceof Error ? e : new Error(String(e))
    this.lost = error
    return new DirectoryConnectError(`the connection to ${this.display} was lost during "${what}" (${error.message.split('\n')[0] ?? ''})`, { cause: e })
  }
}

function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host
}

async function tlsOptions(target: DirectoryTarget, settings: LdapSettings): Promise<ConnectionOptions> {
  const options: { -readonly [K in keyof ConnectionOptions]: ConnectionOptions[K] } = { rejectUnauthorized: true, minVersion: 'TLSv1.2' }
  if (settings.caFile !== undefined) {
    try {
      options.ca = [await readFile(settings.caFile)]
    } catch (e) {
      throw new StoreIoError(`cannot read the CA file ${settings.caFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e })
    }
  }
  const name = settings.tlsServerName ?? (isIP(target.host) === 0 ? target.host : undefined)
  if (name !== undefined) options.servername = name
  // Verify the certificate against the name asked for, or the IP when there is no name.
  const expected = name ?? target.host
  options.checkServerIdentity = (_host: string, cert: PeerCertificate) => checkServerIdentity(expected, cert)
  return options
}

const TLS_TRUST = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
])

/** What a failure to connect, secure or bind means for the user. Never includes the password. */
function connectError(e: unknown, display: string, settings: LdapSettings): Error {
  if (e instanceof InsecureBindError) return e
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (e instanceof ResultCodeError) {
    switch (e.code) {
      case 49:
        return new DirectoryAuthError(`${display} refused the credentials of ${settings.user ?? '(none)'} (wrong name or password, or the account is disabled)`)
      case 8:
      case 13:
        return new DirectoryAuthError(`${display} requires an encrypted connection for this bind: do not pass --ldap-insecure (use port 636 or StartTLS)`)
      case 2:
      case 52:
        if (settings.insecure !== true) {
          return new InsecureBindError(`${display} does not offer StartTLS, and azman does not send a password unencrypted: use msldap://host:636/... (LDAPS), or pass --ldap-insecure to allow it`)
        }
        break
      default:
        break
    }
    return new DirectoryConnectError(`${display} refused the connection: ${serverText(e)}`, { cause: e })
  }
  if (typeof code === 'string' && TLS_TRUST.has(code)) {
    return new DirectoryTlsError(`the certificate of ${display} is not trusted (${code}): pass the CA certificate with --ldap-ca FILE or AZMAN_LDAP_CA`, { cause: e })
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new DirectoryTlsError(
      `the certificate of ${display} does not name ${settings.tlsServerName ?? display.replace(/:\d+$/, '')} (${(e as Error).message}): connect by the name in the certificate, or set AZMAN_LDAP_TLS_SERVERNAME (--ldap-tls-servername)`,
      { cause: e },
    )
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return new DirectoryTlsError(`the certificate of ${display} is not valid now (${code})`, { cause: e })
  if (code === 'ECONNREFUSED') return new DirectoryConnectError(`cannot connect to ${display}: connection refused (is the domain controller running, and is this its LDAP port?)`, { cause: e })
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DirectoryConnectError(`cannot connect to ${display}: the host name does not resolve`, { cause: e })
  const message = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)
  if (/timeout/i.test(message) || code === 'ETIMEDOUT') return new DirectoryConnectError(`cannot connect to ${display}: no answer in time`, { cause: e })
  return new DirectoryConnectError(`cannot connect to ${display}: ${message}`, { cause: e })
}

/** The server's diagnostic text without ldapts' suffix. */
function serverText(e: ResultCodeError): string {
  return e.message.replace(/ Code: 0x[0-9a-f]+$/, '')
}

/** A result code on a read or write, as an error a person can act on. */
function refused(e: ResultCodeError, what: string, display: string): Error {
  const text = serverText(e)
  const on = `${display} refused "${what}"`
  switch (e.code) {
    case 32:
      return new DirectoryRefusedError('AZMAN_ERR_LDAP_NO_SUCH_OBJECT', `${on}: no such object (${text})`, { resultCode: e.code, cause: e })
    case 50:
      return new DirectoryRefusedError('AZMAN_ERR_LDAP_ACCESS', `${on}: insufficient access rights for this account (${text})`, { resultCode: e.code, cause: e })
    case 68:
      return new DirectoryRefusedError('AZMAN_ERR_LDAP_EXISTS', `${on}: the entry already exists (${text})`, { resultCode: e.code, cause: e })
    case 16:
    case 20:
      return new DirectoryRefusedError('AZMAN_ERR_LDAP_CONCURRENT', `${on}: the value is not as read (${text}); another writer changed the store: plan again`, { resultCode: e.code, cause: e })
    case 53:
      if (/Unrecognized account type/i.test(text)) {
        return new DirectoryRefusedError(
          'AZMAN_ERR_LDAP_UNSUPPORTED',
          `${on}: this directory server does not support AzMan application groups (${text}); Samba refuses them, a Windows DC accepts them`,
          { resultCode: e.code, cause: e },
        )
      }
      if (/msDS-NonMembers/i.test(text)) {
        return new DirectoryRefusedError(
          'AZMAN_ERR_LDAP_UNSUPPORTED',
          `${on}: this directory server does not support application-group non-members (${text.replace(/ at \.\.\/.*$/, '')}); Samba refuses them, a Windows DC accepts them`,
          { resultCode: e.code, cause: e },
        )
      }
      return new DirectoryRefusedError('AZMAN_ERR_LDAP_REFUSED', `${on}: unwilling to perform (${text})`, { resultCode: e.code, cause: e })
    default:
      return new DirectoryRefusedError('AZMAN_ERR_LDAP_REFUSED', `${on}: result ${e.code} (${text})`, { resultCode: e.code, cause: e })
  }
}

/** Types an ldapts entry. */
function typed(entry: Entry, binary: readonly string[]): LdapEntry {
  const wantBinary = new Set(binary.map((b) => b.toLowerCase()))
  const text = new Map<string, string[]>()
  const bytes = new Map<string, Buffer[]>()
  for (const [name, raw] of Object.entries(entry)) {
    if (name === 'dn') continue
    const key = name.toLowerCase()
    const values: unknown[] = Array.isArray(raw) ? raw : [raw]
    if (values.length === 0) continue
    if (wantBinary.has(key.split(';')[0] ?? key))
      bytes.set(
        key,
        values.map((v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8'))),
      )
    else
      text.set(
        key,
        values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v))),
      )
  }
  return { dn: entry.dn, text, binary: bytes }
}
