/**
 * Differential tests: the scanner's element tree must match fast-xml-parser's
 * on real stores, hand-made stores and generated documents.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import t, { type Test } from 'tap'
import { decodeUtf8 } from '../../src/xml/decode-utf8.js'
import type { XmlElement } from '../../src/xml/nodes.js'
import { decodeText, scanXml } from '../../src/xml/scanner.js'
import { prng } from '../support/prng.js'

/** An element as both parsers must agree on it. */
interface Node {
  readonly name: string
  readonly attributes: readonly (readonly [string, string])[]
  /** Elements and text runs; adjacent text merged, white-space-only text dropped. */
  readonly children: readonly (Node | string)[]
}

function pushText(children: (Node | string)[], text: string): void {
  const last = children[children.length - 1]
  if (typeof last === 'string') children[children.length - 1] = last + text
  else children.push(text)
}

function finish(name: string, attributes: (readonly [string, string])[], children: (Node | string)[]): Node {
  return { name, attributes, children: children.filter((c) => typeof c !== 'string' || c.trim() !== '') }
}

function fromScanner(text: string, el: XmlElement): Node {
  const children: (Node | string)[] = []
  for (const c of el.children) {
    if (c.type === 'element') children.push(fromScanner(text, c))
    // XML normalises line ends everywhere before parsing, CDATA included.
    else if (c.type === 'text') pushText(children, c.cdata ? text.slice(c.start + 9, c.end - 3).replace(/\r\n?/g, '\n') : decodeText(text.slice(c.start, c.end)))
  }
  return finish(
    el.name,
    el.attributes.map((a) => [a.name, a.value] as const),
    children,
  )
}

// The options the brief names, plus `htmlEntities: true`: without it fast-xml-parser leaves numeric
// character references (`&#x41;`) undecoded. It also enables HTML named entities, which the scanner
// refuses, so no compared input holds one.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
})

type FxpNode = Record<string, unknown>

function fxpChildren(list: unknown, into: (Node | string)[]): void {
  if (!Array.isArray(list)) throw new Error('fast-xml-parser: expected a child list')
  for (const item of list as FxpNode[]) {
    const key = Object.keys(item).find((k) => k !== ':@')
    if (key === undefined) continue
    if (key === '#text') pushText(into, String(item[key]))
    else if (key.startsWith('?') || key === '#comment') continue
    else into.push(fromFxp(key, item))
  }
}

function fromFxp(name: string, item: FxpNode): Node {
  const attrs = (item[':@'] ?? {}) as Record<string, unknown>
  const children: (Node | string)[] = []
  fxpChildren(item[name], children)
  return finish(
    name,
    Object.entries(attrs).map(([k, v]) => [k, String(v)] as const),
    children,
  )
}

function fxpRoot(xml: string): Node {
  const top: (Node | string)[] = []
  fxpChildren(parser.parse(xml), top)
  const roots = top.filter((c): c is Node => typeof c !== 'string')
  if (roots.length !== 1 || !roots[0]) throw new Error(`fast-xml-parser found ${roots.length} root elements`)
  return roots[0]
}

function compare(t: Test, xml: string, label: string): void {
  const ours = fromScanner(xml, scanXml(xml).root)
  const theirs = fxpRoot(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml)
  t.same(ours, theirs, label)
}

t.test('sample stores', async (t) => {
  const root = new URL('../../', import.meta.url).pathname
  const folders = [join(root, 'store-samples'), join(root, 'test/fixtures/real-stores')]
  const files = folders.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => join(dir, f)),
  )
  t.ok(files.length >= 5, 'finds the samples')
  for (const file of files) {
    const xml = decodeUtf8(readFileSync(file))
    compare(t, xml, relative(root, file))
    t.ok(fromScanner(xml, scanXml(xml).root).children.length > 0, `${relative(root, file)} has content`)
  }
})

