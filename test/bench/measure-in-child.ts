import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Runs a measuring script in a fresh Node process (`node <args>`, from the
 * repository root) and resolves with the JSON value of the last line it
 * prints, or with why there is none: it could not start, timed out (it is
 * killed), exited non-zero, or printed no JSON. Never rejects, so one failed
 * measurement does not stop a benchmark run.
 */
export function measureInChild(args: readonly string[], timeoutMs: number): Promise<{ readonly result: unknown } | { readonly failure: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    let timedOut = false
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      resolve({ failure: `cannot start: ${e.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) return resolve({ failure: `timed out after ${timeoutMs / 1000} s` })
      if (code !== 0) return resolve({ failure: `exited with ${code ?? signal ?? 'unknown'}` })
      try {
        resolve({ result: JSON.parse(stdout.trim().split('\n').pop() ?? '') as unknown })
      } catch {
        resolve({ failure: `printed no result: ${JSON.stringify(stdout.slice(0, 200))}` })
      }
    })
  })
}
