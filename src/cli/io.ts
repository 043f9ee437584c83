/** Where a CLI run reads and writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown; readonly isTTY?: boolean }
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** All of standard input, for arguments given as `-`. */
  readonly readStdin?: () => Promise<string>
  /** Ends a command that runs until interrupted (`history --follow`); without it, SIGINT and SIGTERM do. */
  readonly signal?: AbortSignal
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks).toString('utf8')
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), readStdin: () => readAll(process.stdin) }
}

/**
 * What no output of azman sends to a terminal as it is: C0 controls but LF and
 * TAB (ESC starts escape sequences, a CR that does not end a CRLF line
 * overwrites a line; CSV lines end in CRLF), DEL, C1 controls
 * (U+009B is a CSI on some terminals) and the bidirectional marks that show
 * text in another order than it is. Values come from stores, journals and
 * requests, so they are not trusted.
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g

/**
 * `text` with {@link TERMINAL_UNSAFE} characters shown as `\uXXXX`. Lossless
 * for JSON output: such characters only occur inside its strings, where the
 * escape stands for the same character.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The same streams, every write passed through {@link terminalSafe}: how main() writes. */
export function safeIo(io: CliIo): CliIo {
  const wrap = (stream: CliIo['stdout']): CliIo['stdout'] => ({ write: (chunk: string) => stream.write(terminalSafe(chunk)), ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }) })
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) }
}

/** Writes JSON with a trailing newline, two-space indented. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
