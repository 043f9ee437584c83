import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'

export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `azman` in this process with captured output. */
export async function azman(...argv: string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: process.cwd(),
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

export const repo = new URL('../../', import.meta.url).pathname
export const sample = (name: string): string => `${repo}store-samples/${name}`
export const shared = (name: string): string => `${repo}../shared/azman-samples/${name}`
