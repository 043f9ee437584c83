import t, { type Test } from 'tap'
import { XmlEncodingError, XmlSyntaxError, XmlUnsafeError } from '../../src/errors/input-errors.js'
import type { XmlElement, XmlNode, XmlText } from '../../src/xml/nodes.js'
import { decodeText, scanXml } from '../../src/xml/scanner.js'

type ErrorClass = typeof XmlSyntaxError | typeof XmlUnsafeError | typeof XmlEncodingError

function elementAt(node: XmlNode | undefined): XmlElement {
  if (node?.type !== 'element') throw new Error(`expected an element, got ${node?.type ?? 'nothing'}`)
  return node
}

function textAt(node: XmlNode | undefined): XmlText {
  if (node?.type !== 'text') throw new Error(`expected a text node, got ${node?.type ?? 'nothing'}`)
  return node
}

function spans(el: XmlElement): { start: number; openEnd: number; closeStart: number; end: number } {
  return { start: el.start, openEnd: el.openEnd, closeStart: el.closeStart, end: el.end }
}

/** Scans `xml`, expecting an error of `cls` with `code` at line:column. */
function rejects(t: Test, xml: string, cls: ErrorClass, code: string, position: { line: number; column: number }, message?: RegExp): void {
  let caught: unknown
  try {
    scanXml(xml, 'store.xml')
  } catch (e) {
    caught = e
  }
  if (!(caught instanceof cls)) {
    t.fail(`expected ${cls.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`)
    return
  }
  t.equal(caught.code, code, 'error code')
  t.same(caught.position, position, `position of ${caught.message}`)
  t.equal(caught.source, 'store.xml', 'names the source')
  t.ok(caught.message.includes(`line ${position.line}, column ${position.column}`), 'the message names the position')
  if (message) t.match(caught.message, message)
}

const SYNTAX = 'AZMAN_ERR_XML_SYNTAX'
const UNSAFE = 'AZMAN_ERR_XML_UNSAFE'
const ENCODING = 'AZMAN_ERR_XML_ENCODING'

t.test('element spans', async (t) => {
  const xml = `<r a="1" b='x&amp;y'>hi<c/><d>t</d></r>`
  const doc = scanXml(xml)
  const r = doc.root
  t.equal(doc.text, xml, 'keeps the whole text')
  t.equal(r.name, 'r')
  t.same(spans(r), { start: 0, openEnd: 21, closeStart: 35, end: 39 })
  t.equal(xml.slice(r.start, r.openEnd), `<r a="1" b='x&amp;y'>`)
  t.equal(xml.slice(r.closeStart, r.end), '</r>')
  t.equal(r.selfClosing, false)
  t.equal(r.children.length, 3)

  const hi = textAt(r.children[0])
  t.same({ start: hi.start, end: hi.end, cdata: hi.cdata }, { start: 21, end: 23, cdata: false })

  const c = elementAt(r.children[1])
  t.equal(c.name, 'c')
  t.same(spans(c), { start: 23, openEnd: 27, closeStart: 27, end: 27 }, 'an empty-element tag: closeStart === openEnd === end')
  t.equal(c.selfClosing, true)
  t.same(c.children, [])

  const d = elementAt(r.children[2])
  t.same(spans(d), { start: 27, openEnd: 30, closeStart: 31, end: 35 })
  t.equal(d.selfClosing, false)
  t.equal(xml.slice(d.openEnd, d.closeStart), 't')
})

t.test('self-closing variants and an empty start/end pair', async (t) => {
  const xml = '<r><a /><b x="1"/><c></c></r>'
  const r = scanXml(xml).root
  const [a, b, c] = r.children.map(elementAt)
  if (!a || !b || !c) throw new Error('three children')
  t.equal(xml.slice(a.start, a.end), '<a />')
  t.ok(a.selfClosing)
  t.equal(xml.slice(b.start, b.end), '<b x="1"/>')
  t.ok(b.selfClosing)
  t.same(
    b.attributes.map((x) => [x.name, x.value]),
    [['x', '1']],
  )
  t.notOk(c.selfClosing, '<c></c> is not self-closing')
  t.same(spans(c), { start: 18, openEnd: 21, closeStart: 21, end: 25 })
  t.same(c.children, [], 'no text node for empty content')
})

t.test('a self-closing root', async (t) => {
  const doc = scanXml('<?xml version="1.0"?>\n<AzAdminManager MajorVersion="2"/>\n')
  t.equal(doc.root.name, 'AzAdminManager')
  t.ok(doc.root.selfClosing)
  t.equal(doc.root.start, 22)
  t.equal(doc.root.end, doc.text.length - 1)
})

