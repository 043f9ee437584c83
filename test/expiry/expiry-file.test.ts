import t from 'tap'
import { due, parseExpiryFile, renderExpiryFile, withEntries, withoutEntries } from '../../src/expiry/expiry-file.js'
import type { ExpiryEntry } from '../../src/expiry/expiry-schema.js'
import { parseUntil } from '../../src/expiry/until.js'

const entry = (sid: string, expiresAt: string): ExpiryEntry => ({
  app: 'Hyper-V services',
  scope: 'Lab VMs',
  roleAssignment: { name: 'R', guid: '11111111-2222-3333-4444-555555555555' },
  sid,
  expiresAt,
  addedBy: '20250101T000000.000Z-abcdef',
})

t.test('due: entries at or before now, in file order', async (t) => {
  const entries = [entry('S-1-5-32-544', '2099-01-01T00:00:00.000Z'), entry('S-1-5-32-545', '2098-01-01T00:00:00.000Z'), entry('S-1-5-32-546', '2100-01-01T00:00:00.000Z')]
  t.same(
    due(entries, new Date('2099-01-01T00:00:00Z')).map((e) => e.sid),
    ['S-1-5-32-544', 'S-1-5-32-545'],
  )
  t.same(due(entries, new Date('2097-01-01T00:00:00Z')), [])
})

t.test('a member given again replaces its entry; removing drops only equal entries', async (t) => {
  const file = { format: 'azman-expiry/1' as const, entries: [entry('S-1-5-32-544', '2099-01-01T00:00:00.000Z')] }
  const again = withEntries(file, [entry('s-1-5-32-544', '2100-01-01T00:00:00.000Z')])
  t.equal(again.entries.length, 1)
  t.equal(again.entries[0]?.expiresAt, '2100-01-01T00:00:00.000Z')
  t.equal(withoutEntries(again, file.entries).entries.length, 1, 'the old time no longer matches')
  t.same(withoutEntries(again, again.entries).entries, [])
  t.same(parseExpiryFile(renderExpiryFile(again), 'x.json'), again, 'round trip')
})

t.test('a file that does not parse names the file and the JSON path', async (t) => {
  const cases = [
    ['[]', /x\.json .*an expiry file is a JSON object/],
    ['{"format": "azman-expiry/2", "entries": []}', /\$\.format must be "azman-expiry\/1"/],
    ['{"format": "azman-expiry/1"}', /\$\.entries is required/],
    [JSON.stringify({ format: 'azman-expiry/1', entries: [{ ...entry('S-1-5-32-544', '2099-01-01T00:00:00Z'), sid: 'alice' }] }), /\$\.entries\[0\]\.sid must be a SID/],
    [JSON.stringify({ format: 'azman-expiry/1', entries: [{ ...entry('S-1-5-32-544', '2099-01-01'), extra: 1 }] }), /\$\.entries\[0\]/],
    [JSON.stringify({ format: 'azman-expiry/1', entries: [entry('S-1-5-32-544', '2099-13-45T00:00:00Z')] }), /\$\.entries\[0\]\.expiresAt is not a real time/],
  ] as const
  let checked = 0
  for (const [text, message] of cases) {
    t.throws(() => parseExpiryFile(text, 'x.json'), { code: 'AZMAN_ERR_EXPIRY_FILE', message }, text)
    checked++
  }
  t.equal(checked, cases.length)
})

t.test('parseUntil: ISO dates and times with a zone, after now', async (t) => {
  const now = new Date('2025-06-01T12:00:00Z')
  t.equal(parseUntil('2025-06-02', now).toISOString(), '2025-06-02T00:00:00.000Z')
  t.equal(parseUntil('2025-06-01T14:00+01:00', now).toISOString(), '2025-06-01T13:00:00.000Z')
  t.equal(parseUntil('2025-06-01T12:00:00.5Z', now).toISOString(), '2025-06-01T12:00:00.500Z')
  const bad = ['2025-06-01T12:00:00Z', '2025-05-01', 'now', '2025-06-31', '2025-06-02T25:00Z', '2025-06-02T12:00', '']
  let checked = 0
  for (const text of bad) {
    t.throws(() => parseUntil(text, now), { code: 'AZMAN_ERR_USAGE' }, text)
    checked++
  }
  t.equal(checked, bad.length)
})
