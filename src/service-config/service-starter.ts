import type { ServerConfig } from './server-config.js'

/** A started REST service: where it listens, and how to stop it. */
export interface StartedService {
  /** `http(s)://host:port`, with the port the system gave for port 0. */
  readonly url: string
  /** Stops listening after finishing the requests in progress. */
  close(): Promise<void>
}

/**
 * Starts the REST service with a validated configuration. The CLI's `serve`
 * command is given one by the composition root (`src/bin.ts`), so the CLI
 * does not depend on the server.
 */
export type ServiceStarter = (config: ServerConfig, options: { readonly logLevel: string; readonly logStream: NodeJS.WritableStream }) => Promise<StartedService>