t.test('attributes', async (t) => {
  const xml = `<r a="1" b = 'two "q"'\n\tc="x&lt;&#x41;&#66;&quot;&apos;y" d="" e='it&apos;s'/>`
  const r = scanXml(xml).root
  t.same(
    r.attributes.map((a) => [a.name, a.value]),
    [
      ['a', '1'],
      ['b', 'two "q"'],
      ['c', `x<AB"'y`],
      ['d', ''],
      ['e', "it's"],
    ],
    'names in document order, values decoded',
  )
  for (const a of r.attributes) {
    t.equal(xml.slice(a.start, a.start + a.name.length), a.name, `${a.name}: start is the name`)
    const open = xml[a.valueStart - 1]
    t.ok(open === '"' || open === "'", `${a.name}: valueStart is just after the opening quote`)
    t.equal(xml[a.valueEnd], open, `${a.name}: valueEnd is the closing quote`)
  }
  const b = r.attributes[1]
  t.equal(b && xml.slice(b.valueStart, b.valueEnd), 'two "q"', 'single-quoted raw value')
  const c = r.attributes[2]
  t.equal(c && xml.slice(c.valueStart, c.valueEnd), 'x&lt;&#x41;&#66;&quot;&apos;y', 'the span is the raw value')
  const d = r.attributes[3]
  t.equal(d && d.valueEnd - d.valueStart, 0, 'an empty value has an empty span')
})

t.test('attribute values are normalised', async (t) => {
  const xml = '<r a="x&#9;y\tz\r\nw\nv\rq" b="&#10;&#13;"/>'
  const [a, b] = scanXml(xml).root.attributes
  t.equal(a?.value, 'x\ty z w v q', 'literal TAB, LF, CR become spaces, CRLF one space; references stay')
  t.equal(b?.value, '\n\r', 'character references to LF and CR are kept')
})

t.test('attribute names with namespace-like and unusual name characters', async (t) => {
  const xml = '<a:b xmlns:a="urn:x" _x.y-z="1" é="2"/>'
  const r = scanXml(xml).root
  t.equal(r.name, 'a:b')
  t.same(
    r.attributes.map((a) => a.name),
    ['xmlns:a', '_x.y-z', 'é'],
  )
})

t.test('text nodes, including white space', async (t) => {
  const xml = '<r>\n  <c/>\n  x &amp; y\r\n</r>'
  const r = scanXml(xml).root
  t.equal(r.children.length, 3)
  const ws = textAt(r.children[0])
  t.same([ws.start, ws.end], [3, 6], 'white space between tags is a text node')
  const tail = textAt(r.children[2])
  t.equal(xml.slice(tail.start, tail.end), '\n  x &amp; y\r\n')
  t.equal(decodeText(xml.slice(tail.start, tail.end)), '\n  x & y\n')
})

t.test('CDATA sections', async (t) => {
  const xml = '<r>a<![CDATA[x<y & ]] z>]]>b<![CDATA[]]></r>'
  const r = scanXml(xml).root
  t.equal(r.children.length, 4)
  const cd = textAt(r.children[1])
  t.equal(cd.cdata, true)
  t.equal(xml.slice(cd.start, cd.end), '<![CDATA[x<y & ]] z>]]>', 'the span covers the markup')
  t.equal(xml.slice(cd.start + 9, cd.end - 3), 'x<y & ]] z>', 'the value excludes the markup')
  const empty = textAt(r.children[3])
  t.ok(empty.cdata)
  t.equal(empty.end - empty.start, 12, 'an empty CDATA section')
  t.equal(textAt(r.children[0]).cdata, false)
  t.equal(textAt(r.children[2]).cdata, false)
})

t.test('comments and processing instructions are opaque nodes', async (t) => {
  const xml = '<!-- before --><?pi before?>\n<r><!-- c --><?p x?><!----><a/></r><!-- after -->\n<?pi after?>'
  const doc = scanXml(xml)
  const r = doc.root
  t.same(
    r.children.map((c) => [c.type, xml.slice(c.start, c.end)]),
    [
      ['comment', '<!-- c -->'],
      ['pi', '<?p x?>'],
      ['comment', '<!---->'],
      ['element', '<a/>'],
    ],
  )
  t.equal(r.start, xml.indexOf('<r>'), 'prolog comments and PIs are skipped')
  t.equal(r.end, xml.indexOf('<!-- after'), 'epilog comments and PIs are allowed')
})

