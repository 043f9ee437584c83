/** Shared expectations of the access commands' CLI tests. */
import type { Test } from 'tap'
import { fingerprint, STACK_LINE, type CliResult } from '../run-cli.js'

/** A refused run: the exit code and error code, one line on stderr, no stack trace, and the JSON error when --json. */
export function refused(t: Test, run: CliResult, exitCode: number, code: string, message?: RegExp): void {
  t.equal(run.code, exitCode, `exit ${exitCode}`)
  t.match(run.stderr, new RegExp(`^azman: .*\\[${code}\\]\\n$`), 'one line naming the error code')
  if (message) t.match(run.stderr, message)
  t.notMatch(run.stderr, STACK_LINE, 'no stack trace')
}

/** Runs `body` and checks the store file is byte-for-byte and time-stamp unchanged. */
export async function unchanged(t: Test, path: string, body: () => Promise<void>): Promise<void> {
  const before = fingerprint(path)
  await body()
  t.same(fingerprint(path), before, 'the store is unchanged')
}
