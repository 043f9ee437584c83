/**
 * Synthetic Hyper-V AzMan stores for the benchmark, in AzMan's exact byte
 * layout (docs/store-format.md#2-file-layout, docs/store-format.md#9-writing):
 * the declaration, CRLF, the root start tag, CRLF, one TAB, then every element
 * on one line with no white space between tags, then `</AzAdminManager>` and
 * CRLF.
 *
 * Content: one application "Hyper-V services" with the 34 Hyper-V operations
 * (OperationID 100..355), a few application-level tasks, role definitions, a
 * group and a role assignment, then as many scopes (one per VM group) as it
 * takes to reach the target size. Each scope holds two basic groups (members
 * and one non-member), a role definition linking application-level tasks, and
 * three role assignments with many member SIDs and links to the scope's groups.
 * Every link resolves; every list is written in ascending order; GUIDs are
 * lowercase version 4. The output is a pure function of (targetBytes, seed).
 */
import { prng } from '../support/prng.js'

/** The Hyper-V operations (names as in Windows Server 2008 R2's InitialStore.xml). */
export const OPERATIONS: readonly (readonly [number, string])[] = [
  [100, 'Read Service Configuration'],
  [105, 'Reconfigure Service'],
  [200, 'Create Virtual Switch'],
  [205, 'Delete Virtual Switch'],
  [210, 'Create Virtual Switch Port'],
  [215, 'Delete Virtual Switch Port'],
  [220, 'Connect Virtual Switch Port'],
  [225, 'Disconnect Virtual Switch Port'],
  [230, 'Create Internal Ethernet Port'],
  [235, 'Delete Internal Ethernet Port'],
  [240, 'Bind External Ethernet Port'],
  [245, 'Unbind External Ethernet Port'],
  [250, 'Change VLAN Configuration on Port'],
  [255, 'Modify Switch Settings'],
  [260, 'Modify Switch Port Settings'],
  [265, 'View Switches'],
  [270, 'View Switch Ports'],
  [275, 'View External Ethernet Ports'],
  [280, 'View Internal Ethernet Ports'],
  [285, 'View VLAN Settings'],
  [290, 'View LAN Endpoints'],
  [295, 'View Virtual Switch Management Service'],
  [300, 'Create Virtual Machine'],
  [305, 'Delete Virtual Machine'],
  [310, 'Change Virtual Machine Authorization Scope'],
  [315, 'Start Virtual Machine'],
  [320, 'Stop Virtual Machine'],
  [325, 'Pause and Restart Virtual Machine'],
  [330, 'Reconfigure Virtual Machine'],
  [335, 'View Virtual Machine Configuration'],
  [340, 'Allow Input to Virtual Machine'],
  [345, 'Allow Output from Virtual Machine'],
  [350, 'Modify Internal Ethernet Port'],
  [355, 'Allow Virtual Machine Snapshot'],
]

/** Application-level tasks: name and the OperationIDs they link. */
const APP_TASKS: readonly (readonly [string, readonly number[]])[] = [
  ['Connect to Hyper-V Manager', [100, 295]],
  ['Monitor Virtual Machine', [100, 265, 270, 275, 280, 285, 290, 295, 335]],
  ['Operate Virtual Machine Power', [315, 320, 325]],
  ['Use Virtual Machine Console', [340, 345]],
  ['Manage Virtual Machine', [300, 305, 330, 355]],
]

/** Domains the member SIDs come from. */
const DOMAINS = ['S-1-5-21-1004336348-1177238915-682003330', 'S-1-5-21-3623811015-3361044348-30300820'] as const

const HEADER = '<?xml version="1.0" encoding="utf-8"?>\r\n<AzAdminManager MajorVersion="1" MinorVersion="0">\r\n\t'
const FOOTER = '</AzAdminManager>\r\n'

class Generator {
  /** The next unsigned 32-bit integer. */
  private readonly next: () => number
  private readonly guids = new Set<string>()

  constructor(seed: number) {
    const random = prng(seed)
    this.next = () => Math.floor(random() * 2 ** 32)
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1))
  }

  /** A fresh lowercase version 4 GUID, unique within this store. */
  guid(): string {
    for (;;) {
      const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')
      const a = hex(this.next())
      const b = hex((this.next() & 0xffff0fff) | 0x00004000) // version 4
      const c = hex((this.next() & 0x3fffffff) | 0x80000000) // variant 10xx
      const d = hex(this.next())
      const g = `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`
      if (!this.guids.has(g)) {
        this.guids.add(g)
        return g
      }
    }
  }

  /** `count` distinct domain SIDs, in ascending text order (as AzMan writes lists). */
  sids(count: number): string[] {
    const out = new Set<string>()
    while (out.size < count) out.add(`${DOMAINS[this.int(0, DOMAINS.length - 1)] ?? DOMAINS[0]}-${this.int(1100, 199999)}`)
    return [...out].sort(ascending)
  }
}

