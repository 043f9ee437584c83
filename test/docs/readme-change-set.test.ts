import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { applyChangeSet } from '../../src/change-set/apply-changes.js'
import { CHANGE_TYPES } from '../../src/change-set/change.js'
import { parseChangeSet } from '../../src/change-set/parse-change-set.js'
import { validateStore } from '../../src/model/integrity/validate.js'
import { XmlStore } from '../../src/store/xml/xml-store.js'

const root = new URL('../../', import.meta.url).pathname
const page = readFileSync(join(root, 'docs/change-sets.md'), 'utf8')

/** The change-set example of docs/change-sets.md: the jsonc block under "## Format", comments removed. */
function example(): unknown {
  const at = page.indexOf('\n## Format\n')
  if (at < 0) throw new Error('docs/change-sets.md has no "## Format" section')
  const section = page.slice(at)
  const block = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  return JSON.parse(block.replace(/\/\/[^\n"]*$/gm, ''))
}

// Every change type has an example in the generated list of change types (change-types.test.ts checks
// the list, change-schema.test.ts that each example parses), so a new type needs no edit of this
// hand-written example; it shows a realistic change set and must still cover most of the format.
t.test('docs/change-sets.md shows a change set of many kinds of change, and it applies to a sample store', async (t) => {
  const changeSet = parseChangeSet(example())
  const shown = new Set(changeSet.changes.map((c) => c.type))
  t.ok(shown.size >= 20, `the example shows ${shown.size} change types`)
  t.ok(
    [...shown].every((type) => CHANGE_TYPES.includes(type)),
    'of the known types only',
  )
  const dir = t.testdir()
  const path = join(dir, 'store.xml')
  copyFileSync(join(root, 'store-samples/hyperv-2008r2.xml'), path)
  const { plan } = await applyChangeSet(new XmlStore(path), changeSet, { actor: 'readme' })
  t.ok(
    plan.results.every((r) => r.status === 'applied' || r.status === 'in-place'),
    'every change applies',
  )
  t.same(
    validateStore((await new XmlStore(path).load()).policy).filter((f) => f.severity === 'error'),
    [],
    'the result is valid',
  )
})
