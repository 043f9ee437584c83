import { createServer, connect, type Server, type Socket } from 'node:net'
import { messageLength } from './ber-frames.js'

/** LDAP operation tags of the requests that change the directory. */
const WRITE_TAGS = new Set([0x66, 0x68, 0x4a, 0x6c])

/**
 * A TCP proxy on loopback in front of the test DC, to make a server "go away"
 * at a chosen moment: it reads the client's LDAP messages (plain LDAP only:
 * the tests that use it pass --ldap-insecure, which the test DC allows) and
 * cuts both connections instead of forwarding the write request number
 * `cutBeforeWrite` (1 = the first write). Real Samba answers everything
 * before that.
 */
export class LdapProxy {
  private server: Server | undefined
  /** Write requests forwarded so far, over all connections. */
  writesForwarded = 0
  cutBeforeWrite: number | undefined
  private readonly sockets = new Set<Socket>()

  constructor(
    private readonly upstream: { host: string; port: number },
    options: { cutBeforeWrite?: number } = {},
  ) {
    this.cutBeforeWrite = options.cutBeforeWrite
  }

  async listen(): Promise<number> {
    const server = createServer((client) => this.handle(client))
    this.server = server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (address === null || typeof address === 'string') throw new Error('no port')
    return address.port
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private handle(client: Socket): void {
    const server = connect(this.upstream.port, this.upstream.host)
    this.sockets.add(client).add(server)
    let pending = Buffer.alloc(0)
    const cut = (): void => {
      client.destroy()
      server.destroy()
    }
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      for (;;) {
        const length = messageLength(pending)
        if (length === undefined || pending.length < length) break
        const message = pending.subarray(0, length)
        pending = pending.subarray(length)
        if (WRITE_TAGS.has(operationTag(message))) {
          if (this.cutBeforeWrite !== undefined && this.writesForwarded + 1 >= this.cutBeforeWrite) {
            cut()
            return
          }
          this.writesForwarded++
        }
        server.write(message)
      }
    })
    server.on('data', (chunk: Buffer) => client.write(chunk))
    client.on('error', cut)
    server.on('error', cut)
    client.on('close', cut)
    server.on('close', cut)
  }
}

/** The protocol operation tag of an LDAPMessage: after the SEQUENCE header and the messageID INTEGER. */
function operationTag(message: Buffer): number {
  const first = message[1] ?? 0
  let at = 2 + (first < 0x80 ? 0 : first & 0x7f)
  at += 2 + (message[at + 1] ?? 0) // INTEGER messageID
  return message[at] ?? 0
}
