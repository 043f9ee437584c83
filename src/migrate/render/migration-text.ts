import { becauseLines } from '../../access/explain/proof-text.js'
import { quote } from '../../model/quote.js'
import type { MigrationReport } from '../migrate.js'
import type { Narrowed } from '../model/migration-model.js'

export function where(scope: string | null): string {
  return scope === null ? 'application level' : `scope ${quote(scope)}`
}

/** The sentence of the counts, or why there are none. */
export function verdictText(report: MigrationReport): string {
  if (report.target === 'openfga')
    return "not verified here: no OpenFGA engine runs in Node; run fga model test --tests <DIR>/azman.fga.yaml, which asserts azman's decision on every case of the decision table"
  if (report.engine === null) return 'not verified (--no-verify)'
  return `verified with ${report.engine}: ${report.cases} cases (${report.asked} asked: cases the store and the export treat alike are asked once): ${report.agreed} agreed, ${report.narrower} narrower by design (a BizRule or an LDAP query decides them in AzMan; the export grants nothing there), ${report.disagreements} disagreements`
}

/** One narrowed object as a sentence (without the leading "narrowed: "). */
export function narrowedText(n: Narrowed): string {
  const what = n.reason === 'ldap-query' ? `LDAP query, ${n.size} characters` : `BizRule${n.language === undefined ? '' : ` in ${n.language}`}, ${n.size} characters`
  return `${n.kind} ${quote(n.name)}${n.scope === null ? '' : ` in scope ${quote(n.scope)}`} (${what}) grants nothing${n.grants.length > 0 ? `; role assignments linking it: ${n.grants.map(quote).join(', ')}` : ''}`
}

/** The heading of one disagreement. */
export function disagreementText(report: MigrationReport, d: MigrationReport['shown'][number]): string {
  return `token ${d.sids.join(' + ')}, ${where(d.scope)}, operation ${d.operation} (${quote(d.operationName)}): ${report.engine ?? 'the engine'} ${d.engine === 'allow' ? 'allows' : 'denies'}, azman: ${d.azman}`
}

/** The report as text: the counts, what was narrowed or left out, each disagreement with azman's proof. */
export function migrationText(report: MigrationReport, written: readonly string[] = []): string {
  const lines = [`migrate ${report.store} (${report.version}), application ${quote(report.app)}, to ${report.target}${written.length > 0 ? `: wrote ${written.length} files` : ''}`]
  for (const path of written) lines.push(`  ${path}`)
  if (report.edited.length > 0) lines.push(`edited since the export: ${report.edited.join(', ')}`)
  lines.push(verdictText(report))
  for (const n of report.narrowed) lines.push(`narrowed: ${narrowedText(n)}`)
  for (const u of report.untranslated) lines.push(`not translated: ${u.object}: ${u.reason}`)
  for (const d of report.shown) {
    lines.push('', `DISAGREEMENT: ${disagreementText(report, d)}`)
    for (const b of d.because) lines.push(...becauseLines(b, '  '))
  }
  return `${lines.join('\n')}\n`
}
