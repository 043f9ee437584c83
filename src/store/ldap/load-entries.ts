import { filter, anyOf, type Filter } from '../../ldap/filter.js'
import { BINARY_ATTRIBUTES, LOAD_ATTRIBUTES, LOAD_CLASSES } from './schema.js'
import type { LdapEntry, LdapSession } from '../../ldap/session.js'

/** Entries per page of the store search. */
export const PAGE_SIZE = 1000

const CLASS_FILTER: Filter = anyOf(LOAD_CLASSES.map((c) => filter`(objectClass=${c})`))

/**
 * Every entry of a store: one paged subtree search under its DN, with the
 * extended-DN control, then (Windows only) the rest of any attribute the
 * server cut short with ranged retrieval (`member;range=0-1499`).
 */
export async function loadEntries(session: LdapSession, storeDn: string, onPage?: (count: number) => void): Promise<LdapEntry[]> {
  const entries: LdapEntry[] = []
  for await (const page of session.searchPages(storeDn, {
    scope: 'sub',
    filter: CLASS_FILTER,
    attributes: LOAD_ATTRIBUTES,
    binary: BINARY_ATTRIBUTES,
    extendedDn: true,
    pageSize: PAGE_SIZE,
  })) {
    entries.push(...page)
    onPage?.(entries.length)
  }
  const out: LdapEntry[] = []
  for (const entry of entries) out.push(await completeRanges(session, entry))
  return out
}

const RANGED = /^(.+);range=(\d+)-(\d+|\*)$/

/** Fetches the remaining values of ranged attributes and merges them under the plain name. */
async function completeRanges(session: LdapSession, entry: LdapEntry): Promise<LdapEntry> {
  const ranged = [...entry.text.keys()].filter((k) => RANGED.test(k))
  if (ranged.length === 0) return entry
  const text = new Map(entry.text)
  const dn = entry.dn.replace(/^(<[^>]*>;)+/, '')
  for (const key of ranged) {
    const [, name = '', , end = '*'] = RANGED.exec(key) ?? []
    const values = [...(text.get(key) ?? [])]
    text.delete(key)
    let next = end
    while (next !== '*') {
      const from = Number(next) + 1
      const [more] = await session.search(dn, { scope: 'base', filter: filter`(objectClass=*)`, attributes: [`${name};range=${from}-*`], extendedDn: true })
      const got = [...(more?.text.entries() ?? [])].find(([k]) => k.startsWith(`${name};range=`))
      if (got === undefined) break
      values.push(...got[1])
      next = RANGED.exec(got[0])?.[3] ?? '*'
    }
    text.set(name, values)
  }
  return { dn: entry.dn, text, binary: entry.binary }
}
