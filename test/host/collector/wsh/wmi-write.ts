/**
 * The WMI methods that change a fake host, for the host script's tests (the collector only reads):
 * Msvm_VirtualSystemManagementService.ModifyVirtualSystem (WMI v1) with its job,
 * __SystemSecurity.SetSD, Win32_SecurityDescriptorHelper.SDDLToBinarySD, and Win32_SID, which
 * names an account by its SID. Written from Microsoft's documentation, not recorded from a host:
 *
 * - ModifyVirtualSystem(ComputerSystem REF, SystemSettingData string (an embedded instance), out
 *   ModifiedSettingData, out Job): 0, or 4096 with a job: https://learn.microsoft.com/en-us/previous-versions/windows/desktop/virtual/modifyvirtualsystem-msvm-virtualsystemmanagementservice
 * - Msvm_ConcreteJob JobState (7 Completed, 10 Exception ...), ErrorCode, ErrorDescription:
 *   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/virtual/msvm-concretejob
 * - SWbemObject.GetText_(wbemObjectTextFormatCIMDTD20 = 1): the object as CIM XML (DTD 2.0), here
 *   reduced to INSTANCE, PROPERTY and VALUE elements: https://learn.microsoft.com/en-us/windows/win32/wmisdk/swbemobject-gettext-
 * - __SystemSecurity.SetSD(uint8 SD[]): https://learn.microsoft.com/en-us/windows/win32/wmisdk/setsd-method-in-class---systemsecurity
 * - Win32_SecurityDescriptorHelper.SDDLToBinarySD(in string SDDL, out uint8 BinarySD[]):
 *   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/secrcw32prov/sddltobinarysd-method-in-class-win32-securitydescriptorhelper
 * - Win32_SID (SID, AccountName, ReferencedDomainName): https://learn.microsoft.com/en-us/previous-versions/windows/desktop/legacy/aa394467(v=vs.85)
 * - Win32_Service.StopService, StartService (see serviceControl), Win32_Process.CreationDate (CIM_DATETIME)
 */
import { ComError, HRESULT, SafeArray } from './com.js'
import { binarySd, failIf, lookup, mutable, sddlOfBinary, wmiText, type FakeHost, type WmiInstance, type WmiValue } from './host.js'

type OutParams = Record<string, WmiValue>

/** A method's documented in-parameters and what it does (the same shape as wmi.ts's). */
export interface WriteMethod {
  readonly inParams: readonly string[]
  readonly run: (params: ReadonlyMap<string, unknown>) => OutParams
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' }

/** An instance as GetText_(1) gives it: CIM XML with its class and properties. */
export function instanceText(className: string, properties: ReadonlyMap<string, unknown>): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  const props = [...properties].map(([name, value]) => `<PROPERTY NAME="${escape(name)}" TYPE="string">${value === null || value === undefined ? '' : `<VALUE>${escape(wmiText(value))}</VALUE>`}</PROPERTY>`)
  return `<INSTANCE CLASSNAME="${escape(className)}">${props.join('')}</INSTANCE>`
}

/** The class and properties of {@link instanceText}'s text; an error for anything else, as WMI refuses a malformed instance. */
function parseInstance(text: unknown): { className: string; properties: Map<string, string> } {
  const unescape = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (e) => XML_ENTITIES[e] ?? e)
  const m = typeof text === 'string' ? /^<INSTANCE CLASSNAME="([^"]*)">(.*)<\/INSTANCE>$/s.exec(text) : null
  if (m?.[1] === undefined || m[2] === undefined) throw new ComError(HRESULT.failed, 'Invalid parameter: SystemSettingData is not an embedded instance')
  const properties = new Map<string, string>()
  for (const p of m[2].matchAll(/<PROPERTY NAME="([^"]*)" TYPE="string">(?:<VALUE>([^<]*)<\/VALUE>)?<\/PROPERTY>/g)) properties.set(unescape(p[1] ?? '').toLowerCase(), unescape(p[2] ?? ''))
  return { className: unescape(m[1]), properties }
}

/** The jobs a host's methods started, by path. */
const JOBS = new WeakMap<FakeHost, Map<string, WmiInstance>>()

