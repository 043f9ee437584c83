/**
 * SDDL's LA (the host's built-in Administrator, machine SID + 500) in a WMI
 * namespace DACL: it matches a delegated local account only when the facts
 * carry the host's machine SID (computer.machineSid, which the collector reads
 * from a local account's SID); without it, LA matches no token.
 */
import t from 'tap'
import { checkHost } from '../../../src/host/check/check-host.js'
import { HostCode } from '../../../src/host/check/host-finding.js'
import type { HostFacts } from '../../../src/host/facts/schema.js'
import { DELEGATED_SIDS, hostFacts, sampleSha, withFacts } from '../support/facts-builder.js'
import { connectedDelegatedStore, DELEGATED, withRoleAssignment } from '../support/stores.js'

const MACHINE = 'S-1-5-21-3623811015-3361044348-30300820'
const LOCAL_ADMIN = `${MACHINE}-500`

async function wmiFindingsFor(facts: HostFacts): Promise<string[]> {
  const policy = withRoleAssignment(connectedDelegatedStore(), 'Hyper-V Manager Connect', (ra) => ({ ...ra, members: [...ra.members, LOCAL_ADMIN] }))
  const findings = await checkHost({ label: 'HV01', policy, facts, store: { reference: `store-samples/${DELEGATED}`, sha256: sampleSha(DELEGATED) } })
  return findings.filter((f) => f.code === HostCode.NoWmiRights).map((f) => f.principal?.sid ?? '')
}

t.test('LA in a namespace DACL grants the local Administrator only when the machine SID is known', async (t) => {
  const facts = hostFacts({ wmi: [...DELEGATED_SIDS, 'LA'], dcomUsers: [...DELEGATED_SIDS, LOCAL_ADMIN] })
  t.same(await wmiFindingsFor(facts), [LOCAL_ADMIN, LOCAL_ADMIN], 'unknown machine SID: LA matches nobody, on both namespaces')
  const known = withFacts(facts, { computer: { ...facts.computer, machineSid: MACHINE } })
  t.same(await wmiFindingsFor(known), [], 'known: LA is MACHINE-500, the delegated local Administrator')
  const other = withFacts(facts, { computer: { ...facts.computer, machineSid: 'S-1-5-21-1-2-3' } })
  t.same(await wmiFindingsFor(other), [LOCAL_ADMIN, LOCAL_ADMIN], "another host's machine SID: not this account")
})
