import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** Where the built web console is: `dist/console` of the package, from `src/` (tsx) and from `dist/` alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../dist/console/', import.meta.url))

/** A file of the built console, held in memory. */
export interface ConsoleAsset {
  readonly body: Buffer
  readonly type: string
}

/** The files the console is made of, by the name they are served under (`/console/<name>`). */
export const CONSOLE_FILES: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
}

/**
 * The built console's files, read once; undefined when the console is not
 * built (`npm run build` builds it; the published package ships it built).
 */
export async function readConsoleAssets(dir: string = CONSOLE_DIR): Promise<ReadonlyMap<string, ConsoleAsset> | undefined> {
  const assets = new Map<string, ConsoleAsset>()
  for (const [name, type] of Object.entries(CONSOLE_FILES)) {
    try {
      assets.set(name, { body: await readFile(`${dir}${name}`), type })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw e
    }
  }
  return assets
}