function startJob(host: FakeHost, failure: string | undefined): string {
  const jobs = JOBS.get(host) ?? new Map<string, WmiInstance>()
  JOBS.set(host, jobs)
  const id = `job-${jobs.size + 1}`
  const path = `\\\\.\\root\\virtualization:Msvm_ConcreteJob.InstanceID="${id}"`
  jobs.set(path, failure === undefined ? { InstanceID: id, JobState: 7, ErrorCode: 0, ErrorDescription: null } : { InstanceID: id, JobState: 10, ErrorCode: 32768, ErrorDescription: failure })
  return path
}

/** A job by the path a method gave, or undefined. */
export function jobInstance(host: FakeHost, path: string): WmiInstance | undefined {
  return JOBS.get(host)?.get(path)
}

/** The VM a ComputerSystem REF names (`...Msvm_ComputerSystem...Name="<GUID>"`). */
function vmOfPath(host: FakeHost, path: unknown): WmiInstance {
  const name = typeof path === 'string' ? /Msvm_ComputerSystem\..*Name="([^"]+)"/i.exec(path)?.[1] : undefined
  const systems = lookup(host.namespaces, 'root\\virtualization')?.classes.Msvm_ComputerSystem ?? []
  const vm = systems.find((s) => typeof s.Name === 'string' && s.Name.toLowerCase() === name?.toLowerCase())
  if (vm === undefined) throw new ComError(HRESULT.notFound, `Not found: ${String(path)}`)
  return vm
}

/**
 * ModifyVirtualSystem: the setting named by the embedded instance's InstanceID, which must belong to
 * the VM, takes the instance's ScopeOfResidence; answered with a job (failing when the host lists
 * `job:ModifyVirtualSystem` in its failures).
 */
function modifyVirtualSystem(host: FakeHost): WriteMethod {
  return {
    inParams: ['ComputerSystem', 'SystemSettingData'],
    run: (p) => {
      const vm = vmOfPath(host, p.get('ComputerSystem'))
      const { className, properties } = parseInstance(p.get('SystemSettingData'))
      if (className !== 'Msvm_VirtualSystemGlobalSettingData') return { ReturnValue: 32773 } // Invalid parameter
      const namespace = mutable(lookup(host.namespaces, 'root\\virtualization') ?? { classes: {} })
      const settings = namespace.classes.Msvm_VirtualSystemGlobalSettingData ?? []
      const at = settings.findIndex((s) => s.InstanceID === properties.get('instanceid'))
      if (at < 0 || wmiText(settings[at]?.SystemName).toLowerCase() !== wmiText(vm.Name).toLowerCase()) return { ReturnValue: 32773 }
      const failure = host.failures === undefined ? undefined : lookup(host.failures, 'job:ModifyVirtualSystem')
      if (failure === undefined) {
        const changed = settings.map((s, i) => (i === at ? { ...s, ScopeOfResidence: properties.get('scopeofresidence') ?? '' } : s))
        namespace.classes = { ...namespace.classes, Msvm_VirtualSystemGlobalSettingData: changed }
      }
      return { ReturnValue: 4096, Job: startJob(host, failure) }
    },
  }
}

/** A CIM_DATETIME in UTC (yyyymmddHHMMSS.mmmmmm+000), as WMI scripting gives datetime properties. */
export function cimDateTime(date: Date): string {
  const iso = date.toISOString() // 2026-12-05T13:15:00.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}000+000`
}

/** The next process id the fake hands out (a started service gets a new process). */
let nextProcessId = 4000

/**
 * Win32_Service.StopService / StartService for one service: its State becomes Stopped (ProcessId
 * 0) or Running in a new process (a Win32_Process whose CreationDate is now). Returns 0, or 5
 * (cannot accept control) to stop a stopped service, 10 (already running) to start a running one;
 * `method:StopService` / `method:StartService` in the host's failures raise.
 * https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/stopservice-method-in-class-win32-service
 * https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/startservice-method-in-class-win32-service
 */
