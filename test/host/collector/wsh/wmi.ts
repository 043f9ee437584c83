/**
 * WMI's scripting API as a fake, answering from a {@link FakeHost}: `GetObject("winmgmts:...")`
 * monikers, SWbemServices (`ExecQuery`, `Get`, `InstancesOf`), SWbemObject (properties read
 * directly, `Properties_`, `Methods_.Item(name).InParameters.SpawnInstance_()`, `ExecMethod_`), a
 * WQL subset (`SELECT ... FROM class [WHERE a = 'x' AND|OR b = TRUE ...]` and `ASSOCIATORS OF
 * {path} WHERE AssocClass = c Role = r`), and the methods the collector calls: StdRegProv's
 * GetStringValue / GetDWORDValue / GetBinaryValue, __SystemSecurity.GetSD and
 * Win32_SecurityDescriptorHelper.BinarySDToSDDL. Written from Microsoft's documentation, not
 * recorded from a host:
 *
 * - Moniker syntax: https://learn.microsoft.com/en-us/windows/win32/wmisdk/constructing-a-moniker-string
 * - SWbemServices.ExecQuery / Get / InstancesOf: https://learn.microsoft.com/en-us/windows/win32/wmisdk/swbemservices
 * - SWbemObject (Properties_, Methods_, ExecMethod_): https://learn.microsoft.com/en-us/windows/win32/wmisdk/swbemobject
 * - SWbemMethod.InParameters and SpawnInstance_: https://learn.microsoft.com/en-us/windows/win32/wmisdk/swbemmethod
 * - WQL (SELECT, WHERE, ASSOCIATORS OF): https://learn.microsoft.com/en-us/windows/win32/wmisdk/wql-sql-for-wmi
 * - StdRegProv GetStringValue / GetDWORDValue / GetBinaryValue (hDefKey, sSubKeyName, sValueName; out
 *   sValue / uValue; ReturnValue 0 on success, a Win32 error code otherwise: 2 for a missing key, 1
 *   for a missing value as hosts answer): https://learn.microsoft.com/en-us/previous-versions/windows/desktop/regprov/stdregprov
 * - __SystemSecurity.GetSD (out uint8 SD[]): https://learn.microsoft.com/en-us/windows/win32/wmisdk/getsd-method-in-class---systemsecurity
 * - Win32_SecurityDescriptorHelper.BinarySDToSDDL (in uint8 BinarySD[], out string SDDL):
 *   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/secrcw32prov/binarysdtosddl-method-in-class-win32-securitydescriptorhelper
 */
import { ComCollection, ComError, HRESULT, SafeArray } from './com.js'
import { binarySd, failIf, lookup, sddlOfBinary, type FakeHost, type RegistryValue, type WmiInstance, type WmiValue } from './host.js'
import { aliasSid, sddlAliases } from '../../../../src/host/sddl/sddl-aliases.js'
import { instanceText, jobInstance, sddlToBinary, setSd, win32Sid, writeMethods } from './wmi-write.js'

type OutParams = Record<string, WmiValue>

/** A method: its documented in-parameters, and what it does with them. */
interface MethodDef {
  readonly inParams: readonly string[]
  readonly run: (params: ReadonlyMap<string, unknown>) => OutParams
}

/** A WMI object as scripts see it: its properties as fields, plus the SWbemObject members. */
export type SWbemObject = Record<string, unknown>

/** A property of an SWbemObject (SWbemProperty): `Name`, and `Value` to read or set. */
function property(values: Map<string, unknown>, name: string): { Name: string; Value: unknown } {
  return {
    Name: name,
    get Value() {
      return values.get(name.toLowerCase()) ?? null
    },
    set Value(v: unknown) {
      values.set(name.toLowerCase(), v)
    },
  }
}

/** The in-parameters object SpawnInstance_ gives: it takes only the method's documented parameters. */
function inParameters(method: string, names: readonly string[]): { object: SWbemObject; values: Map<string, unknown> } {
  const values = new Map<string, unknown>()
  const known = (name: string): string => {
    const found = names.find((n) => n.toLowerCase() === name.toLowerCase())
    if (found === undefined) throw new ComError(HRESULT.notFound, `Not found: ${method} has no in-parameter ${name}`)
    return found
  }
  return { object: { Properties_: { Item: (name: string) => property(values, known(name)) } }, values }
}

