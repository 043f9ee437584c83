import { randomUUID } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import { AddRequest, BerReader, BerWriter, BindRequest, ExtendedRequest, ModifyDNRequest, ModifyRequest, PresenceFilter, SearchRequest, type Filter as LdaptsFilter } from 'ldapts'
import { guidToBytes } from '../../src/ldap/binary-ids.js'
import { dnKey, parentDn, parseDn, parseExtendedDn } from '../../src/ldap/dn.js'
import { messageSplitter } from './ber-frames.js'
import { closeServer, listenOnLoopback } from './loopback.js'

/**
 * A tiny LDAP server on loopback that speaks BER, for what the Samba test DC
 * cannot show: how a Windows DC answers (it accepts AzMan application groups,
 * groupType 16 and 32, and msDS-NonMembers; it cuts long attributes into
 * ranges of `rangeLimit` values), and a server without StartTLS. It keeps an
 * in-memory directory, answers binds, searches (paged, with the extended-DN
 * control), adds, modifies, deletes (Tree Delete) and renames, and records
 * every request it got. Its answers to the requests Samba refuses are
 * Windows' (success), written here by hand; Samba's own refusals are tested
 * against the real DC.
 *
 * Plain LDAP only (clients pass --ldap-insecure), unless `startTls` is
 * 'refuse', which answers the StartTLS request with protocolError as a server
 * without TLS does.
 */
export interface FakeServerOptions {
  /** How many values of one attribute a search returns before ranging (Windows: 1500). */
  readonly rangeLimit?: number
  readonly startTls?: 'refuse'
  /** The domain the directory serves. */
  readonly baseDn?: string
}

export interface RecordedRequest {
  readonly type: 'bind' | 'search' | 'add' | 'modify' | 'delete' | 'rename' | 'extended' | 'unbind'
  readonly dn: string
  readonly detail?: unknown
}

interface FakeEntry {
  dn: string
  readonly objectGuid: string
  /** By lower-cased attribute name: the name as first written, and the values. */
  readonly attributes: Map<string, { name: string; values: Buffer[] }>
}

const DN_VALUED = new Set(['member', 'msds-nonmembers', 'msds-membersforazrole', 'msds-operationsforaztask', 'msds-tasksforaztask', 'msds-operationsforazrole', 'msds-tasksforazrole'])

export class FakeLdapServer {
  readonly requests: RecordedRequest[] = []
  /** Principals (by SID) the directory knows; any other `<SID=...>` becomes a foreign security principal. */
  private readonly entries = new Map<string, FakeEntry>()
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private usn = 1000
  readonly baseDn: string

  constructor(private readonly options: FakeServerOptions = {}) {
    this.baseDn = options.baseDn ?? 'DC=lab,DC=test'
    this.put(this.baseDn, { objectClass: ['top', 'domainDNS'] })
    this.put(`CN=Program Data,${this.baseDn}`, { objectClass: ['top', 'container'] })
    this.put(`CN=ForeignSecurityPrincipals,${this.baseDn}`, { objectClass: ['top', 'container'] })
  }

  async listen(): Promise<number> {
    this.server = createServer((socket) => this.serve(socket))
    return listenOnLoopback(this.server)
  }

  async close(): Promise<void> {
    await closeServer(this.server, this.sockets)
  }

  /** Directly adds an entry (test set-up); values are text. */
  put(dn: string, attributes: Record<string, string[]>): FakeEntry {
    const entry: FakeEntry = { dn, objectGuid: randomUUID(), attributes: new Map() }
    for (const [name, values] of Object.entries(attributes)) entry.attributes.set(name.toLowerCase(), { name, values: values.map((v) => Buffer.from(v, 'utf8')) })
    this.touch(entry)
    this.entries.set(dnKey(dn), entry)
    return entry
  }