function ascending(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `<Name>value</Name>` for each value, sorted ascending. */
function list(element: string, values: readonly string[]): string {
  let out = ''
  for (const v of [...values].sort(ascending)) out += `<${element}>${v}</${element}>`
  return out
}

function application(gen: Generator, appGuid: string, storeGroup: string): { head: string; tail: string; tasks: string[]; monitor: string } {
  const ops = new Map<number, string>()
  let head = `<AzApplication Guid="${appGuid}" Name="Hyper-V services">`
  for (const [id, name] of OPERATIONS) {
    const g = gen.guid()
    ops.set(id, g)
    head += `<AzOperation Guid="${g}" Name="${name}"><OperationID>${id}</OperationID></AzOperation>`
  }
  const opGuid = (id: number): string => {
    const g = ops.get(id)
    if (g === undefined) throw new Error(`no operation ${id}`)
    return g
  }
  const administrator = gen.guid()
  head += `<AzTask Guid="${administrator}" Name="Administrator" RoleDefinition="True">${list('OperationLink', [...ops.values()])}</AzTask>`
  head += `<AzRole Guid="${gen.guid()}" Name="Administrator"><TaskLink>${administrator}</TaskLink><Member>S-1-5-32-544</Member></AzRole>`
  const tasks: string[] = []
  for (const [name, ids] of APP_TASKS) {
    const g = gen.guid()
    tasks.push(g)
    head += `<AzTask Guid="${g}" Name="${name}">${list('OperationLink', ids.map(opGuid))}</AzTask>`
  }
  // A task nesting two others, and two role definitions over tasks.
  const [connect, monitorTask, power, consoleTask] = tasks
  if (connect === undefined || monitorTask === undefined || power === undefined || consoleTask === undefined) throw new Error('missing tasks')
  const operate = gen.guid()
  tasks.push(operate)
  head += `<AzTask Guid="${operate}" Name="Operate Virtual Machine">${list('OperationLink', [opGuid(335)])}${list('TaskLink', [power, consoleTask])}</AzTask>`
  const monitor = gen.guid()
  head += `<AzTask Guid="${monitor}" Name="IT Monitor" RoleDefinition="True">${list('TaskLink', [connect, monitorTask])}</AzTask>`
  const operators = gen.guid()
  head += `<AzApplicationGroup Guid="${operators}" Name="VM Operators" GroupType="Basic">${list('Member', gen.sids(4))}${list('NonMember', gen.sids(1))}</AzApplicationGroup>`
  head += `<AzRole Guid="${gen.guid()}" Name="Auditors"><TaskLink>${monitor}</TaskLink>${list('AppMemberLink', [operators, storeGroup])}</AzRole>`
  return { head, tail: '</AzApplication>', tasks, monitor }
}

const ROLE_KINDS = ['Operators', 'Monitors', 'Console Users'] as const

/** One VM group: a scope with two groups, a role definition and three role assignments. */
function scope(gen: Generator, n: number, appTasks: readonly string[], monitor: string): string {
  const label = `VM Group ${String(n).padStart(6, '0')}`
  let out = `<AzScope Guid="${gen.guid()}" Name="${label}">`
  const groups: string[] = []
  for (const kind of ['Owners', 'Operators']) {
    const g = gen.guid()
    groups.push(g)
    const sids = gen.sids(gen.int(3, 12) + 1)
    const nonMember = sids.splice(gen.int(0, sids.length - 1), 1)
    out += `<AzApplicationGroup Guid="${g}" Name="${label} ${kind}" GroupType="Basic">${list('Member', sids)}${list('NonMember', nonMember)}</AzApplicationGroup>`
  }
  const definition = gen.guid()
  const linked = new Set<string>()
  const linkCount = gen.int(1, 3)
  while (linked.size < linkCount) linked.add(appTasks[gen.int(0, appTasks.length - 1)] ?? monitor)
  out += `<AzTask Guid="${definition}" Name="VM Operator (${label})" RoleDefinition="True">${list('TaskLink', [...linked])}</AzTask>`
  for (const kind of ROLE_KINDS) {
    const taskLinks = kind === 'Monitors' ? [monitor] : kind === 'Operators' ? [definition] : [definition, monitor]
    const memberLinks = kind === 'Operators' ? groups : [groups[gen.int(0, groups.length - 1)] ?? definition]
    out += `<AzRole Guid="${gen.guid()}" Name="${kind} (${label})">${list('TaskLink', taskLinks)}${list('AppMemberLink', memberLinks)}${list('Member', gen.sids(gen.int(20, 60)))}</AzRole>`
  }
  return `${out}</AzScope>`
}

/**
 * A store of about `targetBytes` bytes (it stops at the first scope that
 * reaches the target, so it overshoots by less than one scope, about 8 KB).
 * The same arguments always give the same bytes.
 */
export function generateStore(targetBytes: number, seed: number): Buffer {
  const gen = new Generator(seed)
  const appGuid = gen.guid()
  const storeGroup = gen.guid()
  const app = application(gen, appGuid, storeGroup)
  const storeTail = `<AzApplicationGroup Guid="${storeGroup}" Name="Hyper-V Auditors" GroupType="Basic">${list('Member', gen.sids(2))}</AzApplicationGroup>`
  const fixed = HEADER.length + app.head.length + app.tail.length + storeTail.length + FOOTER.length
  const parts: string[] = [HEADER, app.head]
  let size = fixed
  for (let n = 1; size < targetBytes; n++) {
    const s = scope(gen, n, app.tasks, app.monitor)
    parts.push(s)
    size += s.length // all ASCII: characters are bytes
  }
  parts.push(app.tail, storeTail, FOOTER)
  return Buffer.from(parts.join(''), 'latin1')
}
