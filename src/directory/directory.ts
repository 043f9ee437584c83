import { DirectoryRefusedError, UnknownAccountError } from '../errors/directory-errors.js'
import { ldapFilterProblem } from '../model/ldap-filter-syntax.js'
import { quote } from '../model/quote.js'
import { isValidSid, wellKnownSidName } from '../model/sid.js'
import { parseAccountName, wellKnownAccountSid } from '../model/account-name.js'
import { sidFromBytes } from '../ldap/binary-ids.js'
import { anyOf, filter, Filter } from '../ldap/filter.js'
import { LdapSession, type DirectoryTarget } from '../ldap/session.js'
import type { LdapSettings } from '../ldap/settings.js'

/** An account found in the directory. */
export interface Account {
  readonly sid: string
  /** `DOMAIN\sAMAccountName`, or the well-known name. */
  readonly name: string
  /** The account's DN; undefined for well-known SIDs that have no object in the domain. */
  readonly dn?: string
}

/** SIDs every Windows logon carries (besides the account's own and its groups'): Everyone, Authenticated Users. */
export const LOGON_SIDS = ['S-1-1-0', 'S-1-5-11'] as const

/** How many SIDs one name-lookup search asks for. */
const SIDS_PER_SEARCH = 100

interface DomainInfo {
  readonly dn: string
  readonly netbios: string
  readonly dns: string
  readonly sid: string
}

/**
 * A connection to a domain controller for principals: account names to SIDs
 * and back, an account's transitive groups (`tokenGroups`), and LDAP-query
 * application groups evaluated against an account. Every value that comes
 * from a user is escaped in the filters (see {@link filter}). Opens its
 * connection on first use; call {@link close} when done.
 */
export class Directory {
  private session: Promise<LdapSession> | undefined
  private domainInfo: Promise<DomainInfo> | undefined

  constructor(
    readonly target: DirectoryTarget,
    private readonly settings: LdapSettings,
  ) {}

  /** LDAP requests sent so far. */
  async requests(): Promise<number> {
    return this.session === undefined ? 0 : (await this.session).requests
  }

  private connect(): Promise<LdapSession> {
    this.session ??= LdapSession.open(this.target, this.settings)
    return this.session
  }

  async close(): Promise<void> {
    if (this.session === undefined) return
    const s = await this.session.catch(() => undefined)
    this.session = undefined
    await s?.close()
  }

  /** The domain the DC serves: its DN, NetBIOS and DNS names, and SID. */
  domain(): Promise<DomainInfo> {
    this.domainInfo ??= (async () => {
      const s = await this.connect()
      const [root] = await s.search('', { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['defaultNamingContext', 'configurationNamingContext'] })
      const dn = root?.text.get('defaultnamingcontext')?.[0]
      const config = root?.text.get('configurationnamingcontext')?.[0]
      if (dn === undefined || config === undefined) throw new DirectoryRefusedError('AZMAN_ERR_LDAP_REFUSED', `${s.display} does not say which domain it serves (no defaultNamingContext)`)
      const [crossRef] = await s.search(`CN=Partitions,${config}`, { scope: 'one', filter: filter`(&(objectClass=crossRef)(nCName=${dn})(nETBIOSName=*))`, attributes: ['nETBIOSName', 'dnsRoot'] })
      const [domainObject] = await s.search(dn, { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['objectSid'], binary: ['objectSid'] })
      const sidBytes = domainObject?.binary.get('objectsid')?.[0]
      return {
        dn,
        netbios: crossRef?.text.get('netbiosname')?.[0] ?? '',
        dns: crossRef?.text.get('dnsroot')?.[0] ?? '',
        sid: sidBytes === undefined ? '' : sidFromBytes(sidBytes),
      }
    })()
    return this.domainInfo
  }

