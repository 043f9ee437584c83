import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { Test } from 'tap'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildServer } from '../../src/server/build-server.js'
import { serverConfig, type ServerConfig } from '../../src/service-config/server-config.js'
import { addToken } from '../../src/tokens/manage-tokens.js'
import { REPO_ROOT, sample } from '../cli/run-cli.js'

export { REPO_ROOT, sample }

export const APP = 'Hyper-V services'
export const APP_PATH = encodeURIComponent(APP)
/** A domain user no sample mentions. */
export const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'

/** A server on copies of sample stores, with a token of each role, checking every response against its schema. */
export interface TestServer {
  readonly app: FastifyInstance
  readonly dir: string
  /** The store files by store name. */
  readonly paths: Readonly<Record<string, string>>
  readonly tokens: { readonly reader: string; readonly auditor: string; readonly operator: string }
  readonly tokensFile: string
  /** Everything the server logged so far (pino JSON lines). */
  logs(): string
  /** `inject` with the operator's token unless `as` says otherwise (`null`: no token). */
  request(options: InjectOptions & { readonly as?: 'reader' | 'auditor' | 'operator' | null }): Promise<LightMyRequestResponse>
}

/** Stores by name, from sample file names. */
export const DEFAULT_STORES = { lab: 'hyperv-2008r2.xml', delegated: 'hyperv-2008r2-delegated.xml', old: 'hyperv-2008.xml' } as const

/** Servers of the tests look at the store file on every read (readCacheMs 0): tests change files behind the server's back. */
export async function testServer(t: Test, options: { stores?: Readonly<Record<string, string>>; config?: Partial<ServerConfig>; clock?: () => Date } = {}): Promise<TestServer> {
  const dir = t.testdir({})
  const stores = options.stores ?? DEFAULT_STORES
  const paths: Record<string, string> = {}
  for (const [name, file] of Object.entries(stores)) {
    paths[name] = join(dir, `${name}.xml`)
    copyFileSync(sample(file), paths[name])
  }
  const tokensFile = join(dir, 'tokens.json')
  const tokens = {
    reader: (await addToken(tokensFile, 'rita-reader', 'reader')).token,
    auditor: (await addToken(tokensFile, 'alex-auditor', 'auditor')).token,
    operator: (await addToken(tokensFile, 'olga-operator', 'operator')).token,
  }
  let log = ''
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log += chunk.toString('utf8')
      done()
    },
  })
  const config = serverConfig({ stores: Object.keys(paths).map((name) => ({ name, ref: paths[name] ?? '' })), tokensFile, rateLimit: false, readCacheMs: 0, ...options.config })
  const app = await buildServer(config, { logStream, validateResponses: true, ...(options.clock === undefined ? {} : { clock: options.clock }) })
  t.teardown(() => app.close())
  return {
    app,
    dir,
    paths,
    tokens,
    tokensFile,
    logs: () => log,
    request: ({ as = 'operator', ...inject }) => app.inject({ ...inject, headers: { ...(as === null ? {} : { authorization: `Bearer ${tokens[as]}` }), ...(inject.headers ?? {}) } }),
  }
}

/** The bytes and times of a store and of every file beside it (journal, backup, versions, lock): what a refused request must not change. */
export function diskState(path: string): string {
  const dir = join(path, '..')
  const base = path.slice(dir.length + 1)
  const parts: string[] = []
  const visit = (p: string, name: string): void => {
    const s = statSync(p)
    if (s.isDirectory()) {
      for (const child of readdirSync(p).sort()) visit(join(p, child), `${name}/${child}`)
    } else parts.push(`${name} ${s.size} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`)
  }
  for (const name of readdirSync(dir).sort()) if (name.startsWith(base)) visit(join(dir, name), name)
  return parts.join('\n')
}

export function json<T = unknown>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T
}

/** Whether a journal exists beside a store. */
export function journaled(path: string): boolean {
  return existsSync(`${path}.journal.jsonl`)
}

/** Checks an RFC 9457 problem response: status, media type, code, and no stack trace. */
export function assertProblem(t: Test, response: LightMyRequestResponse, status: number, code: string, message?: string): void {
  t.equal(response.statusCode, status, `${message ?? code}: status ${status}${response.statusCode === status ? '' : ` (got ${response.body.slice(0, 300)})`}`)
  t.match(response.headers['content-type'], /^application\/problem\+json/, 'problem+json')
  const body = json<Record<string, unknown>>(response)
  t.match(body, { type: `urn:azman:error:${code}`, status, code, detail: String }, `code ${code}`)
  t.notMatch(response.body, /\n\s+at\s/, 'no stack trace')
}
