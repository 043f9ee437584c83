import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import t from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { renderStore } from '../../../src/xml/policy/render-store.js'
import { writeEdits } from '../../../src/store/xml/write-edits.js'

const root = new URL('../../../', import.meta.url).pathname
const folders = [join(root, 'store-samples'), join(root, 'test/fixtures/real-stores')]
const files = folders.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => join(dir, f)),
)

t.ok(files.length >= 5, 'finds the sample stores')

for (const file of files) {
  t.test(relative(root, file), async (t) => {
    const bytes = readFileSync(file)
    const parsed = parseXmlStore(bytes, file)
    const written = Buffer.from(writeEdits(parsed.doc, parsed.index, parsed.layout, diffPolicies(parsed.policy, parsed.policy)), 'utf8')
    t.ok(written.equals(bytes), 'an unchanged store is written back byte for byte')
    const rendered = parseXmlStore(Buffer.from(renderStore(parsed.policy), 'utf8'))
    t.same(diffPolicies(rendered.policy, parsed.policy), [], 'a store rendered afresh reads back as the same policy')
  })
}
