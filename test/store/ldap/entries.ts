import { guidToBytes } from '../../../src/ldap/binary-ids.js'
import type { LdapEntry } from '../../../src/ldap/session.js'
import type { StoreIndex } from '../../../src/store/ldap/store-index.js'
import type { PolicyStore } from '../../../src/model/policy.js'
import { planLdapWrites } from '../../../src/store/ldap/write-plan.js'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import { dnKey } from '../../../src/ldap/dn.js'
import { guidKey } from '../../../src/model/policy.js'
import { guidFromBytes } from '../../../src/ldap/binary-ids.js'

/** A search result entry as the extended-DN control returns it. */
export function entry(dn: string, objectGuid: string, objectClass: string[], attrs: Record<string, string[]> = {}, options: { azGuid?: string; usn?: string } = {}): LdapEntry {
  const text = new Map<string, string[]>([
    ['objectclass', ['top', ...objectClass]],
    ['usnchanged', [options.usn ?? '100']],
    ['whenchanged', ['20260101000000.0Z']],
  ])
  for (const [k, v] of Object.entries(attrs)) text.set(k.toLowerCase(), v)
  const binary = new Map<string, Buffer[]>()
  if (options.azGuid !== undefined) binary.set('msds-azobjectguid', [guidToBytes(options.azGuid)])
  return { dn: `<GUID=${objectGuid}>;${dn}`, text, binary }
}

/** The index a store would have once `policy` was created at `storeDn`: DNs as azman lays them out, objectGUID = model GUID. */
export function indexAfterCreate(policy: PolicyStore, storeDn: string): StoreIndex {
  const empty: PolicyStore = { ...policy, applications: [], groups: [] }
  const fresh: StoreIndex = { storeDn, store: { kind: 'store', dn: storeDn, objectGuid: '', usn: '', whenChanged: '' }, objects: new Map(), containers: new Set(), stamps: [] }
  const writes = planLdapWrites(empty, policy, diffPolicies(empty, policy), fresh, { createStore: true })
  const objects = new Map<string, { kind: 'application'; dn: string; objectGuid: string; usn: string; whenChanged: string }>()
  const containers = new Set<string>()
  for (const w of writes) {
    if (w.type !== 'add') continue
    const az = w.attributes['msDS-AzObjectGuid']?.[0]
    if (Buffer.isBuffer(az) && w.dn !== storeDn) {
      const guid = guidFromBytes(az)
      objects.set(guidKey(guid), { kind: 'application', dn: w.dn, objectGuid: guid, usn: '1', whenChanged: '' })
    } else if (w.attributes.objectClass?.[0] === 'container') containers.add(dnKey(w.dn))
  }
  return { ...fresh, objects, containers }
}