/** An SWbemObject: an instance (or class) with properties and methods. */
function wbemObject(host: FakeHost, className: string, instance: WmiInstance, methods: Readonly<Record<string, MethodDef>> = {}, namespace = 'root\\cimv2'): SWbemObject {
  const values = new Map<string, unknown>(Object.entries(instance).map(([k, v]) => [k.toLowerCase(), v]))
  const method = (name: string): MethodDef => {
    const def = lookup(methods, name)
    if (def === undefined) throw new ComError(HRESULT.notFound, `Not found: ${className} has no method ${name}`)
    return def
  }
  const key = typeof instance.Name === 'string' ? `Name="${instance.Name}"` : typeof instance.InstanceID === 'string' ? `InstanceID="${instance.InstanceID}"` : '@'
  return {
    ...instance,
    // SWbemObjectPath.Path: the object's full path (https://learn.microsoft.com/en-us/windows/win32/wmisdk/swbemobjectpath)
    Path_: { Class: className, Path: `\\\\.\\${namespace}:${className}.${key}` },
    // GetText_(1): the object, with any property set since it was read, as an embedded instance.
    GetText_: (format: number) => {
      if (format !== 1) throw new ComError(HRESULT.failed, `the fake writes GetText_ format 1 (CIM DTD 2.0) only, not ${format}`)
      return instanceText(className, new Map(Object.keys(instance).map((k) => [k, values.get(k.toLowerCase())])))
    },
    Properties_: {
      Item: (name: string) => {
        if (!values.has(name.toLowerCase())) throw new ComError(HRESULT.notFound, `Not found: ${className}.${name}`)
        return property(values, name)
      },
    },
    Methods_: {
      Item: (name: string) => {
        const def = method(name)
        return { Name: name, InParameters: { SpawnInstance_: () => inParameters(name, def.inParams).object } }
      },
    },
    ExecMethod_: (name: string, given?: SWbemObject) => {
      const def = method(name)
      failIf(host, `method:${name}`, (reason) => new ComError(HRESULT.failed, reason))
      const params = new Map<string, unknown>()
      if (given !== undefined) {
        const props = given.Properties_ as { Item(n: string): { Value: unknown } }
        for (const p of def.inParams) params.set(p, props.Item(p).Value)
      }
      return wbemObject(host, '__PARAMETERS', def.run(params))
    },
  }
}

// ---------------------------------------------------------------------------------------------
// WQL

/** A WQL literal: 'text' (backslash escapes), TRUE, FALSE, a number. */
function literal(text: string): WmiValue {
  const t = text.trim()
  if (/^'.*'$/s.test(t)) return t.slice(1, -1).replace(/\\(.)/g, '$1')
  if (/^true$/i.test(t)) return true
  if (/^false$/i.test(t)) return false
  if (/^-?\d+$/.test(t)) return Number(t)
  throw new ComError(HRESULT.invalidQuery, `Invalid query: ${text}`)
}

/** Splits on a keyword outside quotes. */
function splitOutsideQuotes(text: string, keyword: RegExp): string[] {
  const parts: string[] = []
  let quoted = false
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\' && quoted) i++
    else if (c === "'") quoted = !quoted
    else if (!quoted) {
      const m = keyword.exec(text.slice(i))
      if (m?.index === 0) {
        parts.push(text.slice(start, i))
        i += m[0].length - 1
        start = i + 1
      }
    }
  }
  parts.push(text.slice(start))
  return parts
}

function equal(a: WmiValue | undefined, b: WmiValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  return a === b
}

/** A WHERE condition of `prop = literal` terms joined by AND and OR (AND binds tighter). */
function matches(instance: WmiInstance, where: string | undefined): boolean {
  if (where === undefined) return true
  return splitOutsideQuotes(where, /^\s+OR\s+/i).some((alternative) =>
    splitOutsideQuotes(alternative, /^\s+AND\s+/i).every((term) => {
      const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/s.exec(term)
      if (!m?.[1] || m[2] === undefined) throw new ComError(HRESULT.invalidQuery, `Invalid query: ${term}`)
      const key = Object.keys(instance).find((k) => k.toLowerCase() === m[1]?.toLowerCase())
      return equal(key === undefined ? undefined : instance[key], literal(m[2]))
    }),
  )
}