  /** A write moves the entry's uSNChanged, as on a DC. */
  private touch(entry: FakeEntry): void {
    entry.attributes.set('usnchanged', { name: 'uSNChanged', values: [Buffer.from(String(++this.usn))] })
  }

  /** The entry at a DN, with text values, for assertions. */
  get(dn: string): Record<string, string[]> | undefined {
    const e = this.entries.get(dnKey(dn))
    if (!e) return undefined
    return Object.fromEntries([...e.attributes.values()].map((a) => [a.name, a.values.map((v) => this.show(a.name, v))]))
  }

  private show(attribute: string, v: Buffer): string {
    if (!DN_VALUED.has(attribute.toLowerCase())) return v.toString('utf8')
    const target = [...this.entries.values()].find((e) => e.objectGuid === v.toString('utf8'))
    return target?.dn ?? v.toString('utf8')
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket)
    socket.on(
      'data',
      messageSplitter((message) => {
        for (const reply of this.handle(message)) socket.write(reply)
      }),
    )
    socket.on('error', () => socket.destroy())
  }

  private handle(message: Buffer): Buffer[] {
    const reader = new BerReader(message)
    reader.readSequence()
    const id = reader.readInt() ?? 0
    const op = reader.readSequence() ?? 0
    const result = (tag: number, code = 0, text = ''): Buffer => envelope(id, tag, (w) => ldapResult(w, code, text))
    switch (op) {
      case 0x60: {
        const req = new BindRequest({ messageId: id })
        req.parseMessage(reader)
        this.requests.push({ type: 'bind', dn: req.dn })
        return [result(0x61)]
      }
      case 0x42:
        this.requests.push({ type: 'unbind', dn: '' })
        return []
      case 0x77: {
        const req = new ExtendedRequest({ messageId: id })
        req.parseMessage(reader)
        this.requests.push({ type: 'extended', dn: '', detail: req.oid })
        return [result(0x78, 2, 'unsupported extended operation')]
      }
      case 0x68: {
        const req = new AddRequest({ messageId: id, dn: '' })
        req.parseMessage(reader)
        this.requests.push({ type: 'add', dn: req.dn, detail: Object.fromEntries(req.attributes.map((a) => [a.type, a.parsedBuffers.map((b) => b.toString('utf8'))])) })
        return [result(0x69, ...this.add(req))]
      }
      case 0x66: {
        const req = new ModifyRequest({ messageId: id })
        req.parseMessage(reader)
        this.requests.push({ type: 'modify', dn: req.dn, detail: req.changes.map((c) => [c.operation, c.modification.type, c.modification.parsedBuffers.map((b) => b.toString('utf8'))]) })
        return [result(0x67, ...this.modify(req))]
      }
      case 0x4a: {
        // DelRequest is [APPLICATION 10] LDAPDN, a primitive: the tag's content is the DN itself.
        const dn = message.subarray(reader.offset, reader.offset + (reader.length ?? 0)).toString('utf8')
        const controls = this.controls(message, reader.offset + (reader.length ?? 0))
        this.requests.push({ type: 'delete', dn })
        return [result(0x6b, ...this.remove(dn, controls.has('1.2.840.113556.1.4.805')))]
      }
      case 0x6c: {
        const req = new ModifyDNRequest({ messageId: id })
        req.parseMessage(reader)
        this.requests.push({ type: 'rename', dn: req.dn, detail: req.newRdn })
        return [result(0x6d, ...this.rename(req.dn, req.newRdn))]
      }
      case 0x63: {
        const req = new SearchRequest({ messageId: id, filter: new PresenceFilter({ attribute: 'objectClass' }) })
        req.parseMessage(reader)
        const controls = this.controls(message, reader.offset)
        this.requests.push({ type: 'search', dn: req.baseDN, detail: { scope: req.scope, attributes: req.attributes } })
        return this.search(id, req, controls)
      }
      default:
        return [result(op + 1, 2, 'not supported here')]
    }
  }

  /** Request controls by OID (their raw values). */
  private controls(message: Buffer, from: number): Map<string, Buffer | undefined> {
    const out = new Map<string, Buffer | undefined>()
    if (message[from] !== 0xa0) return out
    const reader = new BerReader(message.subarray(from))
    reader.readSequence(0xa0)
    const end = reader.offset + (reader.length ?? 0)
    while (reader.offset < end) {
      reader.readSequence()
      const controlEnd = reader.offset + (reader.length ?? 0)
      const oid = reader.readString() ?? ''
      if (reader.peek() === 0x01) reader.readBoolean()
      const value = reader.offset < controlEnd && reader.peek() === 0x04 ? (reader.readString(0x04, true) ?? undefined) : undefined
      out.set(oid, value)
    }
    return out
  }

  /** A DN-valued attribute value as stored: the target's objectGUID; `<SID=...>` makes a foreign security principal when needed. */
  private link(value: Buffer): Buffer | [number, string] {
    const text = value.toString('utf8')
    const ext = parseExtendedDn(text)
    const sid = /^<SID=([^>]+)>$/i.exec(text)?.[1]
    if (sid !== undefined) {
      const known = [...this.entries.values()].find((e) => e.attributes.get('objectsid')?.values[0]?.toString('utf8') === sid)
      const target = known ?? this.put(`CN=${sid},CN=ForeignSecurityPrincipals,${this.baseDn}`, { objectClass: ['top', 'foreignSecurityPrincipal'], objectSid: [sid] })
      return Buffer.from(target.objectGuid)
    }
    const target = ext.guid !== undefined ? [...this.entries.values()].find((e) => e.objectGuid === ext.guid) : this.entries.get(dnKey(ext.dn))
    if (target === undefined) return [32, `no object for ${text}`]
    return Buffer.from(target.objectGuid)
  }

  private add(req: AddRequest): [number, string] {
    const key = dnKey(req.dn)
    if (this.entries.has(key)) return [68, `Entry ${req.dn} already exists`]
    const parent = parentDn(req.dn)
    if (parent === undefined || !this.entries.has(dnKey(parent))) return [32, `no parent for ${req.dn}`]
    const entry: FakeEntry = { dn: req.dn, objectGuid: randomUUID(), attributes: new Map() }
    for (const a of req.attributes) {
      const name = a.type.toLowerCase()
      const values: Buffer[] = []
      for (const v of a.parsedBuffers) {
        if (!DN_VALUED.has(name)) {
          values.push(v)
          continue
        }
        const linked = this.link(v)
        if (Array.isArray(linked)) return linked
        values.push(linked)
      }
      entry.attributes.set(name, { name: a.type, values })
    }
    const classes = entry.attributes.get('objectclass')?.values.map((v) => v.toString('utf8').toLowerCase()) ?? []
    if (classes.includes('group') && !entry.attributes.has('objectsid')) {
      // Every group gets a SID of the domain, as on Windows.
      entry.attributes.set('objectsid', { name: 'objectSid', values: [Buffer.from(`S-1-5-21-7-7-7-${1000 + this.entries.size}`)] })
    }
    this.touch(entry)
    this.entries.set(key, entry)
    return [0, '']
  }

  private modify(req: ModifyRequest): [number, string] {
    const entry = this.entries.get(dnKey(req.dn))
    if (!entry) return [32, `no object ${req.dn}`]
    for (const change of req.changes) {
      const name = change.modification.type.toLowerCase()
      const values: Buffer[] = []
      for (const v of change.modification.parsedBuffers) {
        if (!DN_VALUED.has(name)) values.push(v)
        else {
          const linked = this.link(v)
          if (Array.isArray(linked)) return linked
          values.push(linked)
        }
      }
      const current = entry.attributes.get(name) ?? { name: change.modification.type, values: [] }
      const same = (a: Buffer, b: Buffer): boolean => a.toString('utf8').toLowerCase() === b.toString('utf8').toLowerCase()
      switch (change.operation) {
        case 'add':
          for (const v of values) {
            if (current.values.some((c) => same(c, v))) return [20, `${change.modification.type}: value exists`]
            current.values.push(v)
          }
          break
        case 'delete':
          if (values.length === 0) current.values.length = 0
          for (const v of values) {
            const at = current.values.findIndex((c) => same(c, v))
            if (at === -1) return [16, `${change.modification.type}: no such value`]
            current.values.splice(at, 1)
          }
          break
        case 'replace':
          current.values.splice(0, current.values.length, ...values)
          break
      }
      if (current.values.length === 0) entry.attributes.delete(name)
      else entry.attributes.set(name, current)
    }
    this.touch(entry)
    return [0, '']
  }

  private remove(dn: string, tree: boolean): [number, string] {
    const key = dnKey(dn)
    if (!this.entries.has(key)) return [32, `no object ${dn}`]
    const below = [...this.entries.keys()].filter((k) => k.endsWith(`,${key}`))
    if (below.length > 0 && !tree) return [66, 'not allowed on non-leaf']
    const gone = new Set([key, ...below].map((k) => this.entries.get(k)?.objectGuid))
    for (const k of [key, ...below]) this.entries.delete(k)
    // Links to deleted objects disappear, as in AD.
    for (const e of this.entries.values()) {
      for (const [name, a] of e.attributes) if (DN_VALUED.has(name)) a.values = a.values.filter((v) => !gone.has(v.toString('utf8')))
    }
    return [0, '']
  }

  private rename(dn: string, newRdn: string): [number, string] {
    const entry = this.entries.get(dnKey(dn))
    if (!entry) return [32, `no object ${dn}`]
    const target = `${newRdn},${parentDn(dn) ?? ''}`
    if (this.entries.has(dnKey(target))) return [68, `Entry ${target} already exists`]
    this.entries.delete(dnKey(dn))
    entry.dn = target
    const cn = parseDn(newRdn)[0]?.value ?? ''
    entry.attributes.set('cn', { name: 'cn', values: [Buffer.from(cn)] })
    this.touch(entry)
    this.entries.set(dnKey(target), entry)
    return [0, '']
  }

  private search(id: number, req: SearchRequest, controls: Map<string, Buffer | undefined>): Buffer[] {
    const extended = controls.has('1.2.840.113556.1.4.529')
    const base = dnKey(req.baseDN)
    if (!this.entries.has(base)) return [envelope(id, 0x65, (w) => ldapResult(w, 32, `no object ${req.baseDN}`))]
    const scoped = [...this.entries.entries()]
      .filter(([k]) => (req.scope === 'base' ? k === base : req.scope === 'one' ? parentKey(k) === base : k === base || k.endsWith(`,${base}`)))
      .map(([, e]) => e)
      .filter((e) => matches(req.filter, e))
      .sort((a, b) => a.dn.length - b.dn.length)
    const paged = controls.get('1.2.840.113556.1.4.319')
    let page = scoped
    let cookie = ''
    if (paged !== undefined) {
      const r = new BerReader(paged)
      r.readSequence()
      const size = r.readInt() ?? 0
      const from = Number(r.readString() || '0')
      page = scoped.slice(from, from + size)
      cookie = from + size < scoped.length ? String(from + size) : ''
    }
    const out = page.map((e) => envelope(id, 0x64, (w) => this.writeEntry(w, e, req.attributes, extended)))
    out.push(
      envelope(
        id,
        0x65,
        (w) => ldapResult(w, 0, ''),
        paged === undefined
          ? undefined
          : (w) => {
              w.startSequence()
              w.writeString('1.2.840.113556.1.4.319')
              const v = new BerWriter()
              v.startSequence()
              v.writeInt(0)
              v.writeString(cookie)
              v.endSequence()
              w.writeBuffer(v.buffer, 0x04)
              w.endSequence()
            },
      ),
    )
    return out
  }

  private extendedDn(e: FakeEntry): string {
    const sid = e.attributes.get('objectsid')?.values[0]?.toString('utf8')
    return `<GUID=${e.objectGuid}>;${sid === undefined ? '' : `<SID=${sid}>;`}${e.dn}`
  }

  private writeEntry(w: BerWriter, e: FakeEntry, wanted: readonly string[], extended: boolean): void {
    w.writeString(extended ? this.extendedDn(e) : e.dn)
    w.startSequence()
    const limit = this.options.rangeLimit ?? Number.POSITIVE_INFINITY
    for (const request of wanted) {
      const [name = '', range] = request.split(';range=')
      const a = e.attributes.get(name.toLowerCase())
      let values: Buffer[] | undefined
      if (name.toLowerCase() === 'objectguid') values = [guidToBytes(e.objectGuid)]
      else if (a !== undefined) values = DN_VALUED.has(name.toLowerCase()) ? a.values.map((v) => this.linkValue(v, extended)) : a.values
      if (values === undefined || values.length === 0) continue
      const from = range === undefined ? 0 : Number(range.split('-')[0])
      const slice = values.slice(from, from + limit)
      const ranged = values.length > limit || range !== undefined
      const last = from + slice.length >= values.length
      w.startSequence()
      w.writeString(ranged ? `${a?.name ?? name};range=${from}-${last ? '*' : from + slice.length - 1}` : (a?.name ?? name))
      w.startSequence(0x31)
      for (const v of slice) w.writeBuffer(v, 0x04)
      w.endSequence()
      w.endSequence()
    }
    w.endSequence()
  }

  private linkValue(objectGuid: Buffer, extended: boolean): Buffer {
    const target = [...this.entries.values()].find((e) => e.objectGuid === objectGuid.toString('utf8'))
    if (!target) return objectGuid
    return Buffer.from(extended ? this.extendedDn(target) : target.dn)
  }
}

