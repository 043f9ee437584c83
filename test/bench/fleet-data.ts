/**
 * The fleet benchmark's data: `count` synthetic Hyper-V hosts, each a store of
 * the 2008 R2 shape (the 34 operations, Administrator, a VM Operator role
 * definition, a connect role at application level) with 20 scopes
 * ("Scope 01".."Scope 20", each with an Operators and an Owners role
 * assignment), and a facts file of 50 VMs bound to those scopes. Scope GUIDs
 * differ per host (as on real hosts, so no two stores have the same bytes);
 * every 100th host (from host 7 on) has one more member in "Scope 03": a
 * drifted store. Written to a folder before any timing.
 */
import { createHash, randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateStore } from '../../src/model/integrity/validate.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT } from '../cli/run-cli.js'

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330'
export const SCOPES = 20
export const VMS = 50

/** The GUID of the operation with this OperationID in the 2008 R2 sample. */
function operationGuid(text: string, id: number): string {
  const m = new RegExp(`<AzOperation Guid="([0-9a-f-]{36})" Name="[^"]*"><OperationID>${id}</OperationID>`).exec(text)
  if (m?.[1] === undefined) throw new Error(`no operation ${id} in the 2008 R2 sample`)
  return m[1]
}

/** The store of host `i` (a drifted one when `drifted`). */
function hostStore(base: string, i: number, drifted: boolean): string {
  const links = (ids: number[]): string => ids.map((id) => `<OperationLink>${operationGuid(base, id)}</OperationLink>`).join('')
  const operator = '9d0e0b1c-0000-4000-8000-000000000001'
  const connect = '9d0e0b1c-0000-4000-8000-000000000002'
  const tasks = `<AzTask Guid="${operator}" Name="VM Operator" RoleDefinition="True">${links([315, 320, 325, 335])}</AzTask><AzTask Guid="${connect}" Name="Hyper-V Manager Connect" RoleDefinition="True">${links([100, 295])}</AzTask>`
  // Every delegated principal holds 100 and 295 at application level, as a fleet in use has it.
  const delegated = [`${DOMAIN}-2000`, ...Array.from({ length: SCOPES }, (_, k) => [`${DOMAIN}-${3002 + k * 2}`, `${DOMAIN}-${3003 + k * 2}`, `${DOMAIN}-${4001 + k}`]).flat()]
  const connectRole = `<AzRole Guid="9d0e0b1c-0000-4000-8000-000000000003" Name="Hyper-V Manager Connect"><TaskLink>${connect}</TaskLink>${delegated.map((m) => `<Member>${m}</Member>`).join('')}</AzRole>`
  const scopes: string[] = []
  for (let s = 1; s <= SCOPES; s++) {
    const members = [`${DOMAIN}-${3000 + s * 2}`, `${DOMAIN}-${3001 + s * 2}`, ...(drifted && s === 3 ? [`${DOMAIN}-${9000 + i}`] : [])]
    scopes.push(
      `<AzScope Guid="${randomUUID()}" Name="Scope ${String(s).padStart(2, '0')}">` +
        `<AzRole Guid="${randomUUID()}" Name="Operators"><TaskLink>${operator}</TaskLink>${members.map((m) => `<Member>${m}</Member>`).join('')}</AzRole>` +
        `<AzRole Guid="${randomUUID()}" Name="Owners"><TaskLink>e34a9fd8-2289-4fa5-a977-4d8fe14e0da7</TaskLink><Member>${DOMAIN}-${4000 + s}</Member></AzRole></AzScope>`,
    )
  }
  const admin = '<AzRole Guid="5e31714a-2040-4413-8e4f-2c20333284cc" Name="Administrator">'
  if (!base.includes(admin)) throw new Error('the 2008 R2 sample changed: fleet-data.ts needs its Administrator role assignment')
  return base.replace(admin, `${tasks}${admin}`).replace('</AzRole></AzApplication>', `</AzRole>${connectRole}${scopes.join('')}</AzApplication>`)
}

