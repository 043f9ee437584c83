/** Total length of the BER element (an LDAPMessage) at the start of `b`, or undefined while its header is incomplete. */
export function messageLength(b: Buffer): number | undefined {
  if (b.length < 2) return undefined
  const first = b[1] ?? 0
  if (first < 0x80) return 2 + first
  const n = first & 0x7f
  if (b.length < 2 + n) return undefined
  return 2 + n + b.readUIntBE(2, n)
}
