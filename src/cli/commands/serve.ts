import { join } from 'node:path'
import { ExitCode } from '../../errors/azman-error.js'
import { quote } from '../../model/quote.js'
import { UsageError } from '../../errors/usage-error.js'
import { DEFAULTS, parseStoreFlag, readConfigFile, serverConfig, type NamedStore, type ServerConfig } from '../../server/config.js'
import { prepareDataDir } from '../../server/data-dir.js'
import { isLoopback, startServer } from '../../server/start-server.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { examplesSection } from '../examples.js'

const flags = {
  host: { type: 'string' },
  port: { type: 'string' },
  store: { type: 'string', multiple: true },
  tokens: { type: 'string' },
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'body-limit': { type: 'string' },
  'rate-limit': { type: 'string' },
  'lock-timeout': { type: 'string' },
  'log-level': { type: 'string' },
} as const

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`serve: --${flag} takes a number, not ${JSON.stringify(value)}`)
  return n
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export const serve: Command = {
  name: 'serve',
  summary: 'serve the REST API over HTTP(S)',
  usage: `azman serve (--store NAME=<store>... --tokens FILE | --config FILE | --data-dir DIR) [options]

Serves every capability of the CLI over HTTP with fastify: GET /openapi.json describes the
routes, /docs shows them. Every request but /health, /openapi.json and /docs needs
"Authorization: Bearer <token>" (azman token add makes tokens).

  --store NAME=<store>  serve a store under /stores/NAME (repeatable); an msldap:// store is
                        reached with the --ldap-* options or AZMAN_LDAP_* variables (azman --help)
  --tokens FILE         the tokens file (names, roles, hashes)
  --config FILE         settings from a JSON file (docs/rest.md); flags win
  --data-dir DIR        serve DIR/stores/*.xml with DIR/tokens.json; a new DIR gets copies of
                        store-samples/ and a first operator token, printed once (npm start)
  --host H              address to listen on (default ${DEFAULTS.host})
  --port P              port (default ${DEFAULTS.port}; 0 picks a free one)
  --tls-cert F --tls-key F   serve HTTPS with this PEM certificate and key
  --body-limit BYTES    largest request body (default ${DEFAULTS.bodyLimit}); larger: 413
  --rate-limit N        requests per minute per token (default ${DEFAULTS.rateLimit.max}; 0: no limit)
  --lock-timeout S      seconds a write waits for another writer (default ${DEFAULTS.lockTimeoutMs / 1000}); then 409
  --log-level L         ${LOG_LEVELS.join(', ')} (default info); JSON lines on stdout

Stops on SIGINT or SIGTERM after finishing the requests in progress.

${examplesSection(
  `# what npm start runs: writable copies of store-samples/ in data/ and a first token, printed once`,
  `azman serve --data-dir data`,
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `# tokens.json: made with azman token add --tokens tokens.json --name alice --role operator`,
  `azman serve --store lab=lab.xml --store samples=store-samples/hyperv-2008r2.xml --tokens tokens.json --port 8081`,
)}`,
  async run(args, io, globals) {
    const { values } = parseCommandArgs('serve', args, flags, { min: 0, max: 0, names: 'no positional arguments (stores are --store NAME=<store>)' })
    const fromFile: Partial<ServerConfig> = values.config === undefined ? {} : await readConfigFile(values.config)
    let stores: readonly NamedStore[] | undefined = values.store?.map(parseStoreFlag) ?? fromFile.stores
    let tokensFile = values.tokens ?? fromFile.tokensFile
    let firstToken: { name: string; token: string } | undefined
    if (values['data-dir'] !== undefined) {
      const data = await prepareDataDir(values['data-dir'])
      stores ??= data.stores
      tokensFile ??= data.tokensFile
      firstToken = data.firstToken
      if (data.created) io.stderr.write(`azman: created ${values['data-dir']}/ with writable copies of the sample stores and ${data.tokensFile}\n`)
      for (const skipped of data.skipped) io.stderr.write(`azman: warning: skipped ${quote(join(values['data-dir'], 'stores', skipped.file))}: ${skipped.reason}\n`)
      if (stores.length === 0) throw new UsageError(`serve: ${quote(join(values['data-dir'], 'stores'))} holds no store to serve (NAME.xml files, NAME of letters, digits and . _ -)`)
    }
    if (stores === undefined) throw new UsageError('serve: name the stores to serve: --store NAME=<store>, --config FILE or --data-dir DIR')
    if (tokensFile === undefined) throw new UsageError('serve: every request needs a token: give --tokens FILE (azman token add --tokens FILE --name N --role R makes one)')
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('serve: give --tls-cert and --tls-key together')
    const rate = number('rate-limit', values['rate-limit'])
    const lock = number('lock-timeout', values['lock-timeout'])
    const port = number('port', values.port)
    const bodyLimit = number('body-limit', values['body-limit'])
    const logLevel = values['log-level'] ?? 'info'
    if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`serve: --log-level is one of ${LOG_LEVELS.join(', ')}`)
    const config = serverConfig({
      ...fromFile,
      stores,
      tokensFile,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(port === undefined ? {} : { port }),
      ...(values['tls-cert'] === undefined || values['tls-key'] === undefined ? {} : { tls: { certFile: values['tls-cert'], keyFile: values['tls-key'] } }),
      ...(bodyLimit === undefined ? {} : { bodyLimit }),
      ...(rate === undefined ? {} : { rateLimit: rate === 0 ? false : { max: rate, windowMs: 60_000 } }),
      ...(lock === undefined ? {} : { lockTimeoutMs: lock * 1000 }),
      // msldap:// stores: credentials and TLS from the --ldap-* flags or the AZMAN_LDAP_* variables.
      storeOptions: {
        ...(globals.store.ldap === undefined ? {} : { ldap: globals.store.ldap }),
        ...(globals.store.journal === undefined ? {} : { journal: globals.store.journal }),
        ...(globals.store.maxBytes === undefined ? {} : { maxBytes: globals.store.maxBytes }),
      },
    })
    const { app, url } = await startServer(config, { logLevel, logStream: process.stdout })
    if (firstToken !== undefined) {
      io.stderr.write(`azman: the first operator token ("${firstToken.name}"), shown only this once; keep it secret:\n\n  ${firstToken.token}\n\n`)
    }
    if (config.tls === undefined && !isLoopback(config.host))
      io.stderr.write('azman: warning: serving plain HTTP on a network address: tokens cross the network in clear; use --tls-cert and --tls-key\n')
    const names = config.stores.map((s) => s.name).join(', ')
    if (globals.json) writeJson(io, { url, stores: config.stores.map((s) => s.name), docs: `${url}/docs` })
    io.stderr.write(
      `azman: serving ${config.stores.length} store${config.stores.length === 1 ? '' : 's'} (${names}) at ${url}\nazman: API docs at ${url}/docs, OpenAPI document at ${url}/openapi.json\n`,
    )
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void app.close().then(resolve, resolve)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    return ExitCode.Ok
  },
}
