/**
 * Where Debian's Chromium is (`chromium`, or `chromium-browser` elsewhere) on
 * the PATH, for the tests that drive a real browser.
 */
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** The path of a Chromium on the PATH, or undefined when none is installed. */
export function findChromium(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '')
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of dirs) {
      const path = join(dir, name)
      if (existsSync(path)) return path
    }
  }
  return undefined
}
