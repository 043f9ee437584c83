import { createServer, connect, type Server, type Socket } from 'node:net'
import { messageSplitter } from './ber-frames.js'
import { closeServer, listenOnLoopback } from './loopback.js'

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
    this.server = createServer((client) => this.handle(client))
    return listenOnLoopback(this.server)
  }

  async close(): Promise<void> {
    await closeServer(this.server, this.sockets)
  }

  private handle(client: Socket): void {
    const server = connect(this.upstream.port, this.upstream.host)
    this.sockets.add(client).add(server)
    const cut = (): void => {
      client.destroy()
      server.destroy()
    }
    client.on(
      'data',
      messageSplitter((message) => {
        if (WRITE_TAGS.has(operationTag(message))) {
          if (this.cutBeforeWrite !== undefined && this.writesForwarded + 1 >= this.cutBeforeWrite) {
            cut()
            return false
          }
          this.writesForwarded++
        }
        server.write(message)
        return true
      }),
    )
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
