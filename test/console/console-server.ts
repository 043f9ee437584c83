/**
 * The REST service with its web console, listening on a loopback port, on
 * copies of sample stores, with a token of each role (see testServer).
 */
import type { Test } from 'tap'
import type { ServerConfig } from '../../src/service-config/server-config.js'
import { testServer, type TestServer } from '../server/support.js'

export interface ConsoleServer extends TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
}

export async function consoleServer(t: Test, options: { stores?: Readonly<Record<string, string>>; config?: Partial<ServerConfig> } = {}): Promise<ConsoleServer> {
  const server = await testServer(t, options)
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...server, url }
}
