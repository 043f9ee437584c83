import { join } from 'node:path'
import t, { type Test } from 'tap'
import { parseNamesText, readNamesFile, sidForName } from '../../src/directory/names-file.js'
import { mergedNames } from '../../src/directory/sid-names.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330'

/** What the file names, as plain pairs. */
const pairs = (text: string): [string, string][] => [...parseNamesText(text, 'n.csv').names]

/** The error a names text is refused with (code, exit code and message). */
function refused(t: Test, text: string, message: RegExp, what: string): void {
  t.throws(() => parseNamesText(text, 'n.csv'), { code: 'AZMAN_ERR_NAMES_FILE', exitCode: 2, message }, what)
}

t.test('CSV as Get-ADUser | Export-Csv writes it (Windows PowerShell: a #TYPE line, every field quoted, CRLF)', async (t) => {
  const text = [
    '#TYPE Microsoft.ActiveDirectory.Management.ADUser',
    '"DistinguishedName","Enabled","GivenName","Name","ObjectClass","ObjectGUID","SamAccountName","SID","Surname","UserPrincipalName"',
    `"CN=Smith\\, Alice,OU=Ops,DC=contoso,DC=com","True","Alice","Smith, Alice","user","6f1c...","alice","${D}-1105","Smith","alice@contoso.com"`,
    `"CN=Bob ""B"" Jones,DC=contoso,DC=com","True","Bob","Bob ""B"" Jones","user","7a2d...","bob","${D}-1106","Jones","bob@contoso.com"`,
    '',
  ].join('\r\n')
  t.same(pairs(text), [
    [`${D}-1105`, 'alice'],
    [`${D}-1106`, 'bob'],
  ])
})

t.test('CSV name columns: NTAccount or account first, then SamAccountName, Name, DisplayName; objectSid as the SID column', async (t) => {
  t.same(pairs(`objectSid,sAMAccountName,NTAccount\n${D}-1105,alice,CONTOSO\\alice\n`), [[`${D}-1105`, 'CONTOSO\\alice']])
  t.same(pairs(`SID,Account\n${D}-1105,CONTOSO\\alice\n`), [[`${D}-1105`, 'CONTOSO\\alice']])
  t.same(pairs(`SID,Name,DisplayName\n${D}-1105,Alice Smith,Alice\n`), [[`${D}-1105`, 'Alice Smith']])
  t.same(pairs(`DisplayName,sid\n"Ops, Lab",${D}-1105\n`), [[`${D}-1105`, 'Ops, Lab']])
  t.same(pairs(`\uFEFFSID,Name\n${D}-1105,alice\n\n\n`), [[`${D}-1105`, 'alice']], 'a byte-order mark and blank lines are fine')
  t.same(pairs(`SID,Name\n${D}-1105,"two\nlines"\n${D}-1106,bob\n`), [
    [`${D}-1105`, 'two\nlines'],
    [`${D}-1106`, 'bob'],
  ])
})

t.test('SIDs are checked and canonical; a SID named twice the same way is fine', async (t) => {
  t.same(pairs(`SID,Name\ns-1-5-21-1004336348-1177238915-682003330-01105,alice\n ${D}-1105 ,alice\n`), [[`${D}-1105`, 'alice']])
  t.same(pairs(`SID,Name\nS-1-1-0,Everyone (here)\n`), [['S-1-1-0', 'Everyone (here)']])
})

t.test('CSV mistakes: refused with the line, exit 2', async (t) => {
  const cases: [string, RegExp][] = [
    [`SID,Name\n${D}-1105,alice\nS-1-5-21-x,bob\n`, /n\.csv, line 3: "S-1-5-21-x" is not a SID/],
    [`SID,Name\n${D}-1105,alice\nS-1-5-21-1-2-3-4294967296,bob\n`, /line 3: .* is not a SID/],
    [`SID,Name\n${D}-1105,alice\n${D}-01105,bob\n`, new RegExp(`line 3: ${D}-1105 is named "bob" here and "alice" at line 2`)],
    [`SID,Name\n${D}-1105,\n`, new RegExp(`line 2: the name of ${D}-1105 is empty`)],
    [`SID,Name\n${D}-1105,alice,extra\n`, /line 2: 3 fields where the header row has 2/],
    [`SID,Name\n${D}-1105,"alice\n`, /line 2: a quoted field is never closed/],
    [`SID,Name\n${D}-1105,"alice"x\n`, /line 2: text after a closing quote/],
    [`SID,Name\n${D}-1105,al"ice\n`, /line 2: a quote inside a field/],
    [`Sid,Path\n${D}-1105,x\n`, /line 1: the header row needs a SID column \(SID or objectSid\) and a name column .*it has "Sid", "Path"/],
    [`Name,Title\nalice,x\n`, /line 1: the header row needs a SID column/],
    ['', /it is empty/],
    ['#TYPE Foo\n', /it is empty/],
  ]
  let checked = 0
  for (const [text, message] of cases) {
    refused(t, text, message, JSON.stringify(text))
    checked++
  }
  t.equal(checked, 12)
})

