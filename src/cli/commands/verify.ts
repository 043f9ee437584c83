import { quote } from '../../model/quote.js'
import { ExitCode } from '../../errors/azman-error.js'
import { VerifyResultsError } from '../../errors/input-errors.js'
import { UsageError } from '../../errors/usage-error.js'
import { readJsonInput } from '../../fs/file-system.js'
import { ioReason } from '../../fs/io-error.js'
import { writeHostFile } from '../../host/write-host-file.js'
import { decisionTable } from '../../verify/decision-table.js'
import { verifyReport, type VerifyReport } from '../../verify/verify-report.js'
import { verifyScript } from '../../verify/verify-script.js'
import { readExtraTokens } from '../../verify/read-tokens.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { examplesSection } from '../examples.js'
import { writeJson, type CliIo } from '../io.js'
import { loadStore } from '../load-store.js'
import { becauseLines } from '../../access/explain/proof-text.js'

export const verifyScriptCommand: Command = {
  name: 'verify-script',
  summary: "write a PowerShell script that asks the real AzMan runtime what azman's decisions are checked against",
  usage: `azman verify-script <store> [--app A] [--tokens FILE] --out FILE [--force] [--json]

Writes a Windows PowerShell 5.1 script (docs/verify-script.md) carrying a decision table of the
store's application (--app; default its only one, else "Hyper-V services"): every SID its role
assignments and groups name and ten well-known SIDs, each alone, and each group member together
with each SID that group excludes, in every scope and at application level, for every operation.
Run on Windows where azroles.dll is, the script opens the store with the AzMan COM runtime (read
only), asks AccessCheck each case from client contexts without group expansion, and writes a
results file; azman verify-report compares it with azman's own decisions. The file is refused when
it exists (exit 5, unless --force) and always when it is a link, folder, device or FIFO (exit 2).
--tokens FILE adds tokens of your own ({"tokens": [["S-1-5-21-...-1105", "S-1-5-21-...-513"]]}: a
user's SID and the groups of their token); give verify-report the same file.

${examplesSection(
  `azman verify-script store-samples/hyperv-2008r2-delegated.xml --out azman-verify.ps1`,
  `# on Windows: powershell -ExecutionPolicy Bypass -File .\\azman-verify.ps1 -StoreUrl msxml://C:\\copy\\store.xml`,
  `azman verify-script store-samples/hyperv-2008r2.xml --app "Hyper-V services" --out verify.ps1 --force --json`,
)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs(
      'verify-script',
      args,
      { app: { type: 'string' }, tokens: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
      { min: 1, max: 1, names: 'one <store>' },
    )
    if (values.out === undefined) throw new UsageError('verify-script: give --out FILE, the script to write (for example --out azman-verify.ps1)')
    const store = positionals[0] ?? ''
    const snapshot = await loadStore(store, io, globals.store)
    const extra = values.tokens === undefined ? [] : await readExtraTokens(values.tokens)
    const script = verifyScript(decisionTable(snapshot.policy, { reference: store, version: snapshot.version }, values.app, extra))
    const bytes = await writeHostFile(values.out, script.text, { force: values.force === true })
    if (globals.json) writeJson(io, { path: values.out, bytes, sha256: script.sha256, table: script.tableSha256, cases: script.cases })
    else io.stdout.write(`wrote ${values.out} (${bytes} bytes, sha256 ${script.sha256}): ${script.cases} cases; run it on Windows, then: azman verify-report ${store} <results file>\n`)
    return ExitCode.Ok
  },
}

function renderReport(report: VerifyReport): string {
  const lines = [
    `verify-report of ${report.store}, application ${quote(report.app)} (table ${report.table.slice(0, 12)}...)`,
    `${report.cases} cases: ${report.agreed} agreed, ${report.mismatchCount} mismatched, ${report.conditional} depending on a BizRule, an LDAP query or an undecidable exclusion (not compared), ${report.errors.length} errors, ${report.missing} missing`,
  ]
  for (const m of report.mismatches) {
    lines.push(``, `MISMATCH: token ${m.sids.join(' + ')}, ${m.scope === null ? 'application level' : `scope ${quote(m.scope)}`}, operation ${m.operation}: AzMan ${m.azman}, azman ${m.azmanEmulator}`)
    for (const b of m.because) lines.push(...becauseLines(b, '  '))
  }
  // The results file is not ours: its text is quoted, so no line break in it can forge a line of this report.
  for (const e of report.errors.slice(0, 20))
    lines.push(
      `error: token ${e.sids.join(' + ')}, ${e.scope === null ? 'application level' : `scope ${quote(e.scope)}`}${e.operation === undefined ? '' : `, operation ${e.operation}`}: ${quote(e.error)}`,
    )
  return `${lines.join('\n')}\n`
}

export const verifyReportCommand: Command = {
  name: 'verify-report',
  summary: "compare the verify script's results (the real AzMan's answers) with azman's decisions",
  usage: `azman verify-report <store> RESULTS.json [--app A] [--tokens FILE] [--json]

Compares the results file a verify script wrote (docs/verify-script.md) with azman's decisions for
the same store version: every case that differs is printed with azman's proof. Cases azman decides
only through a BizRule, an LDAP-query group or an exclusion it cannot decide are counted, not
compared. Exit 0 when every compared case agrees; 1 when one differs, or when cases are missing or
could not be asked (a script stopped early, a SID AzMan could not take); 2 when the results file
cannot be read, is not of the documented shape, or is of another table (another store version).

${examplesSection(
  `# after azman-verify.ps1 ran on Windows: azman verify-report store-samples/hyperv-2008r2-delegated.xml azman-verify-results.json`,
  `# empty.json: {"format": "azman-verify-results/1", "table": "f626f55a47df53f31766e0255f536f344ae4e351788a1fe6460517e27a45add5", "results": []}`,
  `# exits 1: the results hold none of the 1,938 cases (a script stopped early)`,
  `azman verify-report store-samples/hyperv-2008r2-delegated.xml empty.json`,
  `# exits 1`,
  `azman verify-report store-samples/hyperv-2008r2-delegated.xml empty.json --json`,
)}`,
  async run(args, io: CliIo, globals) {
    const { values, positionals } = parseCommandArgs('verify-report', args, { app: { type: 'string' }, tokens: { type: 'string' } }, { min: 2, max: 2, names: '<store> and RESULTS.json' })
    const [store = '', resultsFile = ''] = positionals
    const snapshot = await loadStore(store, io, globals.store)
    let text: string
    try {
      text = await readJsonInput(resultsFile)
    } catch (e) {
      throw new VerifyResultsError(`cannot read the results file ${resultsFile}: ${ioReason(e)}`, { cause: e })
    }
    const extra = values.tokens === undefined ? [] : await readExtraTokens(values.tokens)
    const report = verifyReport(snapshot.policy, { reference: store, version: snapshot.version }, text, resultsFile, values.app, extra)
    if (globals.json) writeJson(io, report)
    else io.stdout.write(renderReport(report))
    return report.mismatchCount > 0 || report.missing > 0 || report.errors.length > 0 ? ExitCode.Negative : ExitCode.Ok
  },
}
