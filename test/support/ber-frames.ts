/**
 * A `data` handler that cuts a TCP stream into whole LDAP messages and calls
 * `onMessage` with each; `onMessage` returning false stops the stream's handling.
 */
export function messageSplitter(onMessage: (message: Buffer) => boolean | void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0)
  return (chunk) => {
    pending = Buffer.concat([pending, chunk])
    for (;;) {
      const length = messageLength(pending)
      if (length === undefined || pending.length < length) return
      const message = pending.subarray(0, length)
      pending = pending.subarray(length)
      if (onMessage(message) === false) return
    }
  }
}

/** Total length of the BER element (an LDAPMessage) at the start of `b`, or undefined while its header is incomplete. */
export function messageLength(b: Buffer): number | undefined {
  if (b.length < 2) return undefined
  const first = b[1] ?? 0
  if (first < 0x80) return 2 + first
  const n = first & 0x7f
  if (b.length < 2 + n) return undefined
  return 2 + n + b.readUIntBE(2, n)
}