const HAND_MADE: Record<string, string> = {
  'CDATA BizRule, CRLF': [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<AzAdminManager MajorVersion="2" MinorVersion="0" Guid="0d6e1b34-7c55-4b8a-9d1a-2f1bb0c4e001">',
    '\t<AzApplication Guid="0d6e1b34-7c55-4b8a-9d1a-2f1bb0c4e002" Name="App &amp; Co" Description="a &lt;b&gt; c">',
    '<AzTask Guid="0d6e1b34-7c55-4b8a-9d1a-2f1bb0c4e003" Name="T"><BizRuleLanguage>JScript</BizRuleLanguage>',
    '<BizRule><![CDATA[if (a < b && c > d) {\r\n  AccessCheck.BusinessRuleResult = true;\r\n}]]></BizRule></AzTask>',
    '</AzApplication></AzAdminManager>',
    '',
  ].join('\r\n'),
  'comments and processing instructions everywhere': [
    '<?xml version="1.0"?>',
    '<!-- written by hand -->',
    '<?xml-stylesheet type="text/xsl" href="x.xsl"?>',
    '<AzAdminManager MajorVersion="2" MinorVersion="0">',
    '  <!-- the application -->',
    '  <AzApplication Guid="{AAAA}" Name="A"><?app hint?>',
    '    <AzOperation Guid="b" Name="Op"><OperationID>1<!-- inline -->2</OperationID></AzOperation>',
    '  </AzApplication>',
    '</AzAdminManager>',
    '<!-- trailer -->',
  ].join('\n'),
  'entities as references': [
    '<AzAdminManager MajorVersion="2" MinorVersion="0" Description="&quot;quoted&quot; &amp; &apos;apos&apos; &#x41;&#66;&#x1F600;">',
    '<AzApplicationGroup Guid="g" Name="G" GroupType="LdapQuery"><LdapQuery>(&amp;(cn=a*)(!(title=&lt;x&gt;)))</LdapQuery>',
    '<Member>S-1-5-21-1-2-3-513</Member><Description>tab&#9;lf&#10;cr&#13;end &#38;amp; &amp;lt;</Description></AzApplicationGroup>',
    '</AzAdminManager>',
  ].join('\n'),
  'single quotes and mixed quoting': `<AzAdminManager MajorVersion='2' MinorVersion="0" Description='say "hi"'><AzApplication Name="it's" Guid='x' Description='&apos;&quot;'/></AzAdminManager>`,
  'BOM and mixed content': '\uFEFF<?xml version="1.0" encoding="UTF8"?>\n<r>text <b>bold</b> tail &gt; <![CDATA[raw &amp;]]> more<e/></r>',
}

t.test('hand-made stores', async (t) => {
  for (const [label, xml] of Object.entries(HAND_MADE)) compare(t, xml, label)
})

function generator(seed: number) {
  const random = prng(seed)
  const int = (n: number): number => Math.floor(random() * n)
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(items.length)]
    if (item === undefined) throw new Error('empty pick')
    return item
  }
  const NAME_START = ['a', 'B', 'z', '_', 'Az', 'é', 'x:']
  const NAME_REST = ['a', 'Z', '0', '9', '-', '.', '_', 'é', '']
  const name = (): string => pick(NAME_START) + Array.from({ length: int(4) }, () => pick(NAME_REST)).join('')
  const TEXT = ['a', 'Z', ' ', '  ', '\n', '\r\n', '\t', '&amp;', '&lt;', '&gt;', '>', '"', "'", '&quot;', '&apos;', '&#x41;', '&#65;', '&#x1F600;', '&#38;lt;', 'é', '😀', '-', ']']
  const ATTR = ['a', 'Z', ' ', '&amp;', '&lt;', '&gt;', '>', '&quot;', '&apos;', '&#x41;', '&#65;', '&#9;', '&#10;', '&#13;', '&#38;', 'é', '😀', '=', '/', ']]>']
  const CDATA = ['x', '<', '&', '&amp;', ']', ']]', '>', ' ', '\n', '<a>']
  const runs = (pool: readonly string[], max: number): string => Array.from({ length: int(max) }, () => pick(pool)).join('')
  const text = (): string => {
    // `]]>` may not appear in text: drop any `>` that would complete one.
    return runs(TEXT, 8).replace(/]]>/g, ']]&gt;')
  }
  const cdata = (): string => `<![CDATA[${runs(CDATA, 6).replace(/]]>/g, '] ]>')}]]>`
  const attributes = (): string => {
    const names = new Set<string>()
    let out = ''
    for (let i = int(4); i > 0; i--) {
      const n = name()
      if (names.has(n)) continue
      names.add(n)
      const raw = runs(ATTR, 6)
      const q = random() < 0.3 ? "'" : '"'
      const value = q === '"' ? raw.replace(/"/g, "'") : raw.replace(/'/g, '"')
      out += `${pick([' ', '  ', '\n', '\t'])}${n}=${q}${value}${q}`
    }
    return out
  }
  const element = (depth: number): string => {
    const n = name()
    const attrs = attributes()
    if (depth > 3 || (depth > 0 && random() < 0.2)) return `<${n}${attrs}${random() < 0.5 ? '/' : ' /'}>`
    let body = ''
    for (let i = int(depth === 0 ? 8 : 5); i > 0; i--) {
      const r = random()
      if (r < 0.4) body += text()
      else if (r < 0.55) body += cdata()
      else if (r < 0.6) body += '<!-- c -->'
      else if (r < 0.63) body += '<?pi data?>'
      else body += element(depth + 1)
    }
    return `<${n}${attrs}>${body}</${n}>`
  }
  return (): string => `${random() < 0.5 ? '<?xml version="1.0" encoding="utf-8"?>\n' : ''}${element(0)}${random() < 0.3 ? '\n' : ''}`
}

