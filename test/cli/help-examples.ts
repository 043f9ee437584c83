import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { REPO_ROOT, type CliResult } from './run-cli.js'

/** One line of a help text's `examples:` section (see src/cli/examples.ts). */
export type ExampleLine =
  | { readonly kind: 'command'; readonly line: string; readonly argv: readonly string[] }
  | { readonly kind: 'file'; readonly line: string; readonly file: string; readonly content: string }
  /** `# FILE: made with azman ...` or `# FILE: changed with azman ...`: what an example needs done first. */
  | { readonly kind: 'setup'; readonly line: string; readonly file: string; readonly argv: readonly string[] }
  /** `# exits N...`: the exit code of the next command. */
  | { readonly kind: 'exits'; readonly line: string; readonly code: number }
  | { readonly kind: 'comment'; readonly line: string }

/**
 * The `examples:` section of a help text: from the line `examples:` to the end
 * of the text or the first blank line. Undefined when there is none. Lines that
 * are not indented by two spaces end up as commands of their own so that the
 * format check fails on them.
 */
export function helpExamples(help: string): ExampleLine[] | undefined {
  const lines = help.split('\n')
  const start = lines.indexOf('examples:')
  if (start === -1) return undefined
  const out: ExampleLine[] = []
  for (const raw of lines.slice(start + 1)) {
    if (raw.trim() === '') break
    const line = raw.startsWith('  ') ? raw.slice(2) : raw
    const file = /^# ([\w.-]+\.json): (\{.*\})$/.exec(line)
    const setup = /^# ([\w.-]+): (?:made|changed) with (azman .*)$/.exec(line)
    const exits = /^# exits (\d+)\b/.exec(line)
    if (exits) out.push({ kind: 'exits', line: raw, code: Number(exits[1]) })
    else if (file) out.push({ kind: 'file', line: raw, file: file[1] ?? '', content: file[2] ?? '' })
    else if (setup) out.push({ kind: 'setup', line: raw, file: setup[1] ?? '', argv: shellWords(setup[2] ?? '') })
    else if (line.startsWith('#')) out.push({ kind: 'comment', line: raw })
    else out.push({ kind: 'command', line: raw, argv: shellWords(line) })
  }
  return out
}

/** Splits a command line as a POSIX shell would, for the quoting examples use: '...', "..." and \ outside quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? ''
    if (c === ' ') {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1)
      if (end === -1) throw new Error(`unclosed ${c} in: ${line}`)
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '')
      i++
    } else if ('|<>;&$`'.includes(c)) {
      throw new Error(`examples are single commands without shell syntax (${c}): ${line}`)
    } else word = (word ?? '') + c
  }
  if (word !== undefined) words.push(word)
  return words
}

/** A journal entry id (src/journal/store-journal.ts newEntryId), as examples of rollback show one. */
export const ENTRY_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$/

/**
 * A folder laid out as the repository is after the quick start, for running
 * examples in: copies of store-samples/ and templates/, so that no example can
 * change a tracked file, even one that writes where it should only read.
 */
export function exampleFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'azman-help-examples-'))
  for (const folder of ['store-samples', 'templates']) cpSync(join(REPO_ROOT, folder), join(dir, folder), { recursive: true })
  return dir
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Runs `azman <argv>` in this process with `dir` as the working directory (the caller must process.chdir(dir) first). */
export async function runIn(dir: string, argv: readonly string[]): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env: {},
    cwd: dir,
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

/**
 * Writes the file a `# FILE: JSON` line gives, in `dir`: a plain name (no
 * folder, not `.` or `..`), a new file, valid JSON; anything else throws.
 */
export function writeExampleFile(dir: string, line: Extract<ExampleLine, { kind: 'file' }>): void {
  if (!/^[\w-][\w.-]*$/.test(line.file) || line.file.includes('..')) throw new Error(`an example file name must be a plain name: ${line.file}`)
  JSON.parse(line.content)
  writeFileSync(join(dir, line.file), `${line.content}\n`, { flag: 'wx' })
}

/** The first journal entry id of an XML store, to put in place of the id a rollback example shows. */
export function firstJournalId(store: string): string {
  const first = readFileSync(`${store}.journal.jsonl`, 'utf8').split('\n')[0] ?? ''
  const { id } = JSON.parse(first) as { id: string }
  return id
}

/**
 * Starts `azman serve <args> --port 0` (a free port instead of the default, so a
 * test never collides with a server already running) as a child process in
 * `dir`, waits until it says it is serving, stops it with SIGTERM, and returns
 * its exit code and output.
 */
export function runServe(dir: string, argv: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // tsx by its resolved URL: the child's working directory has no node_modules.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'src/bin.ts'), ...argv, '--port', '0'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' },
    })
    let stdout = ''
    let stderr = ''
    let stopped = false
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      if (!stopped && /^azman: serving /m.test(stderr)) {
        stopped = true
        child.kill('SIGTERM')
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: stopped ? (code ?? -1) : -1, stdout, stderr })
    })
  })
}
