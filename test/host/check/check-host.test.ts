import t from 'tap'
import { checkHost, type HostCheckInput } from '../../../src/host/check/check-host.js'
import { HostCode, type HostFinding } from '../../../src/host/check/host-finding.js'
import type { HostFacts } from '../../../src/host/facts/schema.js'
import type { PolicyStore } from '../../../src/model/policy.js'
import { DELEGATED_SIDS, DOMAIN, hostFacts, sampleSha, withFacts } from '../support/facts-builder.js'
import { connectedDelegatedStore, DELEGATED, loadSample, withRoleAssignment } from '../support/stores.js'

const LAB_VMS: [string, string][] = [
  ['lab-01', 'Lab VMs'],
  ['lab-02', 'Lab VMs'],
]
const BOTH_SCOPES: [string, string][] = [...LAB_VMS, ['prod-01', 'Production VMs']]
const GROUP = `${DOMAIN}-1108`

async function check(
  facts: HostFacts,
  options: { policy?: PolicyStore; reference?: string; location?: string; sha?: string | null; groupsOf?: HostCheckInput['groupsOf'] } = {},
): Promise<HostFinding[]> {
  return checkHost({
    label: facts.computer?.name ?? 'host.json',
    policy: options.policy ?? connectedDelegatedStore(),
    facts,
    store: {
      reference: options.reference ?? `store-samples/${DELEGATED}`,
      ...(options.location === undefined ? {} : { location: options.location }),
      sha256: options.sha === undefined ? sampleSha(DELEGATED) : options.sha,
    },
    ...(options.groupsOf === undefined ? {} : { groupsOf: options.groupsOf }),
  })
}

const codes = (findings: readonly HostFinding[]): string[] => findings.map((f) => f.code)

t.test('a host that lets every delegation work has no findings', async (t) => {
  t.same(await check(hostFacts({ vms: BOTH_SCOPES })), [])
})

t.test('DONE WHEN: the delegated sample, "Lab VMs" with VMs, "Production VMs" without, a delegated group without WMI rights', async (t) => {
  const facts = hostFacts({ vms: LAB_VMS, wmi: DELEGATED_SIDS.filter((s) => s !== GROUP) })
  const findings = await check(facts)
  t.same(codes(findings), [HostCode.NoWmiRights, HostCode.NoWmiRights, HostCode.ScopeWithoutVms])
  t.same(
    findings.map((f) => [f.severity, f.scope, f.principal?.sid ?? null]),
    [
      ['medium', null, GROUP],
      ['medium', null, GROUP],
      ['low', 'Production VMs', null],
    ],
  )
  t.match(findings[0]?.message, /not granted Remote Enable \(WBEM_REMOTE_ACCESS 0x20\) \(missing mask 0x20\) on WMI namespace root\\cimv2 of HV01/)
  t.match(findings[1]?.message, /on WMI namespace root\\virtualization of HV01/)
  t.ok(
    findings.some((f) => f.severity === 'medium' || f.severity === 'high' || f.severity === 'critical'),
    'worst is at least medium: --fail-on medium exits 1',
  )

  // The shipped sample as it is: its two scope-only holders also cannot connect (as `azman audit` says).
  const raw = await check(facts, { policy: loadSample(DELEGATED) })
  t.same(codes(raw), [HostCode.NoConnectOperations, HostCode.NoConnectOperations, HostCode.NoWmiRights, HostCode.NoWmiRights, HostCode.ScopeWithoutVms])
  t.same(
    raw.filter((f) => f.code === HostCode.NoConnectOperations).map((f) => f.principal?.sid),
    [`${DOMAIN}-1110`, `${DOMAIN}-1120`],
  )
})