t.test('generated documents', async (t) => {
  const seed = 20241126
  const next = generator(seed)
  let compared = 0
  for (let i = 0; i < 200; i++) {
    const xml = next()
    const ours = fromScanner(xml, scanXml(xml).root)
    const theirs = fxpRoot(xml)
    if (!t.same(ours, theirs, `document ${i} (seed ${seed})`)) {
      t.comment(JSON.stringify(xml))
      break
    }
    compared++
  }
  t.equal(compared, 200, 'all generated documents compared')
})

t.test('the comparison has teeth', async (t) => {
  const next = generator(20241126)
  const docs = Array.from({ length: 200 }, next)
  const all = docs.join('\n')
  for (const feature of ['<![CDATA[', '&#x41;', '&#65;', '&#x1F600;', '&amp;', '&lt;', '&quot;', '&apos;', "='", '<!--', '<?pi', '\r\n', '/>', 'é']) {
    t.ok(all.includes(feature), `the generated documents use ${JSON.stringify(feature)}`)
  }
  t.ok(docs.filter((d) => (d.match(/<[^/!?]/g) ?? []).length > 6).length > 50, 'many documents hold several elements')
  // Differences the normalisers must not hide.
  t.notSame(fxpRoot('<r a="1"/>'), fxpRoot('<r a="2"/>'), 'attribute values')
  t.notSame(fxpRoot('<r a="1" b="2"/>'), fxpRoot('<r b="2" a="1"/>'), 'attribute order')
  t.notSame(fxpRoot('<r><a/><b/></r>'), fxpRoot('<r><b/><a/></r>'), 'child order')
  t.notSame(fxpRoot('<r>x</r>'), fxpRoot('<r>y</r>'), 'text')
  t.same(fxpRoot('<r>&#x41;&amp;</r>'), { name: 'r', attributes: [], children: ['A&'] }, 'fast-xml-parser decodes references once')
  // A scanner-side normaliser that forgot to decode text would be caught on the generated documents.
  const undecoded = (xml: string): Node => {
    const walk = (el: XmlElement): Node =>
      finish(
        el.name,
        el.attributes.map((a) => [a.name, a.value] as const),
        el.children.flatMap((c): (Node | string)[] => (c.type === 'element' ? [walk(c)] : c.type === 'text' ? [xml.slice(c.start, c.end)] : [])),
      )
    return walk(scanXml(xml).root)
  }
  t.ok(
    docs.some((d) => JSON.stringify(undecoded(d)) !== JSON.stringify(fxpRoot(d))),
    'undecoded text would differ from fast-xml-parser',
  )
})
