import t, { type Test } from 'tap'
import { XmlEncodingError } from '../../src/errors/input-errors.js'
import { decodeUtf8, firstInvalidUtf8 } from '../../src/xml/decode-utf8.js'

const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

function refused(t: Test, input: Uint8Array, message: RegExp, source?: string): XmlEncodingError | undefined {
  try {
    decodeUtf8(input, source)
  } catch (e) {
    if (!(e instanceof XmlEncodingError)) {
      t.fail(`expected XmlEncodingError, got ${String(e)}`)
      return undefined
    }
    t.equal(e.code, 'AZMAN_ERR_XML_ENCODING')
    t.equal(e.source, source)
    t.match(e.message, message)
    return e
  }
  t.fail('expected the bytes to be refused')
  return undefined
}

t.test('valid UTF-8', async (t) => {
  const text = '<r a="é€😀">x</r>'
  t.equal(decodeUtf8(bytes(text)), text)
  t.equal(decodeUtf8(new Uint8Array(0)), '')
})

t.test('a UTF-8 BOM is kept as U+FEFF', async (t) => {
  const input = bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0"?><r/>')
  const text = decodeUtf8(input)
  t.equal(text.charCodeAt(0), 0xfeff)
  t.equal(text.slice(1), '<?xml version="1.0"?><r/>')
  t.ok(Buffer.from(text, 'utf8').equals(Buffer.from(input)), 're-encoding gives the same bytes')
})

t.test('UTF-16 is refused', async (t) => {
  refused(t, bytes([0xff, 0xfe], Buffer.from('<r/>', 'utf16le').toString('latin1')), /UTF-16/, 'store.xml')
  refused(t, bytes([0xfe, 0xff, 0x00, 0x3c]), /UTF-16/)
})

t.test('invalid sequences name the first bad byte', async (t) => {
  const cases: [string, Uint8Array, number][] = [
    ['a lone 0xFF first', bytes([0xff], 'abc'), 0],
    ['0xFF after ASCII', bytes('ab', [0xff]), 2],
    ['0xFF after a 2-byte character', bytes('é', [0xff]), 2],
    ['0xFF after two 2-byte characters', bytes('éé', [0xff]), 4],
    ['0xFF after mixed characters', bytes('aé€😀', [0xff]), 10],
    ['0xFF after many 3-byte characters', bytes('€'.repeat(1000), [0xff]), 3000],
    ['a lone continuation byte', bytes('<r>é', [0x80], '</r>'), 5],
    ['a lead byte followed by ASCII', bytes('€€', [0xc3], 'x'), 6],
    ['an overlong encoding', bytes('é', [0xc0, 0x80]), 2],
    ['an encoded surrogate', bytes('éa', [0xed, 0xa0, 0x80]), 3],
    ['a truncated sequence at the end', bytes('abc', [0xe2, 0x82]), 3],
    ['a truncated sequence at the end after multi-byte text', bytes('é€', [0xf0, 0x9f, 0x98]), 5],
    ['a truncated sequence in the middle', bytes('éé', [0xe2, 0x82], 'xyz'), 4],
  ]
  for (const [label, input, offset] of cases) {
    t.equal(firstInvalidUtf8(input), offset, `firstInvalidUtf8: ${label}`)
    const e = refused(t, input, new RegExp(`first bad byte at offset ${offset}\\b`), 'store.xml')
    t.ok(e?.cause !== undefined, `${label}: keeps the decoder's error as the cause`)
  }
})

t.test('firstInvalidUtf8 of valid input is its length', async (t) => {
  t.equal(firstInvalidUtf8(bytes('aé€😀')), 10)
  t.equal(firstInvalidUtf8(new Uint8Array(0)), 0)
})