t.test('HOST_VM_SCOPE_MISSING names the VMs bound to a scope the store lacks', async (t) => {
  const findings = await check(hostFacts({ vms: [...BOTH_SCOPES, ['web "01"\u001b[31m', 'Web VMs'], ['web-02', 'Web VMs'], ['db', '']] }))
  t.same(codes(findings), [HostCode.VmScopeMissing])
  const [f] = findings
  t.equal(f?.severity, 'medium')
  t.equal(f?.scope, 'Web VMs')
  t.same(f?.vms, ['web "01" [31m', 'web-02'])
  t.match(f?.message, /2 VMs of HV01 .* are bound to scope "Web VMs", which the store lacks: Hyper-V manages them at application level only/)
  t.notOk((f?.message ?? '').includes('\u001b'), 'no control characters from a VM name')
  // A VM listed twice (same GUID) counts once.
  const facts = hostFacts({ vms: [...BOTH_SCOPES, ['web-02', 'Web VMs']] })
  const twice = withFacts(facts, { vms: [...(facts.vms ?? []), ...(facts.vms ?? []).slice(-1)] })
  t.same((await check(twice))[0]?.vms, ['web-02'])
})

t.test('HOST_SCOPE_WITHOUT_VMS: one per scope no VM is bound to; a VM bound with other case is HOST_VM_SCOPE_MISSING', async (t) => {
  const findings = await check(hostFacts({ vms: [['lab-01', 'Lab VMs']] }))
  t.same(codes(findings), [HostCode.ScopeWithoutVms])
  t.equal(findings[0]?.severity, 'low')
  t.equal(findings[0]?.scope, 'Production VMs')
  // A VM bound to "lab vms": the store spells it "Lab VMs". Not taken as bound (no source says Hyper-V ignores case),
  // but not reported as an empty scope either.
  const cased = await check(hostFacts({ vms: [['lab-01', 'lab vms']] }))
  t.same(codes(cased), [HostCode.VmScopeMissing, HostCode.ScopeWithoutVms])
  t.equal(cased[0]?.severity, 'medium')
  t.match(cased[0]?.message, /bound to scope "lab vms", which the store spells "Lab VMs": no source says Hyper-V finds a scope without regard to case/)
  t.equal(cased[1]?.scope, 'Production VMs', 'only Production VMs is empty')
  const none = await check(hostFacts({ vms: [] }))
  t.same(
    none.map((f) => f.scope),
    ['Lab VMs', 'Production VMs'],
  )
})

