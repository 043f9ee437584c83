/**
 * Every relative link and #anchor of the project's Markdown resolves: the
 * file exists inside the repository, and the anchor is a heading of the
 * target (its slug as GitHub computes it) or an explicit `<a id>` / `<a name>`.
 * Links to http(s):// and mailto: are not fetched. A link that leaves the
 * repository fails. Pages that do not exist (yet) are skipped, but a link to
 * them from a page that exists must resolve.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import t from 'tap'
import { REPO_ROOT } from '../cli/run-cli.js'

/** At least this many relative links are checked, so the test cannot pass by finding none. */
const MIN_LINKS = 100

const ROOT = resolve(REPO_ROOT)

function markdownUnder(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return []
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'README.md')
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
}

/** The pages whose links are checked, relative to the repository root. */
function pages(): string[] {
  const docs = existsSync(join(ROOT, 'docs'))
    ? readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`)
    : []
  return ['README.md', ...docs, 'CONTRIBUTING.md', 'CHANGELOG.md', 'templates/README.md', 'store-samples/README.md', ...markdownUnder('test/fixtures')].filter((p) => existsSync(join(ROOT, p)))
}

/** The Markdown outside code: fenced blocks blanked, inline code spans removed. */
function prose(markdown: string): string[] {
  let fence: string | null = null
  return markdown.split('\n').map((line) => {
    const marks = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence !== null) {
      if (marks !== undefined && marks[0] === fence[0] && marks.length >= fence.length) fence = null
      return ''
    }
    if (marks !== undefined) {
      fence = marks
      return ''
    }
    return line.replace(/(`+)[\s\S]*?\1/g, '')
  })
}

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .replace(/<[^>]*>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** Every anchor a page has: its headings' slugs (duplicates get -1, -2, ...), and explicit ids. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>()
  const seen = new Map<string, number>()
  let fence: string | null = null
  for (const line of markdown.split('\n')) {
    const marks = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence !== null) {
      if (marks !== undefined && marks[0] === fence[0] && marks.length >= fence.length) fence = null
      continue
    }
    if (marks !== undefined) {
      fence = marks
      continue
    }
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1]
    if (heading !== undefined) {
      const base = slug(heading)
      const n = seen.get(base) ?? 0
      seen.set(base, n + 1)
      out.add(n === 0 ? base : `${base}-${n}`)
    }
    for (const m of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)=["']([^"']+)["']/g)) out.add(m[1] ?? '')
  }
  return out
}

interface Link {
  readonly page: string
  readonly line: number
  readonly target: string
}

/** The links of a page: inline `[text](target)`, reference definitions `[x]: target`, and `<a href>`. */
function links(page: string, markdown: string): Link[] {
  const out: Link[] = []
  prose(markdown).forEach((text, i) => {
    const add = (target: string | undefined): void => {
      if (target !== undefined) out.push({ page, line: i + 1, target: target.trim().replace(/^<|>$/g, '') })
    }
    for (const m of text.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) add(m[1])
    const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(text)
    if (definition) add(definition[1])
    for (const m of text.matchAll(/<a\s+[^>]*href=["']([^"']+)["']/g)) add(m[1])
  })
  return out
}

const anchorCache = new Map<string, Set<string>>()
function anchorsOf(file: string): Set<string> {
  let found = anchorCache.get(file)
  if (!found) {
    found = anchors(readFileSync(file, 'utf8'))
    anchorCache.set(file, found)
  }
  return found
}

/** Why a link does not resolve, or null when it does (or is not checked: http, mailto). */
function problem(link: Link): string | null {
  const { target } = link
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return /^(https?|mailto):/i.test(target) ? null : `a ${target.split(':')[0]}: link`
  }
  const hash = target.indexOf('#')
  const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash))
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1))
  if (path.startsWith('/')) return 'an absolute path (use a path relative to the page)'
  const file = path === '' ? join(ROOT, link.page) : resolve(ROOT, dirname(link.page), path)
  if (file !== ROOT && !file.startsWith(ROOT + sep)) return 'leaves the repository'
  if (!existsSync(file)) return `${relative(ROOT, file)} does not exist`
  if (anchor === null) return null
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `an anchor into ${relative(ROOT, file)}, which is not a Markdown page`
  return anchorsOf(file).has(anchor) ? null : `${relative(ROOT, file)} has no heading or id "${anchor}"`
}

t.test('GitHub heading slugs', async (t) => {
  t.equal(slug('Five-minute tour'), 'five-minute-tour')
  t.equal(slug('API tokens: `azman token`'), 'api-tokens-azman-token')
  t.equal(slug('azman role-assignment'), 'azman-role-assignment')
  t.equal(slug('Safe writes, journal, history, rollback and copy'), 'safe-writes-journal-history-rollback-and-copy')
  t.equal(slug('`azman token add|list|revoke --tokens FILE`'), 'azman-token-addlistrevoke---tokens-file')
  t.same([...anchors('# A\n## A\n```\n# not a heading\n```\n## A\n<a id="x"></a>\n')], ['a', 'a-1', 'a-2', 'x'])
})

t.test('a link that leaves the repository, or names nothing, fails', async (t) => {
  t.match(problem({ page: 'README.md', line: 1, target: '../outside/x.md' }), /leaves the repository/)
  t.match(problem({ page: 'docs/cli.md', line: 1, target: '../../x.md' }), /leaves the repository/)
  t.match(problem({ page: 'README.md', line: 1, target: 'docs/no-such-page.md' }), /does not exist/)
  t.match(problem({ page: 'README.md', line: 1, target: '#no-such-heading' }), /no heading or id/)
  t.match(problem({ page: 'README.md', line: 1, target: 'file:///etc/passwd' }), /a file: link/)
  t.equal(problem({ page: 'README.md', line: 1, target: 'https://example.com/#x' }), null)
})

t.test('every relative link and #anchor in the README, docs/ and the other READMEs resolves', async (t) => {
  const checked = pages()
  t.ok(checked.includes('README.md') && checked.includes('docs/cli.md'), `pages: ${checked.join(', ')}`)
  let count = 0
  for (const page of checked) {
    for (const link of links(page, readFileSync(join(ROOT, page), 'utf8'))) {
      if (/^(https?|mailto):/i.test(link.target)) continue
      count++
      const why = problem(link)
      if (why !== null) t.fail(`${page}:${link.line}: ${link.target}: ${why}`)
    }
  }
  t.ok(count >= MIN_LINKS, `checked ${count} relative links (at least ${MIN_LINKS})`)
})

t.test('the README links every page of docs/', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const pages = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md')
  t.ok(pages.length >= 8, `${pages.length} pages in docs/`)
  for (const f of pages) t.match(readme, `](docs/${f}`, `README.md links docs/${f}`)
})