t.test('comments may hold markup-looking text and single dashes', async (t) => {
  const r = scanXml('<r><!-- <a> & </b> - x- --></r>').root
  t.equal(r.children.length, 1)
  t.equal(r.children[0]?.type, 'comment')
})

t.test('byte order mark', async (t) => {
  const withBom = scanXml('\uFEFF<?xml version="1.0" encoding="utf-8"?><r/>')
  t.equal(withBom.bom, true)
  t.equal(withBom.text.charCodeAt(0), 0xfeff, 'the text keeps the BOM')
  t.equal(withBom.root.start, 39)
  const without = scanXml('<?xml version="1.0" encoding="utf-8"?><r/>')
  t.equal(without.bom, false)
  t.equal(without.root.start, 38)
  t.equal(scanXml('\uFEFF<r/>').root.start, 1, 'a BOM without a declaration')
})

t.test('XML declaration variants', async (t) => {
  for (const decl of [
    '<?xml version="1.0"?>',
    `<?xml version='1.0'?>`,
    '<?xml version="1.0" encoding="utf-8"?>',
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="UTF8"?>',
    '<?xml version="1.0" encoding="utf8"?>',
    `<?xml version="1.0" encoding='utf-8' standalone="yes"?>`,
    '<?xml version="1.0" standalone="no" ?>',
    '<?xml version = "1.1"  encoding = "utf-8" ?>',
  ]) {
    t.equal(scanXml(`${decl}\r\n<r/>`).root.name, 'r', decl)
  }
  t.equal(scanXml('<r/>').root.name, 'r', 'no declaration at all')
})

t.test('other encodings are refused', async (t) => {
  for (const enc of ['ISO-8859-1', 'UTF-16', 'windows-1252', 'us-ascii', 'utf-88']) {
    rejects(t, `<?xml version="1.0" encoding="${enc}"?>\n<r/>`, XmlEncodingError, ENCODING, { line: 1, column: 1 }, new RegExp(enc))
  }
})