t.test('JSON: an object of SID to name, or a list of {sid, name}', async (t) => {
  t.same(pairs(JSON.stringify({ [`${D}-1105`]: 'CONTOSO\\alice', 's-1-5-32-544': 'BUILTIN\\Administrators' })), [
    [`${D}-1105`, 'CONTOSO\\alice'],
    ['S-1-5-32-544', 'BUILTIN\\Administrators'],
  ])
  t.same(pairs(` [{"sid": "${D}-1105", "name": "CONTOSO\\\\alice", "objectClass": "user"}]`), [[`${D}-1105`, 'CONTOSO\\alice']], 'other fields are ignored')
  const cases: [string, RegExp][] = [
    ['{"a": ', /not valid JSON/],
    ['[1]', /\[0\] is not an object/],
    [`[{"sid": "${D}-1105"}]`, /\[0\]\.name is missing/],
    [`[{"sid": "${D}-1105", "name": ""}]`, new RegExp(`\\[0\\]: the name of ${D}-1105 is empty`)],
    [`[{"sid": 5, "name": "x"}]`, /\[0\]\.sid is not a string/],
    [`{"${D}-1105": 7}`, new RegExp(`n\\.csv, \\.${D}-1105 is not`)],
    [`{"nope": "x"}`, /\["nope"\]: "nope" is not a SID/],
    [`[{"sid": "${D}-1105", "name": "a"}, {"sid": "${D}-1105", "name": "b"}]`, new RegExp(`\\[1\\]: ${D}-1105 is named "b" here and "a" at \\[0\\]`)],
  ]
  let checked = 0
  for (const [text, message] of cases) {
    refused(t, text, message, text)
    checked++
  }
  t.equal(checked, 8)
})

t.test('reverse lookup: any case, DOMAIN\\name whole or a bare name under any domain; two SIDs of one name are ambiguous', async (t) => {
  const table = parseNamesText(`SID,NTAccount\n${D}-1105,CONTOSO\\alice\n${D}-1106,bob\n${D}-1107,carol\n${D}-1108,FABRIKAM\\carol\n${D}-1109,bob\n`, 'n.csv')
  t.equal(sidForName(table, 'contoso\\ALICE'), `${D}-1105`)
  t.equal(sidForName(table, 'FABRIKAM\\alice'), undefined, 'a domain name matches its own domain only')
  t.equal(sidForName(table, 'alice'), undefined, 'a bare name does not pick a domain')
  t.equal(sidForName(table, 'CONTOSO\\carol'), `${D}-1107`, 'the bare carol, asked for with a domain')
  t.equal(sidForName(table, 'FABRIKAM\\carol'), `${D}-1108`)
  t.equal(sidForName(table, 'BOB'), null, 'two SIDs named bob')
  t.equal(sidForName(table, 'nobody'), undefined)
})

t.test('files: read as other input files are; what cannot be read is a names-file error', async (t) => {
  const dir = t.testdir({ 'n.csv': `SID,Name\n${D}-1105,alice\n`, folder: {} })
  t.same([...(await readNamesFile(join(dir, 'n.csv'))).names], [[`${D}-1105`, 'alice']])
  await t.rejects(readNamesFile(join(dir, 'missing.csv')), { code: 'AZMAN_ERR_NAMES_FILE', exitCode: 2, message: /cannot read the names file .*missing\.csv: no such file/ })
  await t.rejects(readNamesFile(join(dir, 'folder')), { code: 'AZMAN_ERR_NAMES_FILE', message: /it is a folder/ })
})

