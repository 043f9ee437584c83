import { crc32 } from 'node:zlib'
import t from 'tap'
import { parseNamesText } from '../../src/directory/names-file.js'
import { DamagedIndexError, encodeNamesIndex, openNamesIndex } from '../../src/directory/names-index.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330'

/** Names that sort differently by UTF-16 unit, code point and byte, with quotes, commas, line breaks and accents. */
const TRICKY = ['CONTOSO\\alice', 'Zoë', 'zoe', '\u{1F600} smile', '\uFB01 ligature', 'Ops, "Lab"', 'two\nlines', 'CONTOSO\\Zoë', 'bob', 'BOB2']

/** A names file of `rows` rows, the tricky names among them, one name carried by two SIDs. */
function csv(rows: number): string {
  const lines = ['SID,NTAccount']
  for (let i = 0; i < rows; i++) lines.push(`${D}-${1100 + i},"${(TRICKY[i] ?? `CONTOSO\\user${i}`).replaceAll('"', '""')}"`)
  lines.push(`${D}-99999,bob`)
  return `${lines.join('\n')}\n`
}

t.test('an index answers every lookup as the table it was made from', async (t) => {
  const table = parseNamesText(csv(3_000), 'n.csv')
  const index = openNamesIndex(encodeNamesIndex({ any: 'header' }, table.names, table.sids))
  t.same(index.header, { any: 'header' })
  t.equal(index.names.size, table.names.size)
  t.equal(index.sids.size, table.sids.size)
  let checked = 0
  for (const [sid, name] of table.names) {
    if (index.names.get(sid) !== name || !index.names.has(sid)) t.fail(`${sid}: ${index.names.get(sid)} for ${name}`)
    checked++
  }
  for (const [key, sid] of table.sids) {
    if (index.sids.get(key) !== sid) t.fail(`${key}: ${index.sids.get(key)} for ${sid}`)
    checked++
  }
  t.equal(checked, 3_001 + table.sids.size, 'every SID and every name key was looked up')
  t.ok(table.sids.size > 3_001, 'names without a domain have a second key')
  t.equal(index.sids.get('bob'), null, 'a name two SIDs carry stays ambiguous')
  t.equal(index.sids.get('\u{1F600} smile'.toLowerCase()), `${D}-1103`)
  t.equal(index.names.get(`${D}-1106`), 'two\nlines')
  t.equal(index.names.get(`${D}-1`), undefined)
  t.notOk(index.names.has('S-1-1-0'))
  t.equal(index.sids.get('nobody'), undefined)
  t.same(new Map(index.names), table.names, 'iterating gives the whole table')
  t.same([...index.sids.keys()].sort(), [...table.sids.keys()].sort())
  const seen: string[] = []
  index.names.forEach((name, sid, map) => {
    if (map === index.names) seen.push(`${sid}=${name}`)
  })
  t.equal(seen.length, 3_001)
})

t.test('an empty table is an index too', async (t) => {
  const index = openNamesIndex(encodeNamesIndex(null, new Map(), new Map()))
  t.equal(index.names.size, 0)
  t.equal(index.names.get(`${D}-1105`), undefined)
  t.same([...index.sids], [])
})

t.test('a buffer that is not a whole index of this format is refused when opened', async (t) => {
  const table = parseNamesText(csv(20), 'n.csv')
  const bytes = encodeNamesIndex({ n: 1 }, table.names, table.sids)
  const opened: number[] = []
  let refused = 0
  for (let length = 0; length < bytes.length; length++) {
    try {
      openNamesIndex(bytes.subarray(0, length))
      opened.push(length)
    } catch (e) {
      if (e instanceof DamagedIndexError) refused++
      else throw e
    }
  }
  t.same(opened, [], 'no shorter buffer opens')
  t.equal(refused, bytes.length, 'every shorter length was tried and refused')
  t.throws(() => openNamesIndex(Buffer.concat([bytes, Buffer.from([0])])), { name: 'DamagedIndexError' }, 'a byte too many')
  let changed = 0
  for (let at = 12; at < bytes.length; at++) {
    const flipped = Buffer.from(bytes)
    flipped[at] = (flipped[at] ?? 0) ^ 0x20
    try {
      openNamesIndex(flipped)
    } catch (e) {
      if (e instanceof DamagedIndexError) changed++
    }
  }
  t.equal(changed, bytes.length - 12, 'a changed byte anywhere after the format is refused: every one was tried')
  const otherFormat = Buffer.from(bytes)
  otherFormat.writeUInt32LE(2, 8)
  t.throws(() => openNamesIndex(otherFormat), { message: /not a names index of this format/ })
  const notJson = Buffer.from(bytes)
  notJson[20] = 0x7b // "{{" then "n" ...: the header is no longer JSON
  notJson[21] = 0x7b
  notJson.writeUInt32LE(crc32(notJson.subarray(20)), 16)
  t.throws(() => openNamesIndex(notJson), { message: /header is not JSON/ })
  t.throws(() => openNamesIndex(Buffer.from('AZMNAMEX\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000')), { name: 'DamagedIndexError' })
})

t.test('an entry out of bounds (a forged index) is reported by the lookup that reaches it, as the caller words it', async (t) => {
  const table = parseNamesText(csv(100), 'n.csv')
  const bytes = encodeNamesIndex({}, table.names, table.sids)
  const headerEnd = 20 + bytes.readUInt32LE(12)
  const middle = (table.names.size - 1) >>> 1 // the first entry a lookup reaches
  bytes.writeUInt32LE(0xffffff00, headerEnd + 4 + 4 * (2 * middle + 1))
  t.throws(() => openNamesIndex(bytes), { name: 'DamagedIndexError', message: /check sum does not match/ }, 'the check sum tells')
  bytes.writeUInt32LE(crc32(bytes.subarray(20)), 16) // forged with the right check sum
  const index = openNamesIndex(bytes, (why) => new Error(`cache X: ${why}`))
  t.throws(() => index.names.get(`${D}-1105`), { message: `cache X: entry ${middle} is out of bounds` })
  t.throws(() => [...index.names], { message: /cache X: entry \d+ is out of bounds/ })
})

t.test('a table with a text UTF-8 cannot hold (a lone surrogate, from a JSON escape) is not indexed: it would read back otherwise', async (t) => {
  const table = parseNamesText(JSON.stringify({ [`${D}-1105`]: 'ab\ud800c', [`${D}-1106`]: 'bob' }), 'n.json')
  t.equal(table.names.get(`${D}-1105`), 'ab\ud800c', 'the file itself is read as written')
  t.throws(() => encodeNamesIndex({}, table.names, table.sids), { message: /not well-formed Unicode/ })
  const fine = parseNamesText(JSON.stringify({ [`${D}-1105`]: 'ab\u{1F600}c \u00e9' }), 'n.json')
  t.equal(openNamesIndex(encodeNamesIndex({}, fine.names, fine.sids)).names.get(`${D}-1105`), 'ab\u{1F600}c \u00e9', 'pairs and accents are fine')
})