function serviceControl(host: FakeHost, name: string, start: boolean): WriteMethod {
  return {
    inParams: [],
    run: () => {
      const cimv2 = mutable(lookup(host.namespaces, 'root\\cimv2') ?? { classes: {} })
      const services = cimv2.classes.Win32_Service ?? []
      const at = services.findIndex((s) => wmiText(s.Name).toLowerCase() === name.toLowerCase())
      const running = services[at]?.State === 'Running'
      if (start === running) return { ReturnValue: start ? 10 : 5 }
      const processId = start ? nextProcessId++ : 0
      const changed = services.map((s, i) => (i === at ? { ...s, State: start ? 'Running' : 'Stopped', ProcessId: processId } : s))
      const processes = (cimv2.classes.Win32_Process ?? []).filter((p) => p.ProcessId !== services[at]?.ProcessId)
      cimv2.classes = { ...cimv2.classes, Win32_Service: changed, Win32_Process: start ? [...processes, { ProcessId: processId, Name: `${name}.exe`, CreationDate: cimDateTime(new Date()) }] : processes }
      return { ReturnValue: 0 }
    },
  }
}

/** The methods that change the host, by class (what wmi.ts adds to the instances it hands out). */
export function writeMethods(host: FakeHost, className: string, instance: WmiInstance): Readonly<Record<string, WriteMethod>> {
  if (className.toLowerCase() === 'msvm_virtualsystemmanagementservice') return { ModifyVirtualSystem: modifyVirtualSystem(host) }
  if (className.toLowerCase() === 'win32_service') {
    const name = wmiText(instance.Name)
    return { StopService: serviceControl(host, name, false), StartService: serviceControl(host, name, true) }
  }
  return {}
}

/** __SystemSecurity.SetSD: the namespace's security becomes the descriptor given (as SDDLToBinarySD made it). */
export function setSd(host: FakeHost, namespace: string): WriteMethod {
  return {
    inParams: ['SD'],
    run: (p) => {
      failIf(host, `setsd:${namespace}`, (reason) => new ComError(HRESULT.accessDenied, reason))
      const sddl = sddlOfBinary(SafeArray.bytesOf(p.get('SD')))
      if (sddl === undefined) return { ReturnValue: HRESULT.failed }
      const ns = lookup(host.namespaces, namespace)
      if (ns === undefined) throw new ComError(HRESULT.invalidNamespace, 'Invalid namespace')
      mutable(ns).sddl = sddl
      return { ReturnValue: 0 }
    },
  }
}

/** Win32_SecurityDescriptorHelper.SDDLToBinarySD. */
export function sddlToBinary(): WriteMethod {
  return {
    inParams: ['SDDL'],
    run: (p) => {
      const sddl = p.get('SDDL')
      return typeof sddl === 'string' && /^(O:|G:|D:|S:)/.test(sddl) ? { ReturnValue: 0, BinarySD: new SafeArray(binarySd(sddl)) } : { ReturnValue: 0x80041008 }
    },
  }
}

/** An account's domain and name by SID: the host's accounts, then the members of its local groups. */
export function accountOf(host: FakeHost, sid: string): { domain: string; name: string; kind?: string } | undefined {
  const known = host.accounts === undefined ? undefined : lookup(host.accounts, sid)
  if (known !== undefined) return known
  for (const group of host.groupMembers) {
    const m = group.members.find((x) => typeof x.SID === 'string' && x.SID.toLowerCase() === sid.toLowerCase())
    if (m !== undefined) return { domain: wmiText(m.Domain), name: wmiText(m.Name), kind: wmiText(m.__CLASS) }
  }
  return undefined
}

/** `Get("Win32_SID.SID='S-1-...'")`: the account's name and domain; WBEM_E_NOT_FOUND for a SID the host cannot name. */
export function win32Sid(host: FakeHost, path: string): WmiInstance | undefined {
  const sid = /^Win32_SID\.SID='([^']*)'$/i.exec(path)?.[1]
  if (sid === undefined) return undefined
  const account = accountOf(host, sid)
  if (account === undefined) throw new ComError(HRESULT.notFound, 'Not found')
  return { SID: sid, AccountName: account.name, ReferencedDomainName: account.domain }
}
