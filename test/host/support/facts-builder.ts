/**
 * Host facts documents for tests, built in code: a 2008 R2 host whose facts
 * are all present and which lets delegated users connect (WMI rights and
 * Distributed COM Users membership for the SIDs given), with helpers to take
 * each fact away or change it.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { HostFacts } from '../../../src/host/facts/schema.js'
import { sample } from '../../cli/run-cli.js'

export const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'
/** The SIDs the delegated sample store grants operations to, besides BUILTIN\Administrators. */
export const DELEGATED_SIDS = [1105, 1106, 1108, 1110, 1120, 1130].map((rid) => `${DOMAIN}-${rid}`)

/** A WMI namespace SDDL like Windows' default (Administrators full, services and Authenticated Users local), plus Enable Account + Remote Enable (`CCWP`) for each SID given. */
export function wmiSddl(remote: readonly string[]): string {
  return `O:BAG:BAD:(A;CI;CCDCLCSWRPWPRCWD;;;BA)(A;CI;CCDCRP;;;NS)(A;CI;CCDCRP;;;LS)(A;CI;CCDCRP;;;AU)${remote.map((sid) => `(A;CI;CCWP;;;${sid})`).join('')}`
}

export interface HostOptions {
  readonly name?: string
  /** VMs as [name, scope]; GUIDs are made up. */
  readonly vms?: readonly (readonly [string, string])[]
  /** SIDs granted WMI remote rights on both namespaces (default: every delegated SID). */
  readonly wmi?: readonly string[]
  /** SIDs in Distributed COM Users (default: every delegated SID). */
  readonly dcomUsers?: readonly string[]
  readonly storeFile?: string
}

/** The SHA-256 of a sample store's bytes. */
export function sampleSha(file: string): string {
  return createHash('sha256')
    .update(readFileSync(sample(file)))
    .digest('hex')
}

function guid(i: number): string {
  return `6f1c2a3b-0000-4000-8000-${i.toString(16).padStart(12, '0')}`
}

/** A 2008 R2 host reading `store-samples/<storeFile>` (default the delegated sample) with every fact present. */
export function hostFacts(options: HostOptions = {}): HostFacts {
  const storeFile = options.storeFile ?? 'hyperv-2008r2-delegated.xml'
  const path = `C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\${storeFile}`
  const wmi = wmiSddl(options.wmi ?? DELEGATED_SIDS)
  return {
    format: 'azman-host-facts/1',
    collectedAt: '2026-12-04T12:00:00Z',
    collector: 'test builder',
    computer: { name: options.name ?? 'HV01', domain: 'CONTOSO', partOfDomain: true },
    os: { caption: 'Microsoft Windows Server 2008 R2 Enterprise', version: '6.1.7601', sku: 10, serverCore: false, productType: 3 },
    virtualization: { storeLocation: `msxml://${path}`, serviceApplication: 'Hyper-V services' },
    store: { kind: 'msxml', location: `msxml://${path}`, path, exists: true, size: 1, sha256: sampleSha(storeFile) },
    vmm: { managed: false, evidence: [] },
    hyperV: { v1Namespace: true, v2Namespace: false, vmms: { state: 'Running', startMode: 'Auto' } },
    vms: (options.vms ?? []).map(([name, scope], i) => ({ name, guid: guid(i + 1), state: 2, scopeOfResidence: scope })),
    wmiNamespaces: [
      { namespace: 'root\\cimv2', sddl: wmi },
      { namespace: 'root\\virtualization', sddl: wmi },
    ],
    dcom: { launchRestriction: null, accessRestriction: null },
    localGroups: [
      { sid: 'S-1-5-32-544', name: 'Administrators', members: [{ sid: `${DOMAIN}-512`, name: 'CONTOSO\\Domain Admins' }] },
      { sid: 'S-1-5-32-562', name: 'Distributed COM Users', members: (options.dcomUsers ?? DELEGATED_SIDS).map((sid) => ({ sid })) },
    ],
    firewall: { enabled: true, groups: [{ group: 'Windows Management Instrumentation (WMI)', enabled: 'all', rules: 3 }] },
    errors: [],
  }
}

/** The facts with some fields replaced (or removed, with `undefined`). */
export function withFacts(facts: HostFacts, change: Partial<Record<keyof HostFacts, unknown>>): HostFacts {
  const out: Record<string, unknown> = { ...facts }
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete out[k]
    else out[k] = v
  }
  return out as unknown as HostFacts
}
