import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import Fastify, { type FastifyInstance } from 'fastify'
import { prepareChangeValidators } from '../change-set/parse-change-set.js'
import { StoreIoError } from '../errors/input-errors.js'
import { TokenVerifier } from '../tokens/token-verifier.js'
import type { ServerConfig } from '../service-config/server-config.js'
import { ServerContext } from './context.js'
import { auth } from './plugins/auth.js'
import { jsonReplies } from './plugins/json-replies.js'
import { openapi } from './plugins/openapi.js'
import { guidAddressing } from './plugins/guid-addressing.js'
import { jsonBodies } from './plugins/json-bodies.js'
import { clientErrorHandler, problemDetails, routerErrorHandler } from './plugins/problem-details.js'
import { rateLimits } from './plugins/rate-limits.js'
import { requestIds } from './plugins/request-ids.js'
import { validation } from './plugins/validation.js'
import { accessRoutes } from './routes/access.js'
import { applicationRoutes } from './routes/applications.js'
import { auditRoutes } from './routes/audit.js'
import { changeSetRoutes } from './routes/change-sets.js'
import { changeFeedRoutes } from './routes/changes.js'
import { delegationRoutes } from './routes/delegations.js'
import { groupWriteRoutes } from './routes/group-writes.js'
import { healthRoutes } from './routes/health.js'
import { sessionRoutes } from './routes/session.js'
import { consoleRoutes } from './console/console-routes.js'
import { hostCheckRoutes } from './routes/host-checks.js'
import { hostScriptRoutes } from './routes/host-scripts.js'
import { verifyRoutes } from './routes/verify.js'
import { migrationRoutes } from './routes/migrations.js'
import { placeReadRoutes } from './routes/place-reads.js'
import { policyTestRoutes } from './routes/policy-tests.js'
import { roleAssignmentWriteRoutes } from './routes/role-assignment-writes.js'
import { revertRoutes, rollbackRoutes } from './routes/history.js'
import { scopeWriteRoutes } from './routes/scope-writes.js'
import { storeRoutes } from './routes/stores.js'
import { taskWriteRoutes } from './routes/task-writes.js'
import { templateRoutes } from './routes/templates.js'
import { startExpiryTimer } from './expiry-timer.js'

/** Where the log goes and what the server checks beyond its configuration. */
export interface BuildOptions {
  /** Log destination (pino JSON lines); default standard output. */
  readonly logStream?: NodeJS.WritableStream
  /** `info` by default; `silent` for none. */
  readonly logLevel?: string
  /** Check every JSON response against its route's schema (tests). */
  readonly validateResponses?: boolean
  /** The time the expiry timer expires at (tests give a fixed one); default the clock. */
  readonly clock?: () => Date
  /** Where the built web console is (tests); default the package's `dist/console`. */
  readonly consoleDir?: string
}

/** The longest path parameter the router passes on, in characters: more than any URL Node reads (16 KB of headers). */
export const MAX_PARAM_LENGTH = 1_048_576

/** Headers the log must never show. */
export const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]']

function version(): string {
  const pkg: unknown = createRequire(import.meta.url)('../../package.json')
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0'
}

/** The fastify options azman runs with; the benchmark's bare server uses the same logger settings. */
export function loggerOptions(options: BuildOptions): { level: string; redact: string[]; stream?: NodeJS.WritableStream } {
  return { level: options.logLevel ?? 'info', redact: REDACTED, ...(options.logStream === undefined ? {} : { stream: options.logStream }) }
}

async function readTls(config: ServerConfig): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  if (config.tls === undefined) return undefined
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file)
    } catch (e) {
      throw new StoreIoError(`cannot read the TLS ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e })
    }
  }
  return { cert: await read(config.tls.certFile, 'certificate'), key: await read(config.tls.keyFile, 'key') }
}

/**
 * The REST service: every capability of the CLI over HTTP, through the same
 * library functions. Plugins in order: request ids, problem details,
 * rate limits and authentication (first on every request, and on the
 * requests the router refuses), JSON bodies in UTF-8 (nothing else),
 * addressing by GUID, validation, the
 * OpenAPI document; then the routes. Not listening yet: `app.listen()` or
 * `app.inject()`.
 */
export async function buildServer(config: ServerConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const verifier = await TokenVerifier.open(config.tokensFile)
  const https = await readTls(config)
  // Every change type's validator now, not inside a request's turn of the event loop.
  prepareChangeValidators()
  const app = Fastify({
    logger: loggerOptions(options),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    // Names go in the path, and a scope name may have 65,536 characters: the router never refuses a
    // parameter for its length (the schemas hold each kind of name to AzMan's limit, after the token).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: routerErrorHandler(() => app),
    clientErrorHandler,
    exposeHeadRoutes: false,
    ...(https === undefined ? {} : { https }),
  }) as unknown as FastifyInstance
  app.decorate('azman', new ServerContext(config, verifier))
  await app.register(requestIds)
  await app.register(problemDetails)
  if (config.rateLimit !== false) await app.register(rateLimits, config.rateLimit)
  await app.register(auth)
  await app.register(jsonBodies)
  await app.register(guidAddressing)
  await app.register(validation, { validateResponses: options.validateResponses === true })
  await app.register(jsonReplies)
  await app.register(openapi, { version: version() })
  await app.register(consoleRoutes, options.consoleDir === undefined ? {} : { dir: options.consoleDir })
  for (const routes of [
    healthRoutes,
    sessionRoutes,
    storeRoutes,
    applicationRoutes,
    placeReadRoutes,
    taskWriteRoutes,
    roleAssignmentWriteRoutes,
    scopeWriteRoutes,
    groupWriteRoutes,
    delegationRoutes,
    changeSetRoutes,
    rollbackRoutes,
    revertRoutes,
    changeFeedRoutes,
    templateRoutes,
    accessRoutes,
    auditRoutes,
    policyTestRoutes,
    hostCheckRoutes,
    hostScriptRoutes,
    verifyRoutes,
    migrationRoutes,
  ]) {
    await app.register(routes)
  }
  startExpiryTimer(app, { everyMs: config.expireEveryMs, lockTimeoutMs: config.lockTimeoutMs, ...(options.clock === undefined ? {} : { clock: options.clock }) })
  return app
}
