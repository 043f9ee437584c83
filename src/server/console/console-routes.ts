import type { FastifyInstance } from 'fastify'
import { HttpError } from '../http-status.js'
import { CONSOLE_HEADERS, CONSOLE_PAGE } from './console-page.js'
import { readConsoleAssets, type ConsoleAsset } from './console-assets.js'

/** Options of the console's routes: where its built files are (tests); default the package's `dist/console`. */
export interface ConsoleOptions {
  readonly dir?: string
}

/**
 * The web console: its page at `/` and its files at `/console/<name>`, without
 * a token (the page asks for one and sends it to the API as a header). A
 * console that is not built answers 503 with what to run.
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const assets = await readConsoleAssets(options.dir)
  const notBuilt = (): never => {
    throw new HttpError(503, 'AZMAN_ERR_CONSOLE_NOT_BUILT', 'the web console is not built in this copy of azman: run npm run build')
  }
  const config = { access: 'public' as const }
  const schema = { hide: true }
  app.get('/', { config, schema }, async (_request, reply) => {
    if (assets === undefined) return notBuilt()
    return reply.headers(CONSOLE_HEADERS).type('text/html; charset=utf-8').send(CONSOLE_PAGE)
  })
  app.get<{ Params: { file: string } }>('/console/:file', { config, schema }, async (request, reply) => {
    if (assets === undefined) return notBuilt()
    const asset: ConsoleAsset | undefined = assets.get(request.params.file)
    if (asset === undefined) throw new HttpError(404, 'AZMAN_ERR_NOT_FOUND', 'no such file of the web console')
    return reply.headers(CONSOLE_HEADERS).type(asset.type).send(asset.body)
  })
}
