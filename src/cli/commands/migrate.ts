import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { editedFiles, exportMigration, migrationReport, verifyMigration, type MigrationReport } from '../../migrate/migrate.js'
import { readMigrationDir, writeMigrationDir } from '../../migrate/migration-dir.js'
import { migrationModel } from '../../migrate/model/build-model.js'
import { application } from '../../verify/decision-table.js'
import { MIGRATE_TARGETS, type MigrateTarget } from '../../migrate/targets.js'
import { quote } from '../../model/quote.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { examplesSection } from '../examples.js'
import { writeJson, type CliIo } from '../io.js'
import { loadStore } from '../load-store.js'
import { MIGRATION_FORMATS, renderMigration } from '../../migrate/render/formats.js'
import { reportFormatOption } from '../report-options.js'
import { Progress } from '../progress.js'
import type { CompareOptions } from '../../migrate/verify/compare.js'

function target(value: string | undefined): MigrateTarget {
  if (value === undefined) throw new UsageError(`migrate: give --to ${MIGRATE_TARGETS.join('|')}, the engine to migrate to`)
  const found = MIGRATE_TARGETS.find((t) => t === value)
  if (found === undefined) throw new UsageError(`migrate: --to ${quote(value)}: the targets are ${MIGRATE_TARGETS.join(', ')}`)
  return found
}

/** Runs a comparison with a progress line on a terminal (places compared). */
async function verifying<T>(io: CliIo, run: (options: CompareOptions) => Promise<T>): Promise<T> {
  const progress = new Progress(io)
  try {
    return await run({ progress: (done, total) => progress.count('comparing with the engine', done, `of ${total} places`) })
  } finally {
    progress.done()
  }
}

async function check(dir: string, storeArg: string | undefined, io: CliIo, globals: Parameters<Command['run']>[2]): Promise<MigrationReport> {
  const { manifest, files } = await readMigrationDir(dir)
  const store = storeArg ?? manifest.store
  const snapshot = await loadStore(store, io, globals.store)
  const ref = { reference: store, version: snapshot.version }
  // The model alone (what was narrowed or left out): the files compared are the folder's, not new ones.
  const model = migrationModel(snapshot.policy, ref, application(snapshot.policy, manifest.app))
  const comparison = await verifying(io, (options) => verifyMigration(snapshot.policy, ref, manifest.target, manifest.app, files, options))
  return migrationReport({ manifest: { ...manifest, store }, model }, comparison, editedFiles(manifest, files))
}

export const migrate: Command = {
  name: 'migrate',
  summary: 'export a store to Cedar, OpenFGA or Casbin, proven against azman by the real engine',
  usage: `azman migrate <store> --to cedar|openfga|casbin --out DIR [--app A] [--conditions] [--force] [--no-verify] [--json | --format F]
azman migrate --check DIR [<store>] [--json | --format F]

Writes one application of the store (--app; default its only one, else "Hyper-V services") as a
policy of the target engine into DIR (docs/migrate.md has the mapping and the limits), with
azman-migration.json naming the store version and each file's SHA-256. Nothing is ever wider than
the store: tasks and role definitions with a BizRule, LDAP-query and BizRule groups grant nothing in
the export (listed as narrowed, with the role assignments that link them). --conditions adds, for
each grant a rule decides, a placeholder marked REVIEW that still grants nothing, with the rule as a
comment: a Cedar policy with when { false }, an OpenFGA condition (its tuples in review-tuples.json,
not in the store file), commented Casbin rows.

Then, unless --no-verify, the target's own engine (Cedar: @cedar-policy/cedar-wasm; Casbin: casbin)
decides every case of the store's decision table (every SID the application names and the
well-known ones, alone, and each member with each non-member of a group; every scope and the
application level; every operation) and azman decides the same: each case they decide differently
is a disagreement, printed with azman's proof. Cases that the store and the export both treat alike
(users named in the same lists, operations in the same tasks, read from the files being checked) are
asked once and counted for all (docs/migrate.md#cases-asked-once); a progress line shows on a terminal.

--format text (default), md, html (a self-contained page, like audit's), json (the same as --json):
the report, printed.

--check DIR compares an export (as written, or as edited since: the files that changed are named)
with the store named in its manifest, or with <store>.

DIR is made if missing; one that holds anything is refused (exit 5) unless --force. Exit 0 when
there is no disagreement; 1 when there is one, or when the target cannot express the store (named,
AZMAN_ERR_MIGRATE_REFUSED); 2 for a store or export folder that cannot be read
(AZMAN_ERR_MIGRATE_EXPORT); 3 for a wrong command line. No OpenFGA engine runs in Node: --to openfga
writes the model (checked with @openfga/syntax-transformer), the tuples, and azman.fga.yaml, whose tests
assert azman's decision on every case, for fga model test.

${examplesSection(
  `azman migrate store-samples/hyperv-2008r2-delegated.xml --to cedar --out hv-cedar`,
  `azman migrate store-samples/hyperv-2008r2-delegated.xml --to casbin --out hv-casbin --json`,
  `azman migrate store-samples/hyperv-2008r2-delegated.xml --to cedar --out hv-review --conditions`,
  `azman migrate --check hv-cedar`,
  `azman migrate --check hv-cedar --format md`,
  `azman migrate store-samples/hyperv-2008r2-delegated.xml --to openfga --out hv-openfga`,
  `# then, where the fga CLI is: fga model test --tests hv-openfga/azman.fga.yaml`,
)}`,
  async run(args, io, globals) {
    const flags = {
      to: { type: 'string' },
      out: { type: 'string' },
      app: { type: 'string' },
      force: { type: 'boolean' },
      'no-verify': { type: 'boolean' },
      conditions: { type: 'boolean' },
      check: { type: 'string' },
      format: { type: 'string' },
    } as const
    const { values, positionals } = parseCommandArgs('migrate', args, flags, { min: 0, max: 1, names: '<store>' })
    const format = reportFormatOption('migrate', values.format, globals.json, MIGRATION_FORMATS)
    let report: MigrationReport
    let written: string[] = []
    if (values.check !== undefined) {
      if (values.to !== undefined || values.out !== undefined || values.conditions === true)
        throw new UsageError('migrate --check DIR: the export names its target; --to, --out and --conditions are for writing one')
      report = await check(values.check, positionals[0], io, globals)
    } else {
      const to = target(values.to)
      if (positionals[0] === undefined) throw new UsageError('migrate: give the <store> to migrate')
      if (values.out === undefined) throw new UsageError('migrate: give --out DIR, the folder to write the export to')
      const store = positionals[0]
      const snapshot = await loadStore(store, io, globals.store)
      const exported = exportMigration(snapshot.policy, { reference: store, version: snapshot.version }, to, values.app, { conditions: values.conditions === true })
      written = await writeMigrationDir(values.out, exported, values.force === true)
      const ref = { reference: store, version: snapshot.version }
      const comparison = values['no-verify'] === true ? null : await verifying(io, (options) => verifyMigration(snapshot.policy, ref, to, exported.manifest.app, exported.files, options))
      report = migrationReport(exported, comparison)
    }
    if (format === 'json') writeJson(io, { ...report, written })
    else io.stdout.write(renderMigration(report, format, written))
    return report.disagreements > 0 ? ExitCode.Negative : ExitCode.Ok
  },
}
