/** GUIDs and SIDs in the binary forms Active Directory stores (`objectGUID`, `msDS-AzObjectGuid`, `objectSid`, `tokenGroups`). */

/** A binary GUID (Microsoft's mixed-endian layout) as text, lower case. */
export function guidFromBytes(b: Uint8Array): string {
  if (b.length !== 16) throw new Error(`a GUID has 16 bytes, not ${b.length}`)
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(b.subarray(from, to))
    return (reverse ? part.reverse() : part).map((x) => x.toString(16).padStart(2, '0')).join('')
  }
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`
}

/** The 16 bytes of a GUID given as text (braces and case ignored), in Microsoft's layout. */
export function guidToBytes(text: string): Buffer {
  const g = text.trim().replace(/^\{|\}$/g, '')
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(g)) throw new Error(`"${text}" is not a GUID`)
  const h = g.replace(/-/g, '')
  const bytes = Buffer.from(h, 'hex')
  bytes.subarray(0, 4).reverse()
  bytes.subarray(4, 6).reverse()
  bytes.subarray(6, 8).reverse()
  return bytes
}

/** A binary SID as text, `S-1-5-21-...`. */
export function sidFromBytes(b: Uint8Array): string {
  const buf = Buffer.from(b)
  if (buf.length < 8) throw new Error('a SID has at least 8 bytes')
  const count = buf[1] ?? 0
  if (buf.length !== 8 + 4 * count) throw new Error(`a SID with ${count} sub-authorities has ${8 + 4 * count} bytes, not ${buf.length}`)
  const subs: number[] = []
  for (let i = 0; i < count; i++) subs.push(buf.readUInt32LE(8 + 4 * i))
  return `S-${buf[0] ?? 1}-${buf.readUIntBE(2, 6)}${subs.map((s) => `-${s}`).join('')}`
}

/** The binary form of a SID given as text. */
export function sidToBytes(sid: string): Buffer {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(sid)
  if (!m) throw new Error(`"${sid}" is not a SID`)
  const subs = (m[3] ?? '')
    .split('-')
    .filter((s) => s !== '')
    .map(Number)
  const buf = Buffer.alloc(8 + 4 * subs.length)
  buf[0] = Number(m[1])
  buf[1] = subs.length
  buf.writeUIntBE(Number(m[2]), 2, 6)
  subs.forEach((s, i) => buf.writeUInt32LE(s, 8 + 4 * i))
  return buf
}
