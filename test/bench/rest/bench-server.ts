/**
 * One server of the REST benchmark, in its own process so that it has a core
 * of its own and the load generator does not share its event loop:
 *
 *   node --import tsx test/bench/rest/bench-server.ts --mode bare|azman --dir DIR
 *
 * bare: a fastify hello-world. azman: the REST service on DIR/lab.xml with
 * DIR/tokens.json. Both with the same logger settings (pino at info, the same
 * redaction, one log line per request start and end) writing to DIR/<mode>.log,
 * the same request ids, and no rate limit. Prints {"url"} on stdout once
 * listening; stops on SIGTERM.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Fastify from 'fastify'
import { loggerOptions } from '../../../src/server/build-server.js'
import { serverConfig } from '../../../src/service-config/server-config.js'
import { startServer } from '../../../src/server/start-server.js'

const { values } = parseArgs({ options: { mode: { type: 'string' }, dir: { type: 'string' } } })
const dir = values.dir ?? '.'
const logStream = createWriteStream(join(dir, `${values.mode ?? 'x'}.log`))

let url: string
let close: () => Promise<void>
if (values.mode === 'bare') {
  const app = Fastify({ logger: loggerOptions({ logStream }), genReqId: () => randomUUID(), requestIdHeader: false })
  app.get('/', async () => ({ hello: 'world' }))
  url = await app.listen({ host: '127.0.0.1', port: 0 })
  close = () => app.close()
} else {
  const config = serverConfig({ host: '127.0.0.1', port: 0, stores: [{ name: 'lab', ref: join(dir, 'lab.xml') }], tokensFile: join(dir, 'tokens.json'), rateLimit: false })
  const running = await startServer(config, { logStream })
  url = running.url
  close = () => running.app.close()
}
process.stdout.write(`${JSON.stringify({ url })}\n`)
process.once('SIGTERM', () => {
  void close().then(() => process.exit(0))
})