t.test('HOST_STORE_NOT_READ: another SHA-256, another file name, another kind, no application', async (t) => {
  const facts = hostFacts({ vms: BOTH_SCOPES })
  const sha = await check(facts, { sha: 'a'.repeat(64) })
  t.same(codes(sha), [HostCode.StoreNotRead])
  t.equal(sha[0]?.severity, 'high')
  t.match(sha[0]?.message, /whose SHA-256 is [0-9a-f]{64}, but the store checked has SHA-256 a{64}/)
  t.same(await check(facts, { reference: 'C:\\copies\\other-name.xml' }), [], 'the same bytes under another name are the store the host reads')
  const name = await check(facts, { reference: '/tmp/other.xml', sha: null })
  t.same(codes(name), [HostCode.StoreNotRead])
  t.match(name[0]?.message, /HV01 reads "msxml:\/\/C:\\ProgramData.*hyperv-2008r2-delegated\.xml" \(StoreLocation\), not "\/tmp\/other\.xml"/)
  t.same(await check(facts, { reference: '/elsewhere/HYPERV-2008R2-DELEGATED.XML', sha: null }), [], 'file names compare without case')
  const kind = await check(facts, { reference: 'msldap://CN=Store,DC=contoso,DC=com', sha: null })
  t.same(codes(kind), [HostCode.StoreNotRead])
  const ldapFacts = withFacts(facts, { store: { kind: 'msldap', location: 'msldap://dc01/CN=Store, DC=contoso,DC=com' } })
  t.same(await check(ldapFacts, { reference: 'msldap://CN=store,DC=Contoso,DC=com', sha: null }), [], 'DNs compare without case, spaces or server')
  // The host's file could not be hashed (locked, read denied): the bytes are unknown, not equal.
  const { sha256: _unread, ...unhashed } = facts.store ?? { kind: 'msxml', location: '' }
  const locked = withFacts(facts, { store: unhashed, errors: [{ fact: 'store.sha256', reason: 'File could not be opened. (0x800A0BBA)' }] })
  const unknown = await check(locked)
  t.same(codes(unknown), [HostCode.FactMissing], 'same name, bytes unknown: not checked, not passed')
  t.match(
    unknown[0]?.message,
    /whether HV01's store file holds the bytes of the store checked was not checked: the facts lack store\.sha256 \(the collector says: File could not be opened\. \(0x800A0BBA\)\)/,
  )
  t.same(codes(await check(locked, { reference: '/tmp/other.xml' })), [HostCode.StoreNotRead], 'another name is still another store')
  t.same(await check(locked, { sha: null }), [], 'no SHA-256 on either side: names decide, as before')
  // A store named one way (a REST store's name) and read from another (its URL): compared by where it is read from.
  const named = { reference: 'lab', location: 'msldap://dc01/CN=Store,DC=contoso,DC=com', sha: null }
  t.same(await check(ldapFacts, named), [], 'compared by location, not by name')
  const otherDn = await check(ldapFacts, { ...named, location: 'msldap://dc01/CN=Other,DC=contoso,DC=com' })
  t.same(codes(otherDn), [HostCode.StoreNotRead])
  t.match(otherDn[0]?.message, /\(StoreLocation\), not "lab"/, 'and named by its name')
  // The file StoreLocation names is not there.
  const { sha256: _gone, size: _size, ...missing } = facts.store ?? { kind: 'msxml', location: '' }
  const absent = await check(withFacts(facts, { store: { ...missing, exists: false } }))
  t.same(codes(absent), [HostCode.StoreNotRead], 'a missing store file is not this store')
  t.match(absent[0]?.message, /does not exist there, so Hyper-V cannot initialise its authorization store/)
  const app = await check(withFacts(facts, { virtualization: { storeLocation: facts.virtualization?.storeLocation ?? null, serviceApplication: 'Other app' } }))
  t.same(codes(app), [HostCode.StoreNotRead])
  t.match(app[0]?.message, /the store has no application "Other app", which HV01 opens \(ServiceApplication\)/)
})

t.test('HOST_VMM_MANAGED: from the facts or a StoreLocation naming HyperVAuthStore.xml; high when scopes hold role assignments', async (t) => {
  const facts = hostFacts({ vms: BOTH_SCOPES })
  const managed = await check(withFacts(facts, { vmm: { managed: true, evidence: ['service SCVMMAgent is installed'] } }))
  t.same(codes(managed), [HostCode.VmmManaged])
  t.equal(managed[0]?.severity, 'high')
  t.match(managed[0]?.message, /System Center VMM manages HV01 \(service SCVMMAgent is installed\).*role assignments of 2 scopes made outside VMM will be reverted/)
  const path = 'C:\\ProgramData\\Microsoft\\Virtual Machine Manager\\HyperVAuthStore.xml'
  const byName = withFacts(hostFacts({ vms: [['vm', '']] }), { store: { kind: 'msxml', location: `msxml://${path}`, path, sha256: sampleSha('hyperv-2008r2.xml') } })
  const base = await check(byName, { policy: loadSample('hyperv-2008r2.xml'), reference: 'HyperVAuthStore.xml', sha: sampleSha('hyperv-2008r2.xml') })
  t.same(codes(base), [HostCode.VmmManaged])
  t.equal(base[0]?.severity, 'medium', 'no scope delegations to revert yet')
  t.match(base[0]?.message, /StoreLocation names HyperVAuthStore\.xml/)
})