t.test('malformed declarations', async (t) => {
  rejects(t, '<?xml version="2.0"?><r/>', XmlSyntaxError, SYNTAX, { line: 1, column: 1 }, /malformed/)
  rejects(t, '<?xml encoding="utf-8"?><r/>', XmlSyntaxError, SYNTAX, { line: 1, column: 1 }, /malformed/)
  rejects(t, '<?xml version="1.0" <r/>', XmlSyntaxError, SYNTAX, { line: 1, column: 1 }, /not closed/)
  rejects(t, '\n\n<?xml version="1.0"?><r/>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /very start/)
  rejects(t, '<r/>\n<?xml version="1.0"?>', XmlSyntaxError, SYNTAX, { line: 2, column: 1 }, /very start/)
})

t.test('DTDs and entities are refused as unsafe', async (t) => {
  rejects(t, '<?xml version="1.0"?>\n<!-- x -->\n<!DOCTYPE r [<!ENTITY e "x">]>\n<r>&e;</r>', XmlUnsafeError, UNSAFE, { line: 3, column: 1 }, /DOCTYPE/)
  rejects(t, '<r>\n <a/>\n  <!ENTITY e "x"></r>', XmlUnsafeError, UNSAFE, { line: 3, column: 3 }, /ENTITY/)
  rejects(t, '<!doctype r>\n<r/>', XmlUnsafeError, UNSAFE, { line: 1, column: 1 })
  rejects(t, '<r/>\n\n<!ELEMENT r ANY>', XmlUnsafeError, UNSAFE, { line: 3, column: 1 })
  rejects(t, '<r>\n<!ATTLIST r a CDATA #IMPLIED></r>', XmlUnsafeError, UNSAFE, { line: 2, column: 1 })
})

t.test('undeclared entity references are refused as unsafe', async (t) => {
  rejects(t, '<r>\n<a>\nx &foo; y</a></r>', XmlUnsafeError, UNSAFE, { line: 3, column: 3 }, /&foo;/)
  rejects(t, '<r\n b="1"\n c="&foo;"/>', XmlUnsafeError, UNSAFE, { line: 3, column: 5 }, /&foo;/)
  rejects(t, '<r>\r\n\r\n&nbsp;</r>', XmlUnsafeError, UNSAFE, { line: 3, column: 1 }, /&nbsp;/)
  rejects(t, '<r>&a.b-c:d;</r>', XmlUnsafeError, UNSAFE, { line: 1, column: 4 })
})

t.test('an undeclared entity with a long name is still refused as unsafe', async (t) => {
  // A well-formed reference to an entity that is not one of the five predefined ones is
  // "an undeclared entity reference", whatever the length of its name.
  rejects(t, '<r>\n\n&averylongentityname;</r>', XmlUnsafeError, UNSAFE, { line: 3, column: 1 })
})

t.test('bad "&" usage', async (t) => {
  const cases: [string, number][] = [
    ['a & b', 3],
    ['&amp', 1],
    ['&;', 1],
    ['&#;', 1],
    ['&#x;', 1],
    ['&#xZZ;', 1],
    ['&#X41;', 1],
    ['&#0;', 1],
    ['&#x1;', 1],
    ['&#xD800;', 1],
    ['&#xFFFE;', 1],
    ['&#x110000;', 1],
    ['&#12a;', 1],
    ['&1abc;', 1],
    ['ok &amp; then & alone', 15],
  ]
  for (const [body, column] of cases) {
    rejects(t, `<r>\n\n${body}</r>`, XmlSyntaxError, SYNTAX, { line: 3, column }, /"&" must start a reference/)
  }
  rejects(t, '<r a="x & y"/>', XmlSyntaxError, SYNTAX, { line: 1, column: 9 }, /"&" must start a reference/)
})

t.test('mismatched end tag', async (t) => {
  rejects(t, '<r>\n<a>\n</b></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /<\/b> does not match <a> opened at line 2, column 1/)
  rejects(t, '<r>\r\n<a>\r\n</b></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /<\/b> does not match <a> opened at line 2, column 1/)
  rejects(t, '<r>\n<a></a>\n  </R>', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /<\/R> does not match <r>/)
  rejects(t, '<r>\n\n</r x>', XmlSyntaxError, SYNTAX, { line: 3, column: 5 }, /expected ">"/)
})

t.test('unclosed element at end of input', async (t) => {
  rejects(t, '<r>\n<a>\n', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /<a> opened at line 2, column 1 is not closed/)
  rejects(t, '<r>\n<a></a>\nxx', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /<r> opened at line 1, column 1 is not closed/)
  rejects(t, '<r>\n\n<a', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /end of input/)
  rejects(t, '<r>\n\n<a x="1" ', XmlSyntaxError, SYNTAX, { line: 3, column: 10 }, /end of input/)
  rejects(t, '<r>\n\n</r', XmlSyntaxError, SYNTAX, { line: 3, column: 4 })
  rejects(t, '<r>\n\n<', XmlSyntaxError, SYNTAX, { line: 3, column: 2 }, /end of input/)
})

t.test('unclosed comment, CDATA and PI', async (t) => {
  rejects(t, '<r>\n\n<!-- x </r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /comment is not closed/)
  rejects(t, '<r>\n\n<![CDATA[ x </r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /CDATA section is not closed/)
  rejects(t, '<r>\n\n<?pi x </r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /processing instruction is not closed/)
  rejects(t, '<r>\n\n<? x ?></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /malformed processing instruction/)
  rejects(t, '<r>\n\n<!FOO></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /unexpected "<!"/)
  rejects(t, '<![CDATA[x]]><r/>', XmlSyntaxError, SYNTAX, { line: 1, column: 1 })
})

t.test('duplicate attribute', async (t) => {
  rejects(t, '<r>\n<a x="1"\n   x="2"/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 4 }, /x appears twice in <a>/)
})

t.test('attribute syntax', async (t) => {
  rejects(t, '<r>\n\n<a x=1/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 6 }, /must be quoted/)
  rejects(t, '<r>\n\n<a x="1></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 6 }, /not closed/)
  rejects(t, '<r>\n\n<a x="1/></r>\n<b y="2"/>', XmlSyntaxError, SYNTAX, { line: 3, column: 10 }, /"<" is not allowed in the value of x/)
  rejects(t, '<r>\n\n<a x="1', XmlSyntaxError, SYNTAX, { line: 3, column: 6 }, /not closed/)
  rejects(t, '<r>\n\n<a x></a></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 5 }, /expected "="/)
  rejects(t, '<r>\n\n<a x="1"y="2"/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 9 }, /white space before an attribute/)
  rejects(t, '<r>\n\n<a x="1"/ ></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 9 }, /expected "\/>"/)
  rejects(t, '<r>\n\n<a 1x="1"/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 4 }, /attribute name/)
  rejects(t, '<r>\n\n<a x"="1"/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 5 }, /not allowed in an attribute name/)
})

t.test('"<" in an attribute value', async (t) => {
  rejects(t, '<r>\n\n<a x="a<b"/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 8 }, /"<" is not allowed in the value of x/)
  rejects(t, `<r>\n\n<a x='<'/></r>`, XmlSyntaxError, SYNTAX, { line: 3, column: 7 })
})

t.test('element names', async (t) => {
  rejects(t, '<r>\n\n<1a/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 2 }, /expected an element name/)
  rejects(t, '<r>\n\n< a/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 2 }, /expected an element name/)
  rejects(t, '<r>\n\n<a!b/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /not allowed in an element name/)
})

t.test('"]]>" in text', async (t) => {
  rejects(t, '<r>\n\nab]]>c</r>', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /"\]\]>" is not allowed in text/)
  t.equal(scanXml('<r>a]]&gt;b ]] > ]></r>').root.children.length, 1, 'escaped or split forms are fine')
})

t.test('"--" in a comment', async (t) => {
  rejects(t, '<r>\n\n<!-- a -- b --></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 8 }, /"--" is not allowed inside a comment/)
  rejects(t, '<r>\n\n<!-- a ---></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 8 }, /"--"/)
  rejects(t, '<!-- a -- b -->\n<r/>', XmlSyntaxError, SYNTAX, { line: 1, column: 8 }, /"--"/)
})

t.test('NUL and control characters', async (t) => {
  rejects(t, '<r>\n\nab\u0000</r>', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /U\+0000/)
  rejects(t, '<r>\n\n<a x="\u0001"/></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 7 }, /U\+0001/)
  rejects(t, '<r>\n\n\u000B</r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /U\+000B/)
  rejects(t, '<r>\n\n\u001F</r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /U\+001F/)
  rejects(t, '<r>\n\n\uFFFE</r>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /U\+FFFE/)
  rejects(t, '<r>\n\n<!-- \u0000 --></r>', XmlSyntaxError, SYNTAX, { line: 3, column: 6 }, /U\+0000/)
  t.equal(scanXml('<r>\t\n\r</r>').root.children.length, 1, 'TAB, LF and CR are fine')
})

t.test('text and elements outside the root', async (t) => {
  rejects(t, '\n\nx<r/>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /before the root element/)
  rejects(t, '<r/>\n\nx', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /after the root element/)
  rejects(t, '<r/>\n\n<s/>', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /one root element/)
  rejects(t, '<r></r>\n<!-- ok -->\n  <s></s>', XmlSyntaxError, SYNTAX, { line: 3, column: 3 }, /one root element/)
  rejects(t, '', XmlSyntaxError, SYNTAX, { line: 1, column: 1 }, /no root element/)
  rejects(t, '<?xml version="1.0"?>\n<!-- only -->\n', XmlSyntaxError, SYNTAX, { line: 3, column: 1 }, /no root element/)
  t.equal(scanXml('\r\n <r/> \r\n\t').root.name, 'r', 'white space around the root is fine')
})

t.test('errors carry no source when none is given', async (t) => {
  try {
    scanXml('<r>')
    t.fail('should throw')
  } catch (e) {
    t.ok(e instanceof XmlSyntaxError)
    t.equal((e as XmlSyntaxError).source, undefined)
    t.equal((e as XmlSyntaxError).exitCode, 2)
  }
})

t.test('deep nesting does not overflow the stack', async (t) => {
  const depth = 100_000
  const xml = `<?xml version="1.0"?>\n${'<a x="1">\n'.repeat(depth)}leaf${'</a>'.repeat(depth)}`
  const doc = scanXml(xml)
  let el: XmlElement = doc.root
  let levels = 1
  for (;;) {
    const next = el.children.find((c): c is XmlElement => c.type === 'element')
    if (!next) break
    el = next
    levels++
  }
  t.equal(levels, depth, 'every level is in the tree')
  t.equal(xml.slice(el.openEnd, el.closeStart), '\nleaf', 'the innermost element holds the leaf text')
  t.equal(doc.root.end, xml.length)

  let caught: unknown
  try {
    scanXml('<a>'.repeat(depth))
  } catch (e) {
    caught = e
  }
  t.ok(caught instanceof XmlSyntaxError, 'an unclosed deep document fails cleanly')
})

t.test('a large document scans completely', async (t) => {
  // Speed (linear growth) is measured by npm run bench, not asserted here.
  const item = '\n  <AzOperation Guid="0a1b2c3d-0000-4000-8000-000000000000" Name="Op"><OperationID>1</OperationID></AzOperation>'
  const xml = `<r>${item.repeat(72_000)}\n</r>`
  const doc = scanXml(xml)
  t.equal(doc.root.children.length, 2 * 72_000 + 1)
  t.equal(doc.root.end, xml.length)
})
