import t from 'tap'
import { checkHost } from '../../../src/host/check/check-host.js'
import { HostCode, type HostFinding } from '../../../src/host/check/host-finding.js'
import type { HostFacts } from '../../../src/host/facts/schema.js'
import { DELEGATED_SIDS, DOMAIN, hostFacts, sampleSha, withFacts } from '../support/facts-builder.js'
import { connectedDelegatedStore, DELEGATED } from '../support/stores.js'

// The principal's AD group (through groupsOf, as the domain would answer) is what the ACEs name.
const PRINCIPAL = `${DOMAIN}-1108`
const AD_GROUP = `${DOMAIN}-2001`
const COND = '(Member_of {SID(BA)})'
const BOTH: [string, string][] = [
  ['lab-01', 'Lab VMs'],
  ['prod-01', 'Production VMs'],
]

async function check(facts: HostFacts): Promise<HostFinding[]> {
  return checkHost({
    label: 'HV01',
    policy: connectedDelegatedStore(),
    facts,
    store: { reference: `store-samples/${DELEGATED}`, sha256: sampleSha(DELEGATED) },
    groupsOf: async (sid) => (sid === PRINCIPAL ? [AD_GROUP] : []),
  })
}

/** The facts where every delegated principal but PRINCIPAL has the WMI rights, and the namespaces end with `aces`. */
function wmiWith(aces: string): HostFacts {
  const facts = hostFacts({ vms: BOTH, wmi: DELEGATED_SIDS.filter((s) => s !== PRINCIPAL) })
  return withFacts(facts, { wmiNamespaces: (facts.wmiNamespaces ?? []).map((n) => ({ ...n, sddl: n.sddl.replace('D:', `D:${aces}`) })) })
}

t.test("a conditional deny (XD) of Remote Enable to the principal's group: not reported as having the right", async (t) => {
  t.same(await check(wmiWith(`(A;;CCWP;;;${AD_GROUP})`)), [], 'the grant alone: the right is held')
  const findings = await check(wmiWith(`(XD;;WP;;;${AD_GROUP};${COND})(A;;CCWP;;;${AD_GROUP})`))
  t.same(
    findings.map((f) => [f.code, f.severity, f.principal?.sid]),
    [
      [HostCode.NoWmiRights, 'medium', PRINCIPAL],
      [HostCode.NoWmiRights, 'medium', PRINCIPAL],
    ],
  )
  t.match(
    findings[0]?.message,
    /but may be denied Remote Enable \(WBEM_REMOTE_ACCESS 0x20\) \(undecided mask 0x20\) by a deny ACE azman cannot evaluate \(conditional, or of generic rights\) on WMI namespace root\\cimv2 of HV01/,
  )
  t.notMatch(findings[0]?.message, /is not granted/, 'Enable Account is granted')
})

t.test('a conditional allow (XA) only: the principal lacks the rights', async (t) => {
  const findings = await check(wmiWith(`(XA;;CCWP;;;${AD_GROUP};${COND})`))
  t.equal(findings.length, 2)
  t.same([...new Set(findings.map((f) => f.principal?.sid))], [PRINCIPAL])
  t.match(findings[0]?.message, /is not granted .*Remote Enable \(WBEM_REMOTE_ACCESS 0x20\) \(missing mask 0x2?0?\)/)
  t.notMatch(findings[0]?.message, /may be denied/)
})

t.test('DCOM: remote activation is what the WMI connection needs; remote launch alone is not', async (t) => {
  const facts = hostFacts({ vms: BOTH, dcomUsers: DELEGATED_SIDS.filter((s) => s !== PRINCIPAL) })
  const restriction = (rights: string) => `O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;${rights};;;${AD_GROUP})`
  // COM_RIGHTS_EXECUTE 1 (CC), EXECUTE_LOCAL 2 (DC), EXECUTE_REMOTE 4 (LC), ACTIVATE_LOCAL 8 (SW), ACTIVATE_REMOTE 16 (RP).
  const cases: [string, string, boolean][] = [
    ['launch only', 'CCDCLCSW', false],
    ['activation only', 'CCDCSWRP', true],
    ['both', 'CCDCLCSWRP', true],
    ['neither', 'CCDCSW', false],
  ]
  let checked = 0
  for (const [name, rights, enough] of cases) {
    const findings = await check(withFacts(facts, { dcom: { launchRestriction: restriction(rights), accessRestriction: null } }))
    if (enough) t.same(findings, [], name)
    else {
      t.same(
        findings.map((f) => [f.code, f.principal?.sid]),
        [[HostCode.NoDcomRights, PRINCIPAL]],
        name,
      )
      t.match(findings[0]?.message, /not certainly granted DCOM remote activation \(MachineLaunchRestriction; missing mask 0x10: remote activation COM_RIGHTS_ACTIVATE_REMOTE 0x10\)/, name)
    }
    checked++
  }
  t.equal(checked, 4)
  const xd = restriction('CCDCLCSWRP').replace('D:', `D:(XD;;RP;;;${AD_GROUP};${COND})`)
  const conditional = await check(withFacts(facts, { dcom: { launchRestriction: xd, accessRestriction: null } }))
  t.same(
    conditional.map((f) => f.principal?.sid),
    [PRINCIPAL],
  )
  t.match(conditional[0]?.message, /undecided mask 0x10: remote activation COM_RIGHTS_ACTIVATE_REMOTE 0x10, which a deny ACE azman cannot evaluate may deny/, 'a conditional deny in DCOM too')
})
