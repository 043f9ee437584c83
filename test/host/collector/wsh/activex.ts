/**
 * The ActiveX objects the collector creates (`new ActiveXObject(progId)`), as fakes answering from
 * a {@link FakeHost}, written from Microsoft's documentation, not recorded from a host:
 *
 * - Scripting.FileSystemObject: `FileExists`, `GetFile` → File `Size`, `DateLastModified`,
 *   `CopyFile(source, destination, overwrite)` (an existing destination without overwrite: error 58,
 *   "File already exists"):
 *   https://learn.microsoft.com/en-us/office/vba/language/reference/user-interface-help/filesystemobject-object
 *   https://learn.microsoft.com/en-us/office/vba/language/reference/user-interface-help/file-object
 *   https://learn.microsoft.com/en-us/office/vba/language/reference/user-interface-help/copyfile-method
 * - ADODB.Stream: `Type` (1 adTypeBinary), `Open`, `LoadFromFile`, `EOS`, `Position`, `Read(n)` (a
 *   byte array, Null at the end of the stream), `Write(bytes)`, `SaveToFile(path, 2
 *   adSaveCreateOverWrite | 1 adSaveCreateNotExist)`, `Close`:
 *   https://learn.microsoft.com/en-us/sql/ado/reference/ado-api/stream-object-ado
 *   https://learn.microsoft.com/en-us/sql/ado/reference/ado-api/read-method
 *   https://learn.microsoft.com/en-us/sql/ado/reference/ado-api/write-method
 *   https://learn.microsoft.com/en-us/sql/ado/reference/ado-api/savetofile-method
 * - Msxml2.DOMDocument.3.0: `createElement`; an element's `dataType` ("bin.hex", "bin.base64") and
 *   `nodeTypedValue` (a byte array in, its hex digits or Base64 as `text`; Base64 `text` in, the
 *   byte array out):
 *   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/ms762308(v=vs.85)
 *   https://learn.microsoft.com/en-us/previous-versions/windows/desktop/ms761414(v=vs.85)
 * - HNetCfg.FwPolicy2 (INetFwPolicy2): `CurrentProfileTypes`, `FirewallEnabled(profile)`, `Rules`
 *   (INetFwRule `Grouping`, `Direction`, `Enabled`, `Profiles`), `IsRuleGroupEnabled(profiles, group)`:
 *   https://learn.microsoft.com/en-us/windows/win32/api/netfw/nn-netfw-inetfwpolicy2
 *   https://learn.microsoft.com/en-us/windows/win32/api/netfw/nn-netfw-inetfwrule
 */
import { mutable } from './host.js'
import { ComCollection, ComError, HRESULT, SafeArray } from './com.js'
import { failIf, lookup, type FakeHost } from './host.js'

/** Writes a file of the fake host (replacing one whose path differs only in case, as Windows does). */
export function writeFile(host: FakeHost, path: string, bytes: Uint8Array): void {
  const files = Object.fromEntries(Object.entries(host.files).filter(([k]) => k.toLowerCase() !== path.toLowerCase()))
  const existing = Object.keys(host.files).find((k) => k.toLowerCase() === path.toLowerCase())
  mutable(host).files = { ...files, [existing ?? path]: { bytes: Uint8Array.from(bytes), modified: new Date() } }
}

function fileSystemObject(host: FakeHost): object {
  const file = (path: string) => lookup(host.files, path)
  return {
    CopyFile: (source: string, destination: string, overwrite?: boolean) => {
      const found = file(source)
      if (found === undefined) throw new ComError(0x800a0035, 'File not found')
      if (overwrite === false && file(destination) !== undefined) throw new ComError(0x800a003a, 'File already exists')
      failIf(host, `copy:${source}`, (reason) => new ComError(HRESULT.eAccessDenied, reason))
      writeFile(host, destination, found.bytes)
    },
    FileExists: (path: string) => file(path) !== undefined,
    GetFile: (path: string) => {
      const found = file(path)
      if (found === undefined) throw new ComError(0x800a0035, 'File not found')
      // DateLastModified is a VT_DATE, which JScript gives as a date `new Date(...)` accepts.
      return { Path: path, Size: found.bytes.length, DateLastModified: new Date(found.modified.getTime()) }
    },
  }
}

