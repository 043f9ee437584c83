import t from 'tap'
import type { PolicyStore } from '../../../src/model/policy.js'
import { walkStore } from '../../../src/model/walk.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { renderStore } from '../../../src/xml/policy/render-store.js'
import { ATTRIBUTE_ORDER, CHILD_ORDER, ELEMENT_OF, STORE_ELEMENT } from '../../../src/xml/policy/xml-shape.js'

/** An element carrying every attribute and value child the shape table lists for it, around `inner`. */
function element(name: string, n: number, inner = ''): string {
  const attrs = (ATTRIBUTE_ORDER[name] ?? []).map((a) => ` ${a}="${a === 'Guid' ? `00000000-0000-0000-0000-${String(n).padStart(12, '0')}` : `v${n}`}"`).join('')
  const children = (CHILD_ORDER[name] ?? []).map((c) => `<${c}>x${n}</${c}>`).join('')
  return `<${name}${attrs}>${children}${inner}</${name}>`
}

t.test('the reader reads every attribute and value child the shape table lists (none ends up in extras)', async (t) => {
  const E = ELEMENT_OF
  const scope = element(E.scope, 6, element(E.group, 7) + element(E.task, 8) + element(E['role-assignment'], 9))
  const app = element(E.application, 1, element(E.group, 2) + element(E.operation, 3) + element(E.task, 4) + element(E['role-assignment'], 5) + scope)
  const xml = `<?xml version="1.0" encoding="utf-8"?>${element(STORE_ELEMENT, 0, app + element(E.group, 10))}`
  const { policy } = parseXmlStore(new TextEncoder().encode(xml))
  const seen: string[] = []
  t.same(policy.extras, { attributes: [], elements: [] }, STORE_ELEMENT)
  for (const v of walkStore(policy)) {
    seen.push(v.kind)
    t.same(v.object.extras, { attributes: [], elements: [] }, `${v.kind} ${v.object.name}`)
  }
  t.equal(seen.length, 10, 'every object of the document was read')
})

t.test('what the renderer writes, the reader reads back whole', async (t) => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>${element(STORE_ELEMENT, 0, element(ELEMENT_OF.application, 1, element(ELEMENT_OF.task, 2)))}`
  const first: PolicyStore = parseXmlStore(new TextEncoder().encode(xml)).policy
  const again = parseXmlStore(new TextEncoder().encode(renderStore(first))).policy
  t.same(again, first)
})