/**
 * What a host prepared for remote Hyper-V Manager has (HVRemote's steps, for a
 * delegation group): the domain's delegated principals, here through
 * Authenticated Users, hold Enable Account and Remote Enable on both WMI
 * namespaces and are in Distributed COM Users; the WMI firewall rules are on.
 * An unprepared fleet gives every host a finding per principal and check
 * (see docs/benchmarks.md#host-fleet for what that costs).
 */
function PREPARED(template: Record<string, unknown>): Record<string, unknown> {
  const namespaces = template.wmiNamespaces as { namespace: string; sddl: string }[]
  const groups = template.localGroups as { sid: string; name: string; members: unknown[] }[]
  const firewall = template.firewall as { enabled: boolean; groups: { group: string; rules: number }[] }
  return {
    wmiNamespaces: namespaces.map((n) => ({ ...n, sddl: `${n.sddl}(A;CI;CCWP;;;AU)` })),
    localGroups: groups.map((g) => (g.sid === 'S-1-5-32-562' ? { ...g, members: [{ sid: 'S-1-5-11', name: 'NT AUTHORITY\\Authenticated Users' }] } : g)),
    firewall: { ...firewall, groups: firewall.groups.map((g) => ({ ...g, enabled: 'all' })) },
  }
}

/** The facts of host `i`, whose store has this SHA-256. */
function hostFacts(template: Record<string, unknown>, i: number, sha256: string, size: number, prepared: boolean): Record<string, unknown> {
  const name = `HV${String(i).padStart(4, '0')}`
  const vms = Array.from({ length: VMS }, (_, k) => ({
    name: `${name.toLowerCase()}-vm${k}`,
    guid: randomUUID().toUpperCase(),
    state: k % 3 === 0 ? 3 : 2,
    scopeOfResidence: `Scope ${String((k % SCOPES) + 1).padStart(2, '0')}`,
  }))
  const computer = { name, domain: 'CONTOSO', dnsHostName: `${name.toLowerCase()}.contoso.com`, partOfDomain: true }
  return { ...template, ...(prepared ? PREPARED(template) : {}), computer, vms, store: { ...(template.store as object), sha256, size } }
}

/** A generated fleet: the folder, the `--facts FILE=STORE` arguments of each host, the reference store. */
export interface FleetData {
  readonly dir: string
  readonly pairs: readonly string[]
  readonly reference: string
}

/**
 * Writes `count` hosts into `dir` (a fresh folder); checks that the first store is valid.
 * `prepared` (default true): the hosts are ready for remote Hyper-V Manager; false leaves them as
 * Windows installs them, so every host has findings for every delegated principal.
 */
export function generateFleet(dir: string, count: number, prepared = true): FleetData {
  const base = readFileSync(join(REPO_ROOT, 'store-samples/hyperv-2008r2.xml'), 'utf8')
  const template = JSON.parse(readFileSync(join(REPO_ROOT, 'store-samples/hosts/hv01.json'), 'utf8')) as Record<string, unknown>
  const pairs: string[] = []
  const reference = join(dir, 'reference.xml')
  writeFileSync(reference, hostStore(base, 0, false))
  for (let i = 1; i <= count; i++) {
    const bytes = Buffer.from(hostStore(base, i, i % 100 === 7), 'utf8')
    if (i === 1) {
      const errors = validateStore(parseXmlStore(bytes).policy).filter((f) => f.severity === 'error')
      if (errors.length > 0) throw new Error(`the generated store has ${errors.length} validation error(s), first: ${JSON.stringify(errors[0])}`)
    }
    const store = join(dir, `hv${i}.xml`)
    const facts = join(dir, `hv${i}.json`)
    writeFileSync(store, bytes)
    writeFileSync(facts, JSON.stringify(hostFacts(template, i, createHash('sha256').update(bytes).digest('hex'), bytes.length, prepared)))
    pairs.push(`${facts}=${store}`)
  }
  return { dir, pairs, reference }
}