function adodbStream(host: FakeHost): object {
  let type = 2
  let open = false
  let bytes: Uint8Array | undefined
  let position = 0
  const mustBeOpen = () => {
    if (!open) throw new ComError(0x800a0e78, 'Operation is not allowed when the object is closed.')
  }
  return {
    get Type() {
      return type
    },
    set Type(value: number) {
      if (open && bytes !== undefined) throw new ComError(0x800a0bb9, 'Arguments are of the wrong type')
      type = value
    },
    Open: () => {
      open = true
    },
    LoadFromFile: (path: string) => {
      mustBeOpen()
      const file = lookup(host.files, path)
      if (file === undefined) throw new ComError(HRESULT.adoFileOpen, 'File could not be opened.')
      // A file that is there but locked or unreadable: LoadFromFile fails (adErrFileOpen unless the failure gives another HRESULT).
      failIf(host, `read:${path}`, (reason) => new ComError(HRESULT.adoFileOpen, reason))
      bytes = file.bytes
      position = 0
    },
    get EOS() {
      mustBeOpen()
      return bytes === undefined || position >= bytes.length
    },
    get Size() {
      return bytes?.length ?? 0
    },
    get Position() {
      return position
    },
    set Position(value: number) {
      mustBeOpen()
      position = value
    },
    Write: (data: unknown) => {
      mustBeOpen()
      if (type !== 1) throw new ComError(0x800a0bb9, 'Write needs a binary stream (Type 1); a text stream is written with WriteText')
      const given = SafeArray.bytesOf(data)
      const before = bytes ?? new Uint8Array(0)
      const out = new Uint8Array(Math.max(before.length, position + given.length))
      out.set(before)
      out.set(given, position)
      bytes = out
      position += given.length
    },
    SaveToFile: (path: string, options: number) => {
      mustBeOpen()
      if (options !== 2 && lookup(host.files, path) !== undefined) throw new ComError(0x800a0bbc, 'Write to file failed.')
      failIf(host, `write:${path}`, (reason) => new ComError(0x800a0bbc, reason))
      const data = bytes ?? new Uint8Array(0)
      // `truncate-once:<path>`: this one write stops half way without an error (a disk that filled up, a
      // write cut short), so that what was written reads back wrong; the next write is whole.
      const truncate = `truncate-once:${path}`
      if (host.failures !== undefined && lookup(host.failures, truncate) !== undefined) {
        mutable(host).failures = Object.fromEntries(Object.entries(host.failures).filter(([k]) => k.toLowerCase() !== truncate.toLowerCase()))
        writeFile(host, path, data.subarray(0, Math.floor(data.length / 2)))
        return
      }
      writeFile(host, path, data)
    },
    Read: (count: number) => {
      mustBeOpen()
      if (type !== 1) throw new ComError(0x800a0bb9, 'Read needs a binary stream (Type 1); a text stream is read with ReadText')
      if (bytes === undefined || position >= bytes.length) return null
      const chunk = bytes.subarray(position, position + count)
      position += chunk.length
      return new SafeArray(chunk)
    },
    Close: () => {
      open = false
    },
  }
}

function domDocument(): object {
  return {
    createElement: (name: string) => {
      let dataType: string | null = null
      let hex = ''
      const binary = () => {
        if (dataType !== 'bin.hex' && dataType !== 'bin.base64') throw new ComError(HRESULT.typeMismatch, 'Type mismatch: the element has no binary data type')
      }
      return {
        nodeName: name,
        get dataType() {
          return dataType
        },
        set dataType(value: string | null) {
          dataType = value
        },
        set nodeTypedValue(value: unknown) {
          binary()
          hex = Buffer.from(SafeArray.bytesOf(value)).toString('hex')
        },
        get nodeTypedValue() {
          binary()
          return new SafeArray(Buffer.from(hex, 'hex'))
        },
        get text() {
          return dataType === 'bin.base64' ? Buffer.from(hex, 'hex').toString('base64') : hex
        },
        set text(value: string) {
          binary()
          const valid = dataType === 'bin.base64' ? /^[A-Za-z0-9+/\s]*={0,2}$/.test(value) : /^([0-9A-Fa-f]{2})*$/.test(value)
          if (!valid) throw new ComError(HRESULT.typeMismatch, `Error parsing '${value.slice(0, 20)}' as ${dataType ?? ''} datatype.`)
          hex = dataType === 'bin.base64' ? Buffer.from(value, 'base64').toString('hex') : value.toLowerCase()
        },
      }
    },
  }
}

const ALL_PROFILES = 0x7fffffff

function firewallPolicy(host: FakeHost): object {
  const fw = host.firewall
  if (fw === undefined) throw new ComError(HRESULT.cantCreate, "Automation server can't create object")
  return {
    CurrentProfileTypes: fw.currentProfileTypes,
    FirewallEnabled: (profile: number) => fw.enabled[profile] === true,
    Rules: new ComCollection(fw.rules.map((r) => ({ ...r }))),
    IsRuleGroupEnabled: (profiles: number, group: string) => {
      const rules = fw.rules.filter((r) => r.Grouping.toLowerCase() === group.toLowerCase() && r.Direction === 1 && ((r.Profiles === ALL_PROFILES ? profiles : r.Profiles) & profiles) !== 0)
      return rules.length > 0 && rules.every((r) => r.Enabled)
    },
    // INetFwPolicy2::EnableRuleGroup: every rule of the group (both directions) in those profiles, on or off.
    // https://learn.microsoft.com/en-us/windows/win32/api/netfw/nf-netfw-inetfwpolicy2-enablerulegroup
    EnableRuleGroup: (profiles: number, group: string, enable: boolean) => {
      failIf(host, 'method:EnableRuleGroup', (reason) => new ComError(HRESULT.eAccessDenied, reason))
      const rules = fw.rules.map((r) => (r.Grouping.toLowerCase() === group.toLowerCase() && ((r.Profiles === ALL_PROFILES ? profiles : r.Profiles) & profiles) !== 0 ? { ...r, Enabled: enable } : r))
      mutable(fw).rules = rules
    },
  }
}

/** `new ActiveXObject(progId)`: the fake for the ProgIDs above; any other cannot be created. */
export function createActiveX(host: FakeHost, progId: string): object {
  failIf(host, `activex:${progId}`, (reason) => new ComError(HRESULT.cantCreate, reason))
  switch (progId.toLowerCase()) {
    case 'scripting.filesystemobject':
      return fileSystemObject(host)
    case 'adodb.stream':
      return adodbStream(host)
    case 'msxml2.domdocument.3.0':
      return domDocument()
    case 'hnetcfg.fwpolicy2':
      return firewallPolicy(host)
    default:
      throw new ComError(HRESULT.cantCreate, "Automation server can't create object")
  }
}