t.test('mergedNames: the directory wins, the file names the rest', async (t) => {
  const file = new Map([
    ['S-1', 'file-a'],
    ['S-2', 'file-b'],
  ])
  const directory = new Map([['S-1', 'DIR\\a']])
  t.same(
    [...(mergedNames(directory, file) ?? [])],
    [
      ['S-1', 'DIR\\a'],
      ['S-2', 'file-b'],
    ],
  )
  t.equal(mergedNames(undefined, file), file)
  t.equal(mergedNames(directory, undefined), directory)
  t.equal(mergedNames(undefined, undefined), undefined)
})

t.test('CSV read by bytes: UTF-8 names, line breaks inside quotes (LF, CRLF, a lone CR) counted for the line numbers', async (t) => {
  t.same(pairs(`SID,Name\n${D}-1105,"Müller, Jürgen"\n${D}-1106,Åsa 東京\n`), [
    [`${D}-1105`, 'Müller, Jürgen'],
    [`${D}-1106`, 'Åsa 東京'],
  ])
  t.same(pairs(`\uFEFF{"${D}-1105": "Zoë"}`), [[`${D}-1105`, 'Zoë']], 'JSON after a byte-order mark')
  t.same(pairs(`SID,Name\n${D}-1105,"say ""hi"", ""bye"""\n`), [[`${D}-1105`, 'say "hi", "bye"']])
  const cases: [string, RegExp][] = [
    [`SID,Name\n${D}-1105,"two\r\nlines"\n${D}-1106,"a""\nb"\nS-1-x,c\n`, /line 6: "S-1-x" is not a SID/],
    [`SID,Name\r${D}-1105,"a\rb"\rS-1-x,c\r`, /line 4: "S-1-x" is not a SID/],
    [`SID,Name\r\n${D}-1105,"a\r\n\r\nb"\r\nS-1-x,c\r\n`, /line 5: "S-1-x" is not a SID/],
  ]
  let checked = 0
  for (const [text, message] of cases) {
    refused(t, text, message, JSON.stringify(text))
    checked++
  }
  t.equal(checked, 3)
})

t.test('CSV with several mistakes: syntax first, then the header, then a field count, then the first refused pair', async (t) => {
  const cases: [string, RegExp][] = [
    [`SID,Name\nS-1-x,a\n${D}-1105,b,c\n${D}-1106,"d\n`, /line 4: a quoted field is never closed/],
    [`Sid,Path\nS-1-x,a\n${D}-1106,"d"x\n`, /line 3: text after a closing quote/],
    [`Sid,Path\nS-1-x,a\n${D}-1105,b,c\n`, /line 1: the header row needs a SID column/],
    [`SID,Name\nS-1-x,a\n${D}-1105,b,c\n`, /line 3: 3 fields where the header row has 2/],
    [`SID,Name\n${D}-1105,a\n${D}-01105,b\nS-1-x,c\n`, new RegExp(`line 3: ${D}-1105 is named "b" here and "a" at line 2`)],
    [`SID,Name\nS-1-x,a\n${D}-1105,\n`, /line 2: "S-1-x" is not a SID/],
  ]
  let checked = 0
  for (const [text, message] of cases) {
    refused(t, text, message, JSON.stringify(text))
    checked++
  }
  t.equal(checked, 6)
})

t.test('JSON object: a SID spelt twice is named where it first appears', async (t) => {
  refused(t, '{"S-1-5-32-544": "a", "S-1-5-32-0544": "b"}', /\["S-1-5-32-0544"\]: S-1-5-32-544 is named "b" here and "a" at \["S-1-5-32-544"\]/, 'object')
})

t.test('10,000 rows as Export-Csv writes them: every one named, the reverse lookup built when first used', async (t) => {
  const rows = ['"DistinguishedName","Name","ObjectClass","SamAccountName","SID"']
  for (let i = 0; i < 10_000; i++) rows.push(`"CN=User ${i},OU=Lab,DC=contoso,DC=com","User, ${i}","user","user${i}","${D}-${1100 + i}"`)
  const table = parseNamesText(`${rows.join('\r\n')}\r\n`, 'n.csv')
  t.equal(table.names.size, 10_000)
  t.equal(table.names.get(`${D}-11099`), 'user9999', 'SamAccountName before Name')
  t.equal(sidForName(table, 'USER5'), `${D}-1105`)
  t.equal(table.sids.size, 20_000, 'each name and its \\name key')
})