  /**
   * The account a name stands for: `DOMAIN\name`, `name@upn.suffix`, a bare
   * `name` (in the DC's domain), or a well-known name (`BUILTIN\Administrators`,
   * `Everyone`).
   *
   * @throws UnknownAccountError when the directory has no such account.
   */
  async resolveAccount(text: string): Promise<Account> {
    const wellKnown = wellKnownAccountSid(text)
    if (wellKnown !== undefined) return { sid: wellKnown, name: wellKnownSidName(wellKnown) ?? text }
    const name = parseAccountName(text)
    const domain = await this.domain()
    let query: Filter
    switch (name.form) {
      case 'down-level': {
        const d = name.domain.toLowerCase()
        if (d !== domain.netbios.toLowerCase() && d !== domain.dns.toLowerCase()) {
          throw new UnknownAccountError(`${quote(text)}: the directory ${this.target.host} serves the domain ${domain.netbios} (${domain.dns}), not ${name.domain}`)
        }
        query = filter`(sAMAccountName=${name.name})`
        break
      }
      case 'upn':
        query =
          name.suffix.toLowerCase() === domain.dns.toLowerCase()
            ? filter`(|(userPrincipalName=${`${name.name}@${name.suffix}`})(sAMAccountName=${name.name}))`
            : filter`(userPrincipalName=${`${name.name}@${name.suffix}`})`
        break
      case 'bare':
        query = filter`(sAMAccountName=${name.name})`
        break
    }
    const s = await this.connect()
    const found = await s.search(domain.dn, { scope: 'sub', filter: new Filter(`(&(objectSid=*)${query.text})`), attributes: ['sAMAccountName', 'objectSid'], binary: ['objectSid'] })
    if (found.length !== 1) {
      throw new UnknownAccountError(
        found.length === 0
          ? `${quote(text)} is not an account of the domain ${domain.netbios} (asked ${this.target.host})`
          : `${quote(text)} names ${found.length} accounts of ${domain.netbios}; give the SID instead`,
      )
    }
    const entry = found[0]
    const sidBytes = entry?.binary.get('objectsid')?.[0]
    if (entry === undefined || sidBytes === undefined) throw new UnknownAccountError(`${quote(text)} has no SID in the directory`)
    const sid = sidFromBytes(sidBytes)
    return { sid, name: `${domain.netbios}\\${entry.text.get('samaccountname')?.[0] ?? name.name}`, dn: entry.dn }
  }

  /**
   * Names for SIDs, as `DOMAIN\account` (`BUILTIN\...` for builtin groups);
   * SIDs the directory does not know (foreign principals, deleted accounts)
   * are left out. One search per 100 SIDs.
   */
  async names(sids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set([...sids].filter(isValidSid))]
    const out = new Map<string, string>()
    if (wanted.length === 0) return out
    const domain = await this.domain()
    const s = await this.connect()
    for (let i = 0; i < wanted.length; i += SIDS_PER_SEARCH) {
      const batch = wanted.slice(i, i + SIDS_PER_SEARCH)
      const entries = await s.search(domain.dn, {
        scope: 'sub',
        filter: anyOf(batch.map((sid) => filter`(objectSid=${sid})`)),
        attributes: ['sAMAccountName', 'objectSid', 'objectClass'],
        binary: ['objectSid'],
      })
      for (const e of entries) {
        const bytes = e.binary.get('objectsid')?.[0]
        const account = e.text.get('samaccountname')?.[0]
        if (bytes === undefined || account === undefined) continue
        const sid = sidFromBytes(bytes)
        out.set(sid, sid.startsWith('S-1-5-32-') ? `BUILTIN\\${account}` : `${domain.netbios}\\${account}`)
      }
    }
    return out
  }

  /**
   * The SIDs a logon of this account carries, as Windows builds its token:
   * the account's own SID, its transitive groups (`tokenGroups`, primary
   * group and builtin groups included), Everyone and Authenticated Users.
   */
  async tokenSids(account: Account): Promise<string[]> {
    const s = await this.connect()
    const base = account.dn ?? `<SID=${account.sid}>`
    const [entry] = await s.search(base, { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['tokenGroups'], binary: ['tokenGroups'] })
    const groups = (entry?.binary.get('tokengroups') ?? []).map(sidFromBytes)
    return [...new Set([account.sid, ...groups, ...LOGON_SIDS])]
  }

  /**
   * Whether an account matches an LDAP-query application group's filter, as
   * AzMan evaluates it: a base search of the account's object with the filter.
   * `undefined` when the filter is malformed (the group is then conditional).
   */
  async matchesQuery(account: Account, query: string): Promise<boolean | undefined> {
    if (ldapFilterProblem(query) !== undefined) return undefined
    const text = query.trim().startsWith('(') ? query.trim() : `(${query.trim()})`
    const s = await this.connect()
    try {
      const found = await s.search(account.dn ?? `<SID=${account.sid}>`, { scope: 'base', filter: new Filter(text), attributes: ['1.1'] })
      return found.length > 0
    } catch (e) {
      if (e instanceof DirectoryRefusedError) return undefined
      throw e
    }
  }
}
