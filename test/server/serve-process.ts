import { spawn, type ChildProcess } from 'node:child_process'
import { REPO_ROOT } from '../cli/run-cli.js'

/** A running `azman serve` process. */
export interface Started {
  readonly child: ChildProcess
  /** Everything it wrote to standard error so far. */
  readonly stderr: () => string
  readonly url: string
}

/**
 * Starts `azman serve --data-dir DIR` as `npm start` does (a real process, on
 * a free port) and waits for the URL it prints; rejects when it exits first
 * or prints none within 60 s.
 */
export function serve(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', 'serve', '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL after 60 s: ${stderr}`)), 60_000)
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8')
      const url = /serving .* at (http:\/\/\S+)/.exec(stderr)?.[1]
      if (url !== undefined) {
        clearTimeout(timer)
        resolve({ child, stderr: () => stderr, url })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`azman serve exited with ${code}: ${stderr}`))
    })
  })
}
