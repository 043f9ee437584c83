import { ExitCode } from '../../errors/azman-error.js'
import { LOG_LEVELS, resolveServiceConfig } from '../../service-config/resolve-service-config.js'
import { DEFAULTS, isLoopback } from '../../service-config/server-config.js'
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
  'expire-every': { type: 'string' },
  'log-level': { type: 'string' },
} as const

export const serve: Command = {
  name: 'serve',
  summary: 'serve the REST API over HTTP(S)',
  usage: `azman serve (--store NAME=<store>... --tokens FILE | --config FILE | --data-dir DIR) [options]

Serves every capability of the CLI over HTTP with fastify: GET /openapi.json describes the
routes, /docs shows them, and / is the web console (docs/console.md: sign in with a token).
Every request but /health, /openapi.json, /docs and the console's page and files needs
"Authorization: Bearer <token>" (azman token add makes tokens).

  --store NAME=<store>  serve a store under /stores/NAME (repeatable); an msldap:// store is
                        reached with the --ldap-* options or AZMAN_LDAP_* variables (azman --help)
  --tokens FILE         the tokens file (names, roles, hashes)
  --config FILE         settings from a JSON file (docs/rest.md); flags win
  --names FILE          names for SIDs in answers, CSV or JSON (AZMAN_NAMES; the config
                        file's "names"); a directory wins over it (azman --help)
  --data-dir DIR        serve DIR/stores/*.xml with DIR/tokens.json; a new DIR gets copies of
                        store-samples/ and a first operator token, printed once (npm start)
  --host H              address to listen on (default ${DEFAULTS.host})
  --port P              port (default ${DEFAULTS.port}; 0 picks a free one)
  --tls-cert F --tls-key F   serve HTTPS with this PEM certificate and key
  --body-limit BYTES    largest request body (default ${DEFAULTS.bodyLimit}); larger: 413
  --rate-limit N        requests per minute per token (default ${DEFAULTS.rateLimit.max}; 0: no limit)
  --lock-timeout S      seconds a write waits for another writer (default ${DEFAULTS.lockTimeoutMs / 1000}); then 409
  --expire-every S      seconds between two runs of azman expire on every store (default
                        ${DEFAULTS.expireEveryMs / 1000}; 0: never; else 1 to 86400): members whose --until passed are removed
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
    const { config, logLevel, firstToken } = await resolveServiceConfig({
      flags: {
        host: values.host,
        port: values.port,
        store: values.store,
        tokens: values.tokens,
        config: values.config,
        dataDir: values['data-dir'],
        tlsCert: values['tls-cert'],
        tlsKey: values['tls-key'],
        bodyLimit: values['body-limit'],
        rateLimit: values['rate-limit'],
        lockTimeout: values['lock-timeout'],
        expireEvery: values['expire-every'],
        logLevel: values['log-level'],
      },
      storeOptions: globals.store,
      names: globals.names,
      notice: (line) => io.stderr.write(`azman: ${line}\n`),
    })
    if (globals.startService === undefined) throw new Error('serve: this azman has no REST service to start (run it through its bin, src/bin.ts)')
    const app = await globals.startService(config, { logLevel, logStream: process.stdout })
    const { url } = app
    if (firstToken !== undefined) {
      io.stderr.write(`azman: the first operator token ("${firstToken.name}"), shown only this once; keep it secret:\n\n  ${firstToken.token}\n\n`)
    }
    if (config.tls === undefined && !isLoopback(config.host))
      io.stderr.write('azman: warning: serving plain HTTP on a network address: tokens cross the network in clear; use --tls-cert and --tls-key\n')
    const names = config.stores.map((s) => s.name).join(', ')
    if (globals.json) writeJson(io, { url, stores: config.stores.map((s) => s.name), console: `${url}/`, docs: `${url}/docs` })
    io.stderr.write(
      `azman: serving ${config.stores.length} store${config.stores.length === 1 ? '' : 's'} (${names}) at ${url}\nazman: web console at ${url}/ (sign in with an API token)\nazman: API docs at ${url}/docs, OpenAPI document at ${url}/openapi.json\n`,
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