/** `ASSOCIATORS OF {Win32_Group.Domain='D',Name='N'} WHERE AssocClass = Win32_GroupUser Role = GroupComponent`: the group's members. */
function associators(host: FakeHost, wql: string): WmiInstance[] {
  const m = /^ASSOCIATORS\s+OF\s+\{Win32_Group\.Domain=('(?:\\.|[^'\\])*'),Name=('(?:\\.|[^'\\])*')\}\s+WHERE\s+AssocClass\s*=\s*Win32_GroupUser\s+Role\s*=\s*GroupComponent\s*$/i.exec(wql)
  if (!m?.[1] || !m[2]) throw new ComError(HRESULT.invalidQuery, `Invalid query (the fake knows Win32_GroupUser from a Win32_Group only): ${wql}`)
  failIf(host, 'query:Win32_GroupUser', (reason) => new ComError(HRESULT.failed, reason))
  const [domain, name] = [literal(m[1]), literal(m[2])]
  const group = host.groupMembers.find((g) => equal(g.domain, domain) && equal(g.name, name))
  return group === undefined ? [] : [...group.members]
}

/** The instances a query selects in a namespace. */
function select(host: FakeHost, namespace: string, wql: string): WmiInstance[] {
  if (/^\s*ASSOCIATORS\s+OF/i.test(wql)) return associators(host, wql.trim())
  const m = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?\s*$/is.exec(wql)
  if (!m?.[2]) throw new ComError(HRESULT.invalidQuery, `Invalid query: ${wql}`)
  const className = m[2]
  failIf(host, `query:${className}`, (reason) => new ComError(HRESULT.failed, reason))
  const instances = lookup(lookup(host.namespaces, namespace)?.classes ?? {}, className)
  if (instances === undefined) throw new ComError(HRESULT.invalidClass, `Invalid class: ${className}`)
  return instances.filter((i) => matches(i, m[3]))
}

// ---------------------------------------------------------------------------------------------
// Classes with methods

const KEY_NOT_FOUND = 2
const VALUE_NOT_FOUND = 1

/** StdRegProv's Get*Value: the value of HKLM\key\name if it has the method's type. */
function registryRead(host: FakeHost, types: readonly RegistryValue['type'][], out: string): MethodDef {
  return {
    inParams: ['hDefKey', 'sSubKeyName', 'sValueName'],
    run: (p) => {
      if (p.get('hDefKey') !== 0x80000002) return { ReturnValue: KEY_NOT_FOUND }
      const key = lookup(host.registry, String(p.get('sSubKeyName')))
      if (key === undefined) return { ReturnValue: KEY_NOT_FOUND }
      const value = lookup(key, String(p.get('sValueName') as string | null | undefined ?? ''))
      if (value === undefined) return { ReturnValue: VALUE_NOT_FOUND }
      if (!types.includes(value.type)) return { ReturnValue: HRESULT.typeMismatch }
      return { ReturnValue: 0, [out]: value.value instanceof Uint8Array ? new SafeArray(value.value) : value.value }
    },
  }
}

function stdRegProv(host: FakeHost): SWbemObject {
  return wbemObject(
    host,
    'StdRegProv',
    {},
    {
      GetStringValue: registryRead(host, ['REG_SZ'], 'sValue'),
      GetExpandedStringValue: registryRead(host, ['REG_EXPAND_SZ'], 'sValue'),
      GetDWORDValue: registryRead(host, ['REG_DWORD'], 'uValue'),
      GetBinaryValue: registryRead(host, ['REG_BINARY'], 'uValue'),
    },
  )
}

function systemSecurity(host: FakeHost, namespace: string): SWbemObject {
  const sddl = lookup(host.namespaces, namespace)?.sddl
  return wbemObject(
    host,
    '__SystemSecurity',
    {},
    { GetSD: { inParams: [], run: () => (sddl === undefined ? { ReturnValue: HRESULT.accessDenied } : { ReturnValue: 0, SD: new SafeArray(binarySd(sddl)) }) }, SetSD: setSd(host, namespace) },
  )
}

const WBEM_E_INVALID_PARAMETER = 0x80041008

/** The SIDs that have a fixed SDDL code (BA, RD, AU ...), by SID. */
const CODES = new Map(sddlAliases().flatMap((alias) => { const sid = aliasSid(alias); return sid === undefined ? [] : [[sid, alias] as const] }))