t.test('HOST_AZMAN_NOT_ENFORCED: 2012 R2 and later, or no v1 namespace; the other checks are skipped', async (t) => {
  const facts = hostFacts({ vms: [] })
  const r2 = await check(withFacts(facts, { os: { caption: 'Microsoft Windows Server 2012 R2 Datacenter', version: '6.3.9600', sku: 8, serverCore: false, productType: 3 } }))
  t.same(codes(r2), [HostCode.NotEnforced])
  t.equal(r2[0]?.severity, 'high')
  t.match(r2[0]?.message, /AzMan governs nothing on HV01: it runs Microsoft Windows Server 2012 R2 Datacenter \(version 6\.3\.9600/)
  const noV1 = await check(withFacts(facts, { hyperV: { v1Namespace: false, v2Namespace: true, vmms: null } }))
  t.same(codes(noV1), [HostCode.NotEnforced])
  t.match(noV1[0]?.message, /no root\\virtualization \(WMI v1\) namespace/)
  const v2012 = await check(withFacts(hostFacts({ vms: BOTH_SCOPES }), { os: { caption: 'Windows Server 2012', version: '6.2.9200', sku: 8, serverCore: false, productType: 3 } }))
  t.same(v2012, [], '2012 (6.2) still enforces AzMan')
  const ten = await check(withFacts(facts, { os: { caption: 'Windows Server 2016', version: '10.0.14393', sku: 8, serverCore: true, productType: 3 } }))
  t.same(codes(ten), [HostCode.NotEnforced])
})

t.test('HOST_NO_CONNECT_OPERATIONS: a delegated principal without 100 and 295 at application level, unless a local group gives them', async (t) => {
  const facts = hostFacts({ vms: BOTH_SCOPES })
  const findings = await check(facts, { policy: loadSample(DELEGATED) })
  t.same(codes(findings), [HostCode.NoConnectOperations, HostCode.NoConnectOperations])
  t.equal(findings[0]?.severity, 'medium')
  t.same(
    findings[0]?.operations.map((o) => o.id),
    [100, 295],
  )
  t.match(findings[0]?.message, /holds operations at scope "Lab VMs" but cannot get 100 "Read Service Configuration" and 295 "View Virtual Switch Management Service" at application level on HV01/)
  // 1120 is a member of the host's local Administrators: its token gets everything, so it is not delegated at all.
  const admins = (facts.localGroups ?? []).map((g) => (g.sid === 'S-1-5-32-544' ? { ...g, members: [...g.members, { sid: `${DOMAIN}-1120` }] } : g))
  const withAdmin = await check(withFacts(facts, { localGroups: admins }), { policy: loadSample(DELEGATED) })
  t.same(
    withAdmin.map((f) => f.principal?.sid),
    [`${DOMAIN}-1110`],
  )
})

t.test('HOST_NO_WMI_RIGHTS: per principal and namespace; rights through an AD group (groupsOf) or a local group count', async (t) => {
  const facts = hostFacts({ vms: BOTH_SCOPES, wmi: DELEGATED_SIDS.filter((s) => s !== GROUP) })
  t.same(codes(await check(facts)), [HostCode.NoWmiRights, HostCode.NoWmiRights])
  const adGroup = `${DOMAIN}-2001`
  const wmi = (facts.wmiNamespaces ?? []).map((n) => ({ ...n, sddl: `${n.sddl}(A;CI;CCWP;;;${adGroup})` }))
  const asked: string[] = []
  const groupsOf = async (sid: string): Promise<readonly string[] | undefined> => {
    asked.push(sid)
    return sid === GROUP ? [adGroup] : []
  }
  t.same(await check(withFacts(facts, { wmiNamespaces: wmi }), { groupsOf }), [], 'granted through its AD group')
  t.equal(asked.length, 6, 'each delegated principal asked once')
  // Through a local group: root\virtualization grants Distributed COM Users, of which the group is a member.
  const viaLocal = (facts.wmiNamespaces ?? []).map((n) => ({ ...n, sddl: `${n.sddl}(A;CI;CCWP;;;S-1-5-32-562)` }))
  t.same(await check(withFacts(facts, { wmiNamespaces: viaLocal })), [])
  // An explicit deny of Remote Enable to NETWORK wins over the grant.
  const denied = (facts.wmiNamespaces ?? []).map((n) => ({ ...n, sddl: n.sddl.replace('D:', 'D:(D;;WP;;;NU)') }))
  const all = await check(withFacts(hostFacts({ vms: BOTH_SCOPES }), { wmiNamespaces: denied }))
  t.equal(all.length, 12, 'six delegated principals, two namespaces')
})

t.test('HOST_NO_DCOM_RIGHTS: the OS default MachineLaunchRestriction, an explicit one, the access restriction', async (t) => {
  const facts = hostFacts({ vms: BOTH_SCOPES, dcomUsers: DELEGATED_SIDS.filter((s) => s !== GROUP) })
  const findings = await check(facts)
  t.same(codes(findings), [HostCode.NoDcomRights])
  t.equal(findings[0]?.principal?.sid, GROUP)
  t.match(
    findings[0]?.message,
    /not certainly granted DCOM remote activation \(MachineLaunchRestriction, the OS default; missing mask 0x10: remote activation COM_RIGHTS_ACTIVATE_REMOTE 0x10\).*Distributed COM Users \(S-1-5-32-562\)/,
  )
  const legacy = withFacts(facts, { dcom: { launchRestriction: `O:BAG:BAD:(A;;0x1;;;${GROUP})(A;;CCDCLCSWRP;;;S-1-5-32-562)`, accessRestriction: null } })
  t.same(await check(legacy), [], 'COM_RIGHTS_EXECUTE alone (the pre-XP SP2 format) grants every right')
  const access = withFacts(hostFacts({ vms: BOTH_SCOPES }), { dcom: { launchRestriction: null, accessRestriction: 'O:BAG:BAD:(A;;CCDC;;;WD)' } })
  const accessFindings = await check(access)
  t.equal(accessFindings.length, 6)
  t.match(accessFindings[0]?.message, /remote access \(MachineAccessRestriction; missing mask 0x4: remote access COM_RIGHTS_EXECUTE_REMOTE 0x4\)/)
})

t.test('HOST_FIREWALL_BLOCKS: the firewall on with the WMI group not all enabled', async (t) => {
  const facts = hostFacts({ vms: BOTH_SCOPES })
  const some = await check(withFacts(facts, { firewall: { enabled: true, groups: [{ group: 'Windows Management Instrumentation (WMI)', enabled: 'some', rules: 3 }] } }))
  t.same(codes(some), [HostCode.FirewallBlocks])
  t.equal(some[0]?.severity, 'medium')
  t.match(some[0]?.message, /"Windows Management Instrumentation \(WMI\)" only partly enabled/)
  t.same(await check(withFacts(facts, { firewall: { enabled: false, groups: [{ group: 'Windows Management Instrumentation (WMI)', enabled: 'none', rules: 3 }] } })), [], 'firewall off')
  const resource = await check(withFacts(facts, { firewall: { enabled: true, groups: [{ group: '@FirewallAPI.dll,-34251', enabled: 'none', rules: 3 }] } }))
  t.match(resource[0]?.message, /disabled/)
})

t.test('HOST_ADMINISTRATORS_NOT_ADMIN: BUILTIN\\Administrators taken out of the Administrator role assignment', async (t) => {
  const policy = withRoleAssignment(connectedDelegatedStore(), 'Administrator', (ra) => ({ ...ra, members: [] }))
  const findings = await check(hostFacts({ vms: BOTH_SCOPES }), { policy, sha: null, reference: DELEGATED })
  t.same(codes(findings), [HostCode.AdministratorsNotAdmin])
  t.equal(findings[0]?.severity, 'high')
  t.equal(findings[0]?.principal?.name, 'BUILTIN\\Administrators')
  t.equal(findings[0]?.operations.length, 34)
  t.match(findings[0]?.message, /BUILTIN\\Administrators \(S-1-5-32-544\) gets none of the 34 operations of "Hyper-V services" at application level/)
})

t.test('HOST_FACT_MISSING: each missing fact once, with the collector reason; SDDL that does not parse', async (t) => {
  const facts = withFacts(hostFacts({ vms: BOTH_SCOPES }), {
    wmiNamespaces: undefined,
    dcom: undefined,
    firewall: undefined,
    vmm: undefined,
    errors: [{ fact: 'dcom', reason: 'Access is denied.\r\n' }],
  })
  const findings = await check(facts)
  t.same(codes(findings), [HostCode.FactMissing, HostCode.FactMissing, HostCode.FactMissing, HostCode.FactMissing, HostCode.FactMissing])
  t.ok(findings.every((f) => f.severity === 'info'))
  const messages = findings.map((f) => f.message).sort()
  t.same(messages, [
    'DCOM remote activation was not checked: the facts lack dcom (the collector says: Access is denied. )',
    'WMI rights on root\\cimv2 was not checked: the facts lack wmiNamespaces',
    'WMI rights on root\\virtualization was not checked: the facts lack wmiNamespaces',
    'the firewall rules for WMI was not checked: the facts lack firewall',
    'whether VMM manages the host was not checked: the facts lack vmm',
  ])
  const bad = withFacts(hostFacts({ vms: BOTH_SCOPES }), { wmiNamespaces: [{ namespace: 'root\\cimv2', sddl: 'D:(A;;CC;;;NOPE)' }] })
  const parsed = await check(bad)
  t.same(codes(parsed), [HostCode.FactMissing, HostCode.FactMissing])
  t.match(
    parsed.map((f) => f.message).join('\n'),
    /WMI rights on root\\cimv2 was not checked: the security descriptor of root\\cimv2 in the facts does not parse: SDDL: "NOPE" is neither a SID nor a SID alias at character 12/,
  )
  t.match(parsed.map((f) => f.message).join('\n'), /the facts' wmiNamespaces have no entry for root\\virtualization/)
  const huge = 'D:' + '(A;;CC;;;BA)'.repeat(5000)
  const start = performance.now()
  const hostile = await check(
    withFacts(hostFacts({ vms: BOTH_SCOPES }), {
      wmiNamespaces: [
        { namespace: 'root\\cimv2', sddl: huge },
        { namespace: 'root\\virtualization', sddl: 'x'.repeat(65_536) },
      ],
    }),
  )
  t.ok(performance.now() - start < 2000, 'a 60 KB SDDL is refused fast')
  t.same(
    hostile.map((f) => f.message.replace(/ \(near .*$/, '')),
    [
      'WMI rights on root\\cimv2 was not checked: the security descriptor of root\\cimv2 in the facts does not parse: SDDL: more than 4096 ACEs in one ACL at character 49155',
      'WMI rights on root\\virtualization was not checked: the security descriptor of root\\virtualization in the facts does not parse: SDDL: expected O:, G:, D: or S: at character 1',
    ],
  )
  const noVms = await check(withFacts(hostFacts(), { vms: undefined }))
  t.same(codes(noVms), [HostCode.FactMissing])
  const noOs = await check(withFacts(hostFacts({ vms: BOTH_SCOPES }), { os: undefined, hyperV: undefined }))
  t.same(codes(noOs), [HostCode.FactMissing])
})

t.test('findings are sorted: severity, then code, scope, principal', async (t) => {
  const facts = withFacts(hostFacts({ vms: [['x', 'Gone']], wmi: [], dcomUsers: [] }), { vmm: { managed: true, evidence: [] } })
  const findings = await check(facts, { policy: loadSample(DELEGATED) })
  const order = findings.map((f) => `${f.severity} ${f.code} ${f.scope ?? ''} ${f.principal?.sid ?? ''}`)
  t.equal(findings[0]?.code, HostCode.VmmManaged)
  t.same(
    order,
    [...order].sort((a, b) => rank(b) - rank(a) || (a < b ? -1 : a > b ? 1 : 0)),
  )
  t.ok(findings.length > 20, `${findings.length} findings`)
  t.same(await check(facts, { policy: loadSample(DELEGATED) }), findings, 'the same every run')
})

function rank(line: string): number {
  return ['info', 'low', 'medium', 'high', 'critical'].indexOf(line.split(' ')[0] ?? '')
}
