import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { PolicyStore } from '../../src/model/policy.js'
import { LdapStore, type LdapStoreOptions } from '../../src/store/ldap/ldap-store.js'
import { filter } from '../../src/ldap/filter.js'
import { LdapSession } from '../../src/ldap/session.js'
import { Secret, type LdapSettings } from '../../src/ldap/settings.js'
import { ensureDc, type TestDc } from './samba-dc.js'

/** Settings that reach the test DC over StartTLS, trusting its CA and naming its certificate's host. */
export function dcSettings(dc: TestDc, overrides: Partial<LdapSettings> = {}): LdapSettings {
  return { user: dc.user, password: new Secret(dc.password), caFile: dc.caFile, tlsServerName: dc.tlsServerName, ...overrides }
}

/** The environment variables a CLI run needs to reach the test DC. */
export function dcEnv(dc: TestDc): Record<string, string> {
  return { AZMAN_LDAP_USER: dc.user, AZMAN_LDAP_PASSWORD: dc.password, AZMAN_LDAP_CA: dc.caFile, AZMAN_LDAP_TLS_SERVERNAME: dc.tlsServerName }
}

/** A DN under CN=Program Data no other test uses. */
export function uniqueStoreDn(dc: TestDc, label = 'store'): string {
  return `CN=azman-${label}-${randomBytes(4).toString('hex')},${dc.programData}`
}

export function storeUrl(dc: TestDc, dn: string, port: number = dc.port): string {
  return `msldap://${dc.host}:${port}/${dn}`
}

/** Removes a store (and everything under it) when the test ends. */
export function removeAtEnd(t: Test, dc: TestDc, dn: string): void {
  t.teardown(async () => {
    const session = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc))
    try {
      await session.delete(dn, { tree: true })
    } catch {
      // never created, or already removed
    } finally {
      await session.close()
    }
  })
}

/** A fresh store location on the test DC (nothing there yet), removed at the end; journaled in a test folder. */
export async function freshAdStore(
  t: Test,
  options: Omit<LdapStoreOptions, 'journal'> & { readonly label?: string; readonly journaled?: boolean } = {},
): Promise<{ store: LdapStore; dn: string; dc: TestDc; url: string }> {
  const dc = await ensureDc()
  const dn = uniqueStoreDn(dc, options.label)
  removeAtEnd(t, dc, dn)
  const url = storeUrl(dc, dn)
  const { label: _label, journaled, ...storeOptions } = options
  const journal = journaled === false ? undefined : join(t.testdir(), 'journal.jsonl')
  const store = new LdapStore(url, dcSettings(dc), url, { ...storeOptions, ...(journal === undefined ? {} : { journal }) })
  return { store, dn, dc, url }
}

/** The same, created with `policy`. */
export async function adStoreWith(
  t: Test,
  policy: PolicyStore,
  options: Omit<LdapStoreOptions, 'journal'> & { readonly label?: string; readonly journaled?: boolean } = {},
): Promise<{ store: LdapStore; dn: string; dc: TestDc; url: string }> {
  const fresh = await freshAdStore(t, options)
  await fresh.store.create(policy)
  return fresh
}

/** Whether an entry exists at `dn` on the test DC. */
export async function entryExists(dc: TestDc, dn: string): Promise<boolean> {
  const s = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc))
  try {
    await s.search(dn, { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['1.1'] })
    return true
  } catch {
    return false
  } finally {
    await s.close()
  }
}