/**
 * SDDL as Windows writes it (ConvertSecurityDescriptorToStringSecurityDescriptor): a SID that has a
 * fixed two-letter code is written as the code (an ACE for S-1-5-32-555 reads back as `RD`), in
 * owner, group and every ACE's trustee; other SIDs as they are.
 */
export function withSidCodes(sddl: string): string {
  const code = (sid: string) => CODES.get(sid.toUpperCase()) ?? sid
  return sddl.replace(/([OG]:)(S-1-[0-9-]+)/g, (_, head: string, sid: string) => head + code(sid)).replace(/;(S-1-[0-9-]+)\)/g, (_, sid: string) => `;${code(sid)})`)
}

function securityDescriptorHelper(host: FakeHost): SWbemObject {
  const toSddl: MethodDef = {
    inParams: ['BinarySD'],
    run: (p) => {
      // A JScript array is not a SAFEARRAY: SafeArray.bytesOf refuses it with a type mismatch, as WMI would.
      const sddl = sddlOfBinary(SafeArray.bytesOf(p.get('BinarySD')))
      return sddl === undefined ? { ReturnValue: WBEM_E_INVALID_PARAMETER } : { ReturnValue: 0, SDDL: withSidCodes(sddl) }
    },
  }
  return wbemObject(host, 'Win32_SecurityDescriptorHelper', {}, { BinarySDToSDDL: toSddl, SDDLToBinarySD: sddlToBinary() })
}

// ---------------------------------------------------------------------------------------------
// Services and monikers

/** SWbemServices of one namespace. */
function services(host: FakeHost, namespace: string): SWbemObject {
  const set = (instances: WmiInstance[], className: string) => new ComCollection(instances.map((i) => wbemObject(host, className, i, writeMethods(host, className, i), namespace)))
  return {
    ExecQuery: (wql: string) => set(select(host, namespace, wql), /FROM\s+(\w+)/i.exec(wql)?.[1] ?? 'Win32_Account'),
    InstancesOf: (className: string) => set(select(host, namespace, `SELECT * FROM ${className}`), className),
    Get: (path: string) => {
      const job = jobInstance(host, path)
      if (job !== undefined) return wbemObject(host, 'Msvm_ConcreteJob', job, {}, namespace)
      const sid = /^root\\cimv2$/i.test(namespace) ? win32Sid(host, path) : undefined
      if (sid !== undefined) return wbemObject(host, 'Win32_SID', sid, {}, namespace)
      if (/^Win32_SecurityDescriptorHelper$/i.test(path) && /^root\\cimv2$/i.test(namespace)) return securityDescriptorHelper(host)
      if (/^StdRegProv$/i.test(path) && /^root\\default$/i.test(namespace)) return stdRegProv(host)
      throw new ComError(HRESULT.notFound, `Not found: ${path}`)
    },
  }
}

/**
 * `GetObject(moniker)` for `winmgmts:[{security settings}!][\\.\]namespace[:object path]`: the
 * namespace's SWbemServices, or the object the path names (`StdRegProv`, `__SystemSecurity=@`).
 */
export function getObject(host: FakeHost, moniker: string): SWbemObject {
  const m = /^winmgmts:(?:\{[^}]*\}!?)?(?:\\\\\.\\)?([^:]+)(?::(.+))?$/i.exec(moniker)
  if (!m?.[1]) throw new ComError(HRESULT.invalidNamespace, `Invalid syntax: ${moniker}`)
  const [namespace, path] = [m[1], m[2]]
  if (/^root\\default$/i.test(namespace) && path !== undefined && /^StdRegProv$/i.test(path)) {
    failIf(host, 'registry', (reason) => new ComError(HRESULT.failed, reason))
    return stdRegProv(host)
  }
  if (lookup(host.namespaces, namespace) === undefined) throw new ComError(HRESULT.invalidNamespace, 'Invalid namespace')
  failIf(host, `connect:${namespace}`, (reason) => new ComError(HRESULT.failed, reason))
  if (path === undefined) return services(host, namespace)
  if (/^__SystemSecurity=@$/i.test(path)) return systemSecurity(host, namespace)
  const get = services(host, namespace).Get as (objectPath: string) => SWbemObject
  return get(path)
}
