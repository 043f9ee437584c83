/**
 * The verify script parses with a real PowerShell grammar (tree-sitter-powershell), uses only
 * cmdlets Windows PowerShell 5.1 has, and carries every value of the table only inside its
 * single-quoted here-string, whatever the store's names hold. It cannot run here (no AzMan on
 * Linux): docs/verify-script.md says what only Windows confirms.
 */
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { decisionTable, type DecisionTable } from '../../src/verify/decision-table.js'
import { verifyScript } from '../../src/verify/verify-script.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT } from '../cli/run-cli.js'
import { nodes, parseErrors, parsePowerShell } from '../support/powershell.js'

/** Cmdlets of Windows PowerShell 5.1 (Microsoft.PowerShell.Core, .Utility, .Management) the script may call. */
const PS51_CMDLETS = new Set(['Set-StrictMode', 'ConvertFrom-Json', 'ConvertTo-Json', 'Resolve-Path', 'New-Object', 'ForEach-Object', 'Write-Progress', 'Write-Output'])

const SAMPLES: [string, string | undefined][] = [
  ['store-samples/hyperv-2008.xml', undefined],
  ['store-samples/hyperv-2008r2.xml', undefined],
  ['store-samples/hyperv-2008r2-delegated.xml', undefined],
  ['store-samples/hyperv-2008r2-delegated.xml', 'Hyper-V services'],
  ['test/fixtures/access/semantics.xml', undefined],
  ['test/fixtures/real-stores/windows-sdk-asp-AzStore.xml', 'Expense Web'],
  ['test/fixtures/real-stores/windows-sdk-asp-AzStore.xml', 'IIS 6.0 URL Authorization'],
  ['test/fixtures/real-stores/ms-azmp-example-v2.xml', undefined],
]

async function check(t: Test, text: string, name: string): Promise<string> {
  const tree = await parsePowerShell(text)
  t.same(parseErrors(tree), [], `${name}: parses, no ERROR or MISSING node`)
  const cmdlets = [...nodes(tree.rootNode)].filter((n) => n.type === 'command_name').map((n) => n.text)
  t.same(
    cmdlets.filter((c) => !PS51_CMDLETS.has(c)),
    [],
    `${name}: only Windows PowerShell 5.1 cmdlets`,
  )
  const here = [...nodes(tree.rootNode)].filter((n) => n.type === 'verbatim_here_string_characters')
  t.equal(here.length, 1, `${name}: one here-string, the table`)
  t.notMatch(text, /[^\n\x20-\x7e]/, `${name}: ASCII`)
  return (here[0]?.text ?? '').replace(/^@'\r?\n/, '').replace(/\r?\n'@$/, '')
}

t.test('every store sample, with and without --app: a script that parses with no error', async (t) => {
  let checked = 0
  for (const [file, app] of SAMPLES) {
    const bytes = readFileSync(`${REPO_ROOT}${file}`)
    const { policy, version } = parseXmlStore(bytes)
    const hashed = decisionTable(policy, { reference: file, version }, app)
    const script = verifyScript(hashed)
    const table = await check(t, script.text, `${file} ${app ?? ''}`)
    t.ok(table.includes(JSON.stringify(hashed.table.app).slice(1, -1)), 'the table names the application')
    t.ok(script.cases > 0)
    checked++
  }
  t.equal(checked, SAMPLES.length)
})

t.test('hostile names are data: inside the here-string only, and read back exactly', async (t) => {
  const hostile = ["'@\n$(Remove-Item C:\\ -Recurse)", '`"; Stop-Computer; "', "x'; Invoke-Expression 'calc'; '", '${env:PATH}', 'line\r\nbreak\u2028', '@"\nexpand "@', 'caf\u00e9 \u2018quoted\u2019']
  const table: DecisionTable = { format: 'azman-verify-table/1', store: hostile[0] ?? '', version: 'v', app: hostile[1] ?? '', operations: [1], scopes: ['', ...hostile], tokens: [['S-1-1-0']] }
  const script = verifyScript({ table, sha256: 'a'.repeat(64) })
  const inside = await check(t, script.text, 'hostile')
  const decoded = JSON.parse(inside) as DecisionTable
  t.same(decoded.scopes, ['', ...hostile], 'ConvertFrom-Json reads back the names exactly (JSON decoding, as PowerShell does)')
  const tree = await parsePowerShell(script.text)
  const commands = [...nodes(tree.rootNode)].filter((n) => n.type === 'command_name').map((n) => n.text)
  t.notOk(
    commands.some((c) => /Remove-Item|Stop-Computer|Invoke-Expression/.test(c)),
    'no hostile command became a command',
  )
  t.equal(hostile.length, 7)
})

t.test('a table Windows PowerShell 5.1 could not read is refused (ConvertFrom-Json reads at most 2,097,152 characters)', async (t) => {
  const tokens = Array.from({ length: 45_000 }, (_, i) => [`S-1-5-21-1004336348-1177238915-682003330-${100000 + i}`])
  const table: DecisionTable = { format: 'azman-verify-table/1', store: 's', version: 'v', app: 'a', operations: [1], scopes: [''], tokens }
  t.throws(() => verifyScript({ table, sha256: 'a'.repeat(64) }), {
    code: 'AZMAN_ERR_USAGE',
    message: /the decision table is \d+ characters of JSON; ConvertFrom-Json of Windows PowerShell 5\.1 reads at most 2000000/,
  })
  t.doesNotThrow(() => verifyScript({ table: { ...table, tokens: tokens.slice(0, 1000) }, sha256: 'a'.repeat(64) }))
})
