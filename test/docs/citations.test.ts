/**
 * Code comments cite the project's own docs, and every citation holds: each
 * `docs/<page>.md` a comment in src/ or test/ names exists, and each
 * `#anchor` after it is the GitHub anchor of a heading on that page. Nothing
 * in src/ or test/ points at the reference notes that lived outside the
 * repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'
import ts from 'typescript'
import { REPO_ROOT } from '../cli/run-cli.js'

/** The citations written when the comments moved to docs/ (at least this many must be checked). */
const CITATIONS_WRITTEN = 57
const ANCHORED_CITATIONS_WRITTEN = 55

const CITATION = /\bdocs\/([A-Za-z0-9_-]+\.md)(?:#([A-Za-z0-9_-]+))?/g

/** Every file under `dir`, recursively, skipping node_modules. */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(path))
    else out.push(path)
  }
  return out
}

/** The text of every comment of a TypeScript file, found by the compiler's own scanner. */
function commentsOf(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false)
  const seen = new Set<number>()
  const out: string[] = []
  const take = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue
      seen.add(r.pos)
      out.push(text.slice(r.pos, r.end))
    }
  }
  const visit = (node: ts.Node): void => {
    take(ts.getLeadingCommentRanges(text, node.getFullStart()))
    take(ts.getTrailingCommentRanges(text, node.end))
    ts.forEachChild(node, visit)
  }
  visit(source)
  take(ts.getLeadingCommentRanges(text, source.endOfFileToken.getFullStart()))
  return out
}

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` removed, spaces to hyphens. */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
}

/** The anchors of a Markdown page's headings (ATX headings outside code fences; repeats get -1, -2, ...). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const counts = new Map<string, number>()
  let fence: string | undefined
  for (const line of markdown.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)
    if (f) {
      const mark = f[1] as string
      if (fence === undefined) fence = mark
      else if (mark[0] === fence[0] && mark.length >= fence.length) fence = undefined
      continue
    }
    if (fence !== undefined) continue
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!h) continue
    const slug = githubSlug(h[1] as string)
    const n = counts.get(slug) ?? 0
    counts.set(slug, n + 1)
    anchors.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return anchors
}

t.test("the slug rules are GitHub's", async (t) => {
  t.equal(githubSlug('5.2 The decision'), '52-the-decision')
  t.equal(githubSlug('6.1 `check`: one token'), '61-check-one-token')
  t.equal(githubSlug('11. Hyper-V'), '11-hyper-v')
  t.equal(githubSlug('See [the docs](x.md) & more'), 'see-the-docs--more')
  t.same([...anchorsOf('# A\n```\n# B\n```\n## A\n')], ['a', 'a-1'])
})

const sources = [...filesUnder(join(REPO_ROOT, 'src')), ...filesUnder(join(REPO_ROOT, 'test'))]

t.test('every docs citation in a comment of src/ or test/ names a page and a heading that exist', async (t) => {
  const anchorsByPage = new Map<string, Set<string> | undefined>()
  const anchors = (page: string): Set<string> | undefined => {
    if (!anchorsByPage.has(page)) {
      const path = join(REPO_ROOT, 'docs', page)
      anchorsByPage.set(page, existsSync(path) ? anchorsOf(readFileSync(path, 'utf8')) : undefined)
    }
    return anchorsByPage.get(page)
  }
  let checked = 0
  let anchored = 0
  for (const path of sources.filter((p) => /\.[cm]?ts$/.test(p))) {
    const text = readFileSync(path, 'utf8')
    if (!text.includes('docs/')) continue
    const where = relative(REPO_ROOT, path)
    for (const comment of commentsOf(path, text)) {
      for (const m of comment.matchAll(CITATION)) {
        const page = m[1] as string
        const anchor = m[2]
        checked++
        const known = anchors(page)
        if (known === undefined) {
          t.fail(`${where}: docs/${page} does not exist`)
          continue
        }
        if (anchor === undefined) continue
        anchored++
        if (!known.has(anchor)) t.fail(`${where}: docs/${page}#${anchor} is no heading of docs/${page}`)
      }
    }
  }
  t.ok(checked >= CITATIONS_WRITTEN, `${checked} citations checked (at least ${CITATIONS_WRITTEN})`)
  t.ok(anchored >= ANCHORED_CITATIONS_WRITTEN, `${anchored} of them with an anchor (at least ${ANCHORED_CITATIONS_WRITTEN})`)
})

t.test('nothing in src/ or test/ points at the reference notes outside the repository', async (t) => {
  // Built from parts, so that this file does not name what it looks for.
  const outside = new RegExp(['\\.\\.', 'shared'].join('/'))
  const oldNotes = new RegExp(`\\b(?:${['accesscheck', 'azman-xml', 'azman-ad', 'hyperv', 'SOURCES'].join('|')})(?:\\.md\\b|\\s*§)`)
  let scanned = 0
  const offenders: string[] = []
  for (const path of sources) {
    const bytes = readFileSync(path)
    if (bytes.includes(0)) continue
    const text = bytes.toString('utf8')
    scanned++
    const where = relative(REPO_ROOT, path)
    const hit = outside.exec(text) ?? oldNotes.exec(text)
    if (hit) offenders.push(`${where}: "${hit[0]}"`)
  }
  t.same(offenders, [], 'no file names a path outside the repository or a reference note')
  t.ok(scanned > 100, `${scanned} files scanned`)
})
