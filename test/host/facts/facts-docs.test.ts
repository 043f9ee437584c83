import { readFileSync } from 'node:fs'
import t from 'tap'
import { FACT_NAMES } from '../../../src/host/facts/facts-rules.js'
import { FACTS_LIMITS, HostFactsSchema } from '../../../src/host/facts/schema.js'
import { REPO_ROOT } from '../../cli/run-cli.js'

// docs/host-facts.md documents the format field by field: every field of the schema has its row,
// every fact its section, and the limits it states are FACTS_LIMITS; docs/errors.md has the code.

const page = readFileSync(`${REPO_ROOT}docs/host-facts.md`, 'utf8')
const errors = readFileSync(`${REPO_ROOT}docs/errors.md`, 'utf8')

interface Node {
  readonly properties?: Readonly<Record<string, Node>>
  readonly items?: Node
  readonly anyOf?: readonly Node[]
}

/** The object schema a fact holds: the object itself, a list's items, or a nullable's object. */
function objectOf(node: Node): Node | undefined {
  if (node.properties !== undefined) return node
  if (node.items !== undefined) return objectOf(node.items)
  return node.anyOf?.map(objectOf).find((n) => n !== undefined)
}

/** The text of the section `### name`, up to the next heading. */
function section(name: string): string {
  const start = page.indexOf(`\n### ${name}\n`)
  if (start === -1) return ''
  const end = page.indexOf('\n#', start + 5)
  return page.slice(start, end === -1 ? undefined : end)
}

t.test('every field of the schema is documented in docs/host-facts.md', async (t) => {
  const top = HostFactsSchema.properties as unknown as Record<string, Node>
  let rows = 0
  for (const key of Object.keys(top)) {
    t.match(page, new RegExp(`^\\| \`${key}\` \\|`, 'm'), `the document's ${key}`)
    rows++
  }
  for (const fact of FACT_NAMES) {
    const text = section(fact)
    t.ok(text !== '', `### ${fact}`)
    const fields = Object.keys(objectOf(top[fact] ?? {})?.properties ?? {})
    for (const field of fields) {
      t.match(text, new RegExp(`\\| \`${field}\` \\|`), `${fact}.${field}`)
      rows++
    }
  }
  t.ok(rows >= 50, `${rows} fields checked`)
})

t.test('the limits the page states are those the reader applies', async (t) => {
  const n = (x: number) => x.toLocaleString('en-US')
  t.match(page, `| A facts file or request body | 16 MiB`, 'maxBytes')
  t.equal(FACTS_LIMITS.maxBytes, 16 * 1024 * 1024)
  t.match(page, `| Nesting of arrays and objects | ${FACTS_LIMITS.maxDepth} levels`)
  t.match(page, `| Any string | ${n(FACTS_LIMITS.maxString)} characters`)
  t.match(page, `| VMs | ${n(FACTS_LIMITS.maxVms)} |`)
  t.match(page, `| Members of one local group | ${n(FACTS_LIMITS.maxMembers)} |`)
  t.match(page, `| Firewall rule groups; \`errors\` entries | ${n(FACTS_LIMITS.maxEntries)} each |`)
})

t.test('docs/errors.md has AZMAN_ERR_HOST_FACTS with exit 2', async (t) => {
  t.match(errors, /^\| `AZMAN_ERR_HOST_FACTS` \| 2 \|/m)
})
