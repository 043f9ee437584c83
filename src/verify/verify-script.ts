import { createHash } from 'node:crypto'
import { UsageError } from '../errors/usage-error.js'
import { azmanVersion } from '../report/azman-version.js'
import type { HashedTable } from './decision-table.js'

/**
 * The longest table JSON the script carries: Windows PowerShell 5.1's ConvertFrom-Json reads JSON
 * through JavaScriptSerializer, whose MaxJsonLength is 2,097,152 characters by default.
 */
export const MAX_TABLE_CHARS = 2_000_000

/** The format of the results file the verify script writes. */
export const RESULTS_FORMAT = 'azman-verify-results/1'

/**
 * JSON in ASCII: every character outside printable ASCII as `\uXXXX`. Windows PowerShell 5.1 reads
 * a script without a byte order mark in the ANSI code page, so the file must be ASCII to mean the
 * same on every machine; ConvertFrom-Json decodes the escapes.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * The script's logic: the same for every table. The table is data in a single-quoted here-string
 * (PowerShell expands nothing there, and it ends only at a line that starts with '@; the JSON is
 * one line that starts with {), read with ConvertFrom-Json. AzMan's COM API, each call as
 * Microsoft documents it: AzAuthorizationStore.Initialize(0 = open for use, not to manage),
 * OpenApplication, IAzApplication.InitializeClientContextFromStringSid(sid,
 * AZ_CLIENT_CONTEXT_SKIP_GROUP = 1: no group expansion), IAzClientContext2.AddStringSids,
 * IAzClientContext.AccessCheck(object name, scopes, operations, ...): 0 is allowed, 5 denied. When
 * AccessCheck fails for a token and scope (a BizRule that errs, an LDAP-query group AzMan cannot
 * evaluate without group expansion), each operation is asked alone, so one failing operation does
 * not hide the others' answers: those that fail alone too are null, with the first error beside.
 */
const BODY = String.raw`param(
  # The store to check against; default: the one the table was made from. A copy of it, or the AD store.
  [string]$StoreUrl = '',
  # The results file to write (UTF-8 JSON), for: azman verify-report <store> <results file>
  [string]$Out = 'azman-verify-results.json'
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$table = $tableJson | ConvertFrom-Json
# .NET resolves a relative path against the process's folder, not PowerShell's current location.
$Out = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Out)
if ($StoreUrl -eq '') { $StoreUrl = $table.store }
if ($StoreUrl -notmatch '^(msxml|msldap)://') { $StoreUrl = 'msxml://' + (Resolve-Path -LiteralPath $StoreUrl).ProviderPath }

$store = New-Object -ComObject AzRoles.AzAuthorizationStore
$store.Initialize(0, $StoreUrl, $null)
$app = $store.OpenApplication($table.app, $null)
$operations = [object[]]@($table.operations | ForEach-Object { [int]$_ })
# The results are collected as JSON built here, and written at the end: ConvertTo-Json of Windows
# PowerShell 5.1 is not used on the whole (it nests arrays poorly and has a length limit); only on single strings.
$json = New-Object System.Text.StringBuilder
[void]$json.Append('{"format":"${RESULTS_FORMAT}","table":"' + $tableSha256 + '","store":' + (ConvertTo-Json -InputObject ([string]$StoreUrl) -Compress) + ',"results":[')
$count = 0
$total = $table.tokens.Count
for ($t = 0; $t -lt $total; $t++) {
  Write-Progress -Activity 'azman verify' -Status ('token ' + ($t + 1) + ' of ' + $total) -PercentComplete ((100 * $t) / $total)
  $sids = @($table.tokens[$t])
  $context = $null
  $failure = $null
  try {
    $context = $app.InitializeClientContextFromStringSid([string]$sids[0], 1, $null)
    if ($sids.Count -gt 1) { $context.AddStringSids([object[]]@($sids[1..($sids.Count - 1)])) }
  } catch {
    $failure = $_.Exception.Message
  }
  for ($s = 0; $s -lt $table.scopes.Count; $s++) {
    if ($count -gt 0) { [void]$json.Append(',') }
    $count++
    $row = '{"t":' + $t + ',"s":' + $s
    if ($null -eq $failure) {
      try {
        $answer = $context.AccessCheck('azman verify', [object[]]@([string]$table.scopes[$s]), $operations, $null, $null, $null, $null, $null)
        $row += ',"r":[' + ((@($answer | ForEach-Object { [int]$_ })) -join ',') + ']}'
      } catch {
        $answers = New-Object System.Collections.Generic.List[string]
        $failed = $null
        foreach ($operation in $operations) {
          try {
            $one = $context.AccessCheck('azman verify', [object[]]@([string]$table.scopes[$s]), [object[]]@($operation), $null, $null, $null, $null, $null)
            $answers.Add([string]([int](@($one)[0])))
          } catch {
            $answers.Add('null')
            if ($null -eq $failed) { $failed = [string]$_.Exception.Message }
          }
        }
        $row += ',"r":[' + ($answers -join ',') + ']'
        if ($null -ne $failed) { $row += ',"error":' + (ConvertTo-Json -InputObject $failed -Compress) }
        $row += '}'
      }
    } else {
      $row += ',"error":' + (ConvertTo-Json -InputObject ([string]$failure) -Compress) + '}'
    }
    [void]$json.Append($row)
  }
}
Write-Progress -Activity 'azman verify' -Completed
[void]$json.Append(']}')
[System.IO.File]::WriteAllText($Out, $json.ToString(), (New-Object System.Text.UTF8Encoding($false)))
Write-Output ('azman verify: ' + $count + ' results written to ' + $Out)
`

/** A generated verify script. */
export interface VerifyScript {
  readonly text: string
  readonly sha256: string
  readonly tableSha256: string
  readonly cases: number
}

/** The PowerShell 5.1 verify script of a decision table (docs/verify-script.md). */
export function verifyScript(hashed: HashedTable, version: string = azmanVersion()): VerifyScript {
  const { table, sha256 } = hashed
  const json = asciiJson(table)
  if (json.length > MAX_TABLE_CHARS)
    throw new UsageError(
      `verify-script: the decision table is ${json.length} characters of JSON; ConvertFrom-Json of Windows PowerShell 5.1 reads at most ${MAX_TABLE_CHARS}: name a smaller application with --app, or give fewer --tokens`,
    )
  const head = [
    `# azman verify script (azman ${/^[0-9A-Za-z.+_-]{1,64}$/.test(version) ? version : 'unknown'}): asks the AzMan runtime of this machine every case of the table below and`,
    '# writes what it answered, for `azman verify-report <store> <results file>` to compare with azman.',
    '# It only reads the store. Run it in Windows PowerShell 5.1 where azroles.dll is (a Windows Server with',
    '# the Authorization Manager, or Windows with the Remote Server Administration Tools):',
    '#   powershell -ExecutionPolicy Bypass -File .\\azman-verify.ps1 [-StoreUrl msxml://C:\\copy\\InitialStore.xml] [-Out results.json]',
    `# Table: ${table.tokens.length} tokens x ${table.scopes.length} scopes x ${table.operations.length} operations; SHA-256 ${sha256}.`,
  ].join('\n')
  const body = BODY
  const data = `$tableSha256 = '${sha256}'\n$tableJson = @'\n${json}\n'@\n`
  // param() must come first in a script: the data follows it.
  const at = body.indexOf('\n)\n') + 3
  const text = `${head}\n${body.slice(0, at)}\n${data}${body.slice(at)}`
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), tableSha256: sha256, cases: table.tokens.length * table.scopes.length * table.operations.length }
}
