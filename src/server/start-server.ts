import type { FastifyInstance } from 'fastify'
import { buildServer, type BuildOptions } from './build-server.js'
import type { ServerConfig } from '../service-config/server-config.js'
import type { ServiceStarter } from '../service-config/service-starter.js'

/** A started server: where it listens. */
export interface RunningServer {
  readonly app: FastifyInstance
  /** `http(s)://host:port`, with the port the system gave for port 0. */
  readonly url: string
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/**
 * Builds the server, checks that every store can be read (so a wrong path
 * fails at start, not on the first request), and listens.
 */
export async function startServer(config: ServerConfig, options: BuildOptions = {}): Promise<RunningServer> {
  const app = await buildServer(config, options)
  try {
    for (const { name } of config.stores) await app.azman.store(name).load()
    await app.listen({ host: config.host, port: config.port })
  } catch (e) {
    await app.close()
    throw e
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  return { app, url: `${config.tls === undefined ? 'http' : 'https'}://${hostForUrl(config.host)}:${port}` }
}

/** {@link startServer} as the CLI's `serve` command takes it (see `src/bin.ts`). */
export const startService: ServiceStarter = async (config, options) => {
  const { app, url } = await startServer(config, options)
  return { url, close: () => app.close() }
}
