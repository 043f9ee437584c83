/**
 * The CLI examples of the README and docs/ (docs/architecture.md, "Examples in
 * the docs", states the convention): a ```sh block that holds a line starting
 * with `npx azman` is an example, unless the line before the block is a
 * `<!-- no-run ... -->` comment. Each line of an example is one command; its
 * expected exit code is 0, or N when the line ends with `# exit N`. A ```text
 * block that follows an example with nothing but blank lines between is the
 * output of the example's last command, exactly.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ExampleLine {
  /** 1-based line number in the file. */
  readonly line: number
  readonly text: string
  readonly expectedExit: number
  /** Whether it runs azman (`npx azman ...`). */
  readonly azman: boolean
}

export interface ExampleBlock {
  /** 1-based line number of the opening fence. */
  readonly line: number
  readonly lines: readonly ExampleLine[]
  /** The ```text block right after the example: what its last command prints. */
  readonly output?: { readonly line: number; readonly text: string }
}

/** The ```text block that starts at or after line index `from` past blank lines, if that is what comes next. */
function followingText(lines: readonly string[], from: number): ExampleBlock['output'] {
  let i = from
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++
  if (!/^```text\s*$/.test(lines[i] ?? '')) return undefined
  const end = lines.findIndex((l, j) => j > i && l.startsWith('```'))
  return end < 0 ? undefined : { line: i + 1, text: lines.slice(i + 1, end).join('\n') }
}

/** The pages whose examples run: the README, then every page of docs/, by name. */
export function examplePages(repoRoot: string): string[] {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`)
  return ['README.md', ...docs]
}

/** The example blocks of a Markdown text, in the order written. */
export function exampleBlocks(markdown: string): ExampleBlock[] {
  const lines = markdown.split('\n')
  const blocks: ExampleBlock[] = []
  let previous = ''
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*(\S*)/.exec(lines[i] ?? '')
    if (!fence) {
      if ((lines[i] ?? '').trim() !== '') previous = (lines[i] ?? '').trim()
      continue
    }
    const [, , marks = '```', lang] = fence
    const start = i
    const body: ExampleLine[] = []
    for (i++; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marks); i++) {
      const text = lines[i] ?? ''
      const exit = /#\s*exit\s+(\d+)\s*$/.exec(text)
      body.push({ line: i + 1, text, expectedExit: exit ? Number(exit[1]) : 0, azman: /^npx azman(\s|$)/.test(text) })
    }
    const skipped = previous.startsWith('<!-- no-run') || previous.startsWith('<!-- rest-walkthrough')
    if (lang === 'sh' && !skipped && body.some((l) => l.azman)) {
      const output = followingText(lines, i + 1)
      blocks.push(output === undefined ? { line: start + 1, lines: body } : { line: start + 1, lines: body, output })
    }
    previous = lines[i] ?? ''
  }
  return blocks
}

/** The example blocks of one page of the repository. */
export function pageExamples(repoRoot: string, page: string): ExampleBlock[] {
  return exampleBlocks(readFileSync(join(repoRoot, page), 'utf8'))
}