function parentKey(key: string): string | undefined {
  try {
    const p = parentDn(key)
    return p === undefined ? undefined : dnKey(p)
  } catch {
    return undefined
  }
}

/** Enough of RFC 4511 filters for the store loader: and, or, not, equality, presence. */
function matches(filter: LdaptsFilter, e: FakeEntry): boolean {
  const f = filter as unknown as { constructor: { name: string }; filters?: LdaptsFilter[]; filter?: LdaptsFilter; attribute?: string; value?: string | Buffer }
  const values = (): string[] => (f.attribute === undefined ? [] : (e.attributes.get(f.attribute.toLowerCase())?.values.map((v) => v.toString('utf8').toLowerCase()) ?? []))
  switch (f.constructor.name) {
    case 'AndFilter':
      return (f.filters ?? []).every((x) => matches(x, e))
    case 'OrFilter':
      return (f.filters ?? []).some((x) => matches(x, e))
    case 'NotFilter':
      return f.filter === undefined ? false : !matches(f.filter, e)
    case 'PresenceFilter':
      // ldapts reads a presence filter's attribute wrongly on the server side; (objectClass=*) is the only one used.
      return true
    case 'EqualityFilter':
      return values().includes(String(f.value ?? '').toLowerCase())
    default:
      return false
  }
}

function ldapResult(w: BerWriter, code: number, text: string): void {
  w.writeEnumeration(code)
  w.writeString('')
  w.writeString(text)
}

function envelope(id: number, tag: number, body: (w: BerWriter) => void, control?: (w: BerWriter) => void): Buffer {
  const w = new BerWriter()
  w.startSequence()
  w.writeInt(id)
  w.startSequence(tag)
  body(w)
  w.endSequence()
  if (control) {
    w.startSequence(0xa0)
    control(w)
    w.endSequence()
  }
  w.endSequence()
  return w.buffer
}
