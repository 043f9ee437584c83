import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { azmanVersion } from '../../report/azman-version.js'

/**
 * The collector as shipped: `collector/azman-host-facts.js` at the package root, beside `dist/`
 * and `src/` (both two folders down from here), so the same path finds it from the sources and
 * from the build.
 */
export const COLLECTOR_FILE = fileURLToPath(new URL('../../../collector/azman-host-facts.js', import.meta.url))

/** The file name the collector is meant to have on a host. */
export const COLLECTOR_NAME = 'azman-host-facts.js'

/** Where the shipped file names its version, for {@link stampCollector}. */
export const VERSION_MARKER = '@AZMAN_VERSION@'

/** The collector with its version, ready to copy to hosts. */
export interface CollectorScript {
  /** The JScript text (ASCII, LF line ends). */
  readonly text: string
  /** azman's version, as the script's facts will name it (`collector`: `azman-host-facts.js <version>`). */
  readonly version: string
  /** SHA-256 of the text's bytes, lower-case hex: compare it with the file on a host. */
  readonly sha256: string
}

/**
 * The collector's (or another shipped host script's, `name`) source with its version stamped in. The version is written into a JScript string
 * literal, so anything but letters, digits and `.+-_` becomes `unknown`.
 *
 * @throws Error when the source does not hold the marker exactly once (a broken package)
 */
export function stampCollector(source: string, version: string, name: string = COLLECTOR_NAME): string {
  const parts = source.split(VERSION_MARKER)
  if (parts.length !== 2) throw new Error(`${name} should name ${VERSION_MARKER} once, not ${parts.length - 1} times`)
  return parts.join(/^[0-9A-Za-z.+_-]{1,64}$/.test(version) ? version : 'unknown')
}

/** The shipped collector, stamped with azman's version (or `version`). */
export async function collectorScript(version: string = azmanVersion()): Promise<CollectorScript> {
  const text = stampCollector(await readFile(COLLECTOR_FILE, 'utf8'), version)
  return { text, version, sha256: createHash('sha256').update(text, 'utf8').digest('hex') }
}
