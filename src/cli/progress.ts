import type { CliIo } from './io.js'

/** Files at least this large get a progress line while they load. */
const LARGE_BYTES = 8 * 1024 * 1024

/**
 * A progress line on a terminal for operations that take a while; silent when
 * stderr is not a terminal, so scripts and JSON output stay clean, unless
 * asked for with `always` (`--progress`).
 */
export class Progress {
  private shown = false
  private readonly started = Date.now()
  private readonly on: boolean

  constructor(
    private readonly io: CliIo,
    options: { readonly always?: boolean; readonly never?: boolean } = {},
  ) {
    this.on = options.always === true || (options.never !== true && io.stderr.isTTY === true)
  }

  /** Announces work on `bytes` of input when it is large enough to notice. */
  start(what: string, bytes: number): void {
    if (!this.on || bytes < LARGE_BYTES) return
    this.shown = true
    this.io.stderr.write(`\razman: ${what} (${(bytes / 1048576).toFixed(0)} MB)...`)
  }

  /** Shows a running count (entries read from a directory), from the first one on. */
  count(what: string, n: number, unit: string): void {
    if (!this.on) return
    this.shown = true
    this.io.stderr.write(`\razman: ${what}: ${n} ${unit}...`)
  }

  done(): void {
    if (!this.shown) return
    this.io.stderr.write(` done in ${((Date.now() - this.started) / 1000).toFixed(1)} s\n`)
    this.shown = false
  }
}
