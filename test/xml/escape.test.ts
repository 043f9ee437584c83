import t from 'tap'
import { decodeAttribute, decodeText, escapeAttribute, escapeText, isXmlChar, scanReference } from '../../src/xml/escape.js'
import { scanXml } from '../../src/xml/scanner.js'
import { prng } from '../support/prng.js'

t.test('decodeText', async (t) => {
  t.equal(decodeText('plain'), 'plain')
  t.equal(decodeText('a\r\nb\rc\nd\r\r\n'), 'a\nb\nc\nd\n\n', 'CRLF and lone CR become LF')
  t.equal(decodeText('&lt;&gt;&amp;&quot;&apos;'), `<>&"'`, 'the five predefined entities')
  t.equal(decodeText('&#65;&#x42;&#x63;&#X64;'), 'ABc&#X64;', 'decimal and hex references; uppercase X is not a reference')
  t.equal(decodeText('&#x1F600;&#128512;'), '😀😀', 'references beyond the BMP')
  t.equal(decodeText('&#13;&#xD;\r'), '\r\r\n', 'a CR written as a reference is kept; a literal one is normalised')
  t.equal(decodeText('&amp;lt; &#38;amp;'), '&lt; &amp;', 'one level of decoding only')
  t.equal(decodeText('\t \n'), '\t \n', 'TAB and white space stay in text')
})

t.test('decodeAttribute', async (t) => {
  t.equal(decodeAttribute('a\tb\nc\rd'), 'a b c d', 'TAB, LF and CR become spaces')
  t.equal(decodeAttribute('a\r\nb'), 'a b', 'CRLF becomes ONE space')
  t.equal(decodeAttribute('\r\r\n\n'), '   ', 'CR then CRLF then LF: three spaces')
  t.equal(decodeAttribute('&#9;&#10;&#13;&#xA;'), '\t\n\r\n', 'references to white space are kept')
  t.equal(decodeAttribute('&quot;x&quot; &apos;y&apos; &lt;&gt;&amp;'), `"x" 'y' <>&`)
  t.equal(decodeAttribute('  two  spaces  '), '  two  spaces  ', 'CDATA attributes keep spaces as they are')
  t.equal(decodeAttribute('&amp;#65;'), '&#65;', 'one level of decoding only')
})

t.test('escapeText', async (t) => {
  t.equal(escapeText(`a&b<c>d"e'f`), `a&amp;b&lt;c&gt;d"e'f`, 'only & < > are escaped; quotes stay raw')
  t.equal(escapeText('x\r\ny\tz'), 'x&#xD;\ny\tz', 'a CR becomes &#xD; (a raw one reads back as LF); LF and TAB stay raw, as AzMan writes BizRule text')
  t.equal(escapeText(']]>'), ']]&gt;', '"]]>" cannot appear in the output')
  t.equal(escapeText('&amp;'), '&amp;amp;', 'an existing reference is escaped again')
  t.equal(escapeText(''), '')
})

t.test('escapeAttribute', async (t) => {
  t.equal(escapeAttribute(`&<>"\t\n\r'`), `&amp;&lt;&gt;&quot;&#x9;&#xA;&#xD;'`, 'an apostrophe stays raw in a double-quoted value')
  t.equal(escapeAttribute('plain text'), 'plain text')
  t.equal(escapeAttribute('\r\n'), '&#xD;&#xA;')
})

const POOL = ['a', 'Z', '0', ' ', '  ', '\t', '\n', '\r', '\r\n', '&', '<', '>', '"', "'", ';', '#', 'x', ']', ']]>', 'é', '€', '😀', '\u2028', '&amp;', '&#65;', '&lt']

function randomStrings(seed: number, count: number): string[] {
  const random = prng(seed)
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 12) }, () => POOL[Math.floor(random() * POOL.length)] ?? '').join(''))
}

t.test('escape then decode gives the value back', async (t) => {
  const strings = randomStrings(7, 500)
  let attrOk = 0
  let textOk = 0
  let scannerOk = 0
  for (const s of strings) {
    if (decodeAttribute(escapeAttribute(s)) === s) attrOk++
    else t.fail(`attribute round trip of ${JSON.stringify(s)}`)
    if (decodeText(escapeText(s)) === s) textOk++
    else t.fail(`text round trip of ${JSON.stringify(s)}`)
    // And the escaped forms are well-formed XML that the scanner reads back the same way.
    const xml = `<r a="${escapeAttribute(s)}">${escapeText(s)}</r>`
    const root = scanXml(xml).root
    const text = root.children[0]
    const value = text?.type === 'text' ? decodeText(xml.slice(text.start, text.end)) : ''
    if (root.attributes[0]?.value === s && value === s) scannerOk++
    else t.fail(`scanner round trip of ${JSON.stringify(s)}`)
  }
  t.equal(attrOk, strings.length, 'every attribute value round-trips')
  t.equal(textOk, strings.length, 'every text value round-trips')
  t.equal(scannerOk, strings.length, 'every escaped value scans back')
  t.ok(strings.some((s) => s.includes('\r')) && strings.some((s) => s.includes('&')), 'the strings exercise CR and &')
})

t.test('scanReference', async (t) => {
  const after = (s: string, offset = 0): number => scanReference(s, offset)
  t.equal(after('&amp;'), 5)
  t.equal(after('&lt;x'), 4)
  t.equal(after('&gt;'), 4)
  t.equal(after('&quot;'), 6)
  t.equal(after('&apos;'), 6)
  t.equal(after('&#65;'), 5)
  t.equal(after('&#x41;'), 6)
  t.equal(after('&#x1F600;'), 9)
  t.equal(after('&#1114111;'), 10, 'U+10FFFF')
  t.equal(after('ab &amp; cd', 3), 8, 'the offset after ";" in the whole text')
  t.equal(after('&foo;'), -2, 'an undeclared entity')
  t.equal(after('&a.b-c:d_1;'), -2)
  t.equal(after('&nbsp;'), -2)
  t.equal(after('&Amp;'), -2, 'entity names are case-sensitive')
  for (const bad of [
    '&',
    '&amp',
    '& amp;',
    '&;',
    '&#;',
    '&#x;',
    '&#X41;',
    '&#xG;',
    '&#12a;',
    '&#-1;',
    '&1abc;',
    '&a b;',
    '&#0;',
    '&#x8;',
    '&#xB;',
    '&#xD800;',
    '&#xDFFF;',
    '&#xFFFE;',
    '&#xFFFF;',
    '&#x110000;',
  ]) {
    t.equal(after(bad), -1, `${JSON.stringify(bad)} is not a reference`)
  }
  t.equal(after('&#x9;'), 5, 'TAB is an XML character')
  t.equal(after('&#xA;&#xD;'), 5, 'LF')
  t.equal(after('&#xD;'), 5, 'CR')
  t.equal(after('&#x20;'), 6)
  t.equal(after('&#xE000;'), 8)
  t.equal(after('&#xFFFD;'), 8)
  t.equal(after('&#x10000;'), 9)
})

t.test('isXmlChar', async (t) => {
  for (const cp of [0x9, 0xa, 0xd, 0x20, 0x41, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff]) t.ok(isXmlChar(cp), `U+${cp.toString(16)}`)
  for (const cp of [-1, 0, 0x8, 0xb, 0xc, 0x1f, 0xd800, 0xdfff, 0xfffe, 0xffff, 0x110000, Number.NaN]) t.notOk(isXmlChar(cp), `U+${cp.toString(16)}`)
})
