/**
 * docs/cli.md holds every help text of the CLI verbatim, each in a block
 *
 *     <!-- azman-help: show -->
 *     ```text
 *     ...exactly what azman show --help prints...
 *     ```
 *     <!-- /azman-help -->
 *
 * whose marker names the arguments before --help (nothing for azman --help).
 * This module finds the blocks, renders the help texts and refills the blocks;
 * test/docs/cli-help.int.test.ts fails when they differ. Run as a script:
 *
 *     npm run docs:cli                              refill docs/cli.md in place (--write)
 *     tsx test/docs/cli-help-blocks.ts              exit 1 and name the stale blocks
 *     tsx test/docs/cli-help-blocks.ts --skeleton   print a docs/cli.md of just the blocks
 *
 * Help texts depend on nothing but the code: not on the terminal's width, the
 * environment or the working directory (the CLI's help is static text; the
 * test checks it by running the binary elsewhere), so nothing is normalised.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { CliIo } from '../../src/cli/io.js'
import { COMMANDS, main } from '../../src/cli/main.js'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const CLI_MD = join(REPO_ROOT, 'docs/cli.md')

/** One help block of the markdown: the argv before --help, the text in its fence, and where the whole block (markers included) is. */
export interface HelpBlock {
  readonly argv: readonly string[]
  readonly body: string
  readonly start: number
  readonly end: number
}

const OPEN = '<!-- azman-help:'
const BLOCK = /<!-- azman-help:([^\n]*?)-->\n```text\n([\s\S]*?)```\n<!-- \/azman-help -->/y

function lineOf(markdown: string, offset: number): number {
  return markdown.slice(0, offset).split('\n').length
}

/** Every help block, in order. A marker not followed by exactly a ```text fence and the closing marker is an error naming its line. */
export function helpBlocks(markdown: string): HelpBlock[] {
  const blocks: HelpBlock[] = []
  for (let at = markdown.indexOf(OPEN); at !== -1; at = markdown.indexOf(OPEN, at + 1)) {
    BLOCK.lastIndex = at
    const m = BLOCK.exec(markdown)
    if (!m) throw new Error(`line ${lineOf(markdown, at)}: an azman-help marker must be followed by a \`\`\`text fence and <!-- /azman-help -->`)
    const argv = (m[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter((a) => a !== '')
    blocks.push({ argv, body: m[2] ?? '', start: at, end: at + m[0].length })
  }
  const stray = markdown.indexOf('<!-- /azman-help -->')
  if (stray !== -1 && !blocks.some((b) => b.end === stray + '<!-- /azman-help -->'.length)) {
    throw new Error(`line ${lineOf(markdown, stray)}: <!-- /azman-help --> without its opening marker`)
  }
  return blocks
}

/** The argv (before --help) of every help text the CLI has: azman --help, then every command in registry order. */
export function helpTopics(): string[][] {
  return [[], ...COMMANDS.map((c) => [c.name])]
}

/** Exactly what `azman <argv> --help` prints, run in this process through main(). */
export async function renderHelp(argv: readonly string[]): Promise<string> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    env: {},
    cwd: REPO_ROOT,
  }
  const code = await main([...argv, '--help'], io)
  if (code !== 0 || stderr !== '') throw new Error(`azman ${[...argv, '--help'].join(' ')} exited ${code}: ${stderr.trim()}`)
  if (stdout.includes('```')) throw new Error(`azman ${argv.join(' ')} --help contains \`\`\`, which would end its block`)
  return stdout
}

const CLOSE = '```\n<!-- /azman-help -->'

function block(argv: readonly string[], body: string): string {
  return `<!-- azman-help:${argv.map((a) => ` ${a}`).join('')} -->\n\`\`\`text\n${body}${CLOSE}`
}

/** The markdown with the text of every help block replaced by the current help text; everything else, markers included, unchanged. */
export async function regenerate(markdown: string): Promise<string> {
  let out = ''
  let from = 0
  for (const b of helpBlocks(markdown)) {
    const bodyStart = b.end - CLOSE.length - b.body.length
    out += markdown.slice(from, bodyStart) + (await renderHelp(b.argv))
    from = b.end - CLOSE.length
  }
  return out + markdown.slice(from)
}

/** A docs/cli.md of just the blocks: every help text in registry order, each under "## azman <argv>". */
export async function skeleton(): Promise<string> {
  const parts = [
    '# azman command line\n\nEvery help text of the CLI, as `azman <command> --help` prints it. Generated: `npm run docs:cli` refills the\nblocks, and `test/docs/cli-help.int.test.ts` fails when one differs from the help.\n',
  ]
  for (const argv of helpTopics()) parts.push(`## ${['azman', ...argv].join(' ')}\n\n${block(argv, await renderHelp(argv))}\n`)
  return parts.join('\n')
}

async function script(args: readonly string[]): Promise<number> {
  if (args.includes('--skeleton')) {
    process.stdout.write(await skeleton())
    return 0
  }
  const markdown = readFileSync(CLI_MD, 'utf8')
  const fresh = await regenerate(markdown)
  if (args.includes('--write')) {
    if (fresh !== markdown) writeFileSync(CLI_MD, fresh)
    process.stdout.write(`docs/cli.md: ${helpBlocks(fresh).length} help blocks${fresh === markdown ? ', already up to date' : ' refilled'}\n`)
    return 0
  }
  const stale = helpBlocks(markdown).filter((b, i) => b.body !== helpBlocks(fresh)[i]?.body)
  for (const b of stale) process.stderr.write(`docs/cli.md line ${lineOf(markdown, b.start)}: azman ${[...b.argv, '--help'].join(' ')} differs\n`)
  if (stale.length > 0) process.stderr.write('run npm run docs:cli\n')
  return stale.length === 0 ? 0 : 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  script(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
      process.exitCode = 1
    },
  )
}
