import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { startService } from '../../src/server/start-server.js'

/** What one CLI run produced. */
export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** The repository root (where package.json and src/ are). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Absolute path of a file under test/fixtures/. */
export function fixture(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url))
}

/** Runs `azman <args>` in this process through main() wired as `src/bin.ts` wires it, with captured output and no terminal. */
export async function runCli(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env,
    cwd: REPO_ROOT,
  }
  const code = await main(args, io, { startService })
  return { code, stdout, stderr }
}

/** Runs the real binary (`node --import tsx src/bin.ts <args>`) as a child process. */
export function spawnCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '', ...env },
    timeout: 60_000,
  })
  if (child.error) throw child.error
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr }
}

/** What must not change when a read-only command (or a refused one) runs on a file. */
export interface Fingerprint {
  readonly sha256: string
  readonly size: number
  readonly mtimeMs: number
}

export function fingerprint(path: string): Fingerprint {
  const { size, mtimeMs } = statSync(path)
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), size, mtimeMs }
}

/** Lines of a stack trace, as Node prints them (`    at fn (file:line:col)`). */
export const STACK_LINE = /^\s+at\s/m

/** `runCli` with the arguments spread: `await azman('show', store)`. */
export function azman(...args: string[]): Promise<CliResult> {
  return runCli(args)
}

/** Absolute path of a store shipped in store-samples/. */
export const sample = (name: string): string => `${REPO_ROOT}store-samples/${name}`

/** Absolute path of a real AzMan store in test/fixtures/real-stores/ (origins in its README). */
export const realStore = (name: string): string => `${REPO_ROOT}test/fixtures/real-stores/${name}`
