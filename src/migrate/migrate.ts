import { Type, type Static } from '@sinclair/typebox'
import { createHash } from 'node:crypto'
import type { PolicyStore } from '../model/policy.js'
import { azmanVersion } from '../report/azman-version.js'
import { application } from '../verify/decision-table.js'
import type { FgaCase } from './openfga/export-openfga.js'
import { MigrateRefusedError } from '../errors/migrate-errors.js'
import { MIGRATION_FORMAT, type MigrationManifest } from './migration-manifest.js'
import { migrationModel } from './model/build-model.js'
import type { MigrationModel, Narrowed, Untranslated } from './model/migration-model.js'
import { MIGRATE_TARGETS, TARGETS, type ExportOptions, type MigrateTarget, type MigrationFiles } from './targets.js'
import { compareWithEngine, forEachTableCase, type CompareOptions, type Comparison, type Disagreement } from './verify/compare.js'

/** The store a migration reads: how it was named and its version. */
export interface MigrationStore {
  readonly reference: string
  readonly version: string
}

/** What `azman migrate` reports (docs/migrate.md): the counts, what was narrowed or left out, each disagreement with azman's proof. */
export interface MigrationReport {
  readonly target: MigrateTarget
  readonly store: string
  readonly version: string
  readonly app: string
  /** The engine that decided (`cedar`, `casbin`); null when none ran (`--no-verify`). */
  readonly engine: string | null
  readonly cases: number
  /** Decisions asked of each side: cases that both treat alike are asked once (docs/migrate.md#speed). */
  readonly asked: number
  readonly agreed: number
  readonly narrower: number
  readonly disagreements: number
  readonly untranslated: readonly Untranslated[]
  readonly narrowed: readonly Narrowed[]
  readonly shown: readonly Disagreement[]
  /** For `--check`: the files whose SHA-256 differs from the manifest's (edited since the export). */
  readonly edited: readonly string[]
}

/** An export: the files, the manifest that goes with them, and the model they were written from. */
export interface MigrationExport {
  readonly files: MigrationFiles
  readonly manifest: MigrationManifest
  readonly model: MigrationModel
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * One application of a store written for a target (docs/migrate.md): never wider than the store
 * (BizRules and LDAP queries grant nothing), with a manifest naming the store version and each
 * file's SHA-256.
 * @throws MigrateRefusedError when the target cannot express something of the store (named)
 */
export function exportMigration(policy: PolicyStore, store: MigrationStore, target: MigrateTarget, appName?: string, options: ExportOptions = {}): MigrationExport {
  const app = application(policy, appName)
  const model = migrationModel(policy, store, app)
  let files: MigrationFiles
  try {
    files = TARGETS[target].write(model, () => azmanCases(policy, store, app.name), options)
  } catch (e) {
    if (e instanceof RangeError) throw new MigrateRefusedError(`${target}: ${e.message} (a name of application ${JSON.stringify(app.name)})`)
    throw e
  }
  const manifest: MigrationManifest = {
    format: MIGRATION_FORMAT,
    target,
    store: store.reference,
    version: store.version,
    app: app.name,
    azman: azmanVersion(),
    ...(options.conditions === true ? { conditions: true } : {}),
    files: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256(text)])),
  }
  return { files, manifest, model }
}

/**
 * The comparison of an export's files (as written, or as edited since) with the store: the
 * target's real engine against azman over the whole decision table; null when the target has no
 * engine that runs here.
 */
export async function verifyMigration(policy: PolicyStore, store: MigrationStore, target: MigrateTarget, app: string, files: MigrationFiles, options: CompareOptions = {}): Promise<Comparison | null> {
  const engine = await TARGETS[target].engine(files, app)
  return engine === undefined ? null : compareWithEngine(policy, store, app, engine, options)
}

/** The most cases of the decision table a REST request compares (a few seconds of Cedar's decisions); the CLI is bounded by the decisions it asks (MAX_ASKED). */
export const MAX_REST_CASES = 20_000

/** `POST /stores/{store}/migrations`: the target, the application, whether to compare. The schema is its type, validator and OpenAPI shape. */
export const MigrateRequestSchema = Type.Object(
  {
    to: Type.Union(
      MIGRATE_TARGETS.map((t) => Type.Literal(t)),
      { description: 'The engine to migrate to' },
    ),
    app: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The application; default the store\'s only one, else "Hyper-V services"' })),
    conditions: Type.Optional(Type.Boolean({ description: 'Placeholders, granting nothing and marked for review, for the grants a BizRule or an LDAP query decides (default false)' })),
    verify: Type.Optional(Type.Boolean({ description: `Compare with the engine (default true; at most ${MAX_REST_CASES} cases over REST)` })),
  },
  { additionalProperties: false },
)
export type MigrateRequest = Static<typeof MigrateRequestSchema>

/** The export and its report in one call, as the REST route answers it (nothing is written to disk). */
export async function migrateInMemory(policy: PolicyStore, store: MigrationStore, request: MigrateRequest, maxCases: number = MAX_REST_CASES): Promise<MigrationExport & { report: MigrationReport }> {
  const exported = exportMigration(policy, store, request.to, request.app, { conditions: request.conditions === true })
  const comparison = request.verify === false ? null : await verifyMigration(policy, store, request.to, exported.manifest.app, exported.files, { maxCases })
  return { ...exported, report: migrationReport(exported, comparison) }
}

/**
 * azman's decision on every case of the store's decision table, as OpenFGA assertions take them:
 * allowed only when granted for certain (a conditional case is asserted denied: the export grants
 * nothing there).
 */
export function azmanCases(policy: PolicyStore, store: MigrationStore, app: string): FgaCase[] {
  const out: FgaCase[] = []
  forEachTableCase(policy, store, app, ({ token, scope, op, azman }) => out.push({ sids: token.sids, scope, operationId: op.id, allowed: azman === 'granted' }))
  return out
}

/** The report of an export (and of its comparison, when one ran). */
export function migrationReport(exported: Pick<MigrationExport, 'manifest' | 'model'>, comparison: Comparison | null, edited: readonly string[] = []): MigrationReport {
  const { manifest, model } = exported
  return {
    target: manifest.target,
    store: manifest.store,
    version: model.version,
    app: manifest.app,
    engine: comparison?.engine ?? null,
    cases: comparison?.cases ?? 0,
    asked: comparison?.asked ?? 0,
    agreed: comparison?.agreed ?? 0,
    narrower: comparison?.narrower ?? 0,
    disagreements: comparison?.disagreements ?? 0,
    untranslated: model.untranslated,
    narrowed: model.narrowed,
    shown: comparison?.shown ?? [],
    edited,
  }
}

/** The files of a checked export whose text is not what the manifest recorded. */
export function editedFiles(manifest: MigrationManifest, files: MigrationFiles): string[] {
  return Object.entries(manifest.files)
    .filter(([name, hash]) => files[name] === undefined || sha256(files[name] ?? '') !== hash)
    .map(([name]) => name)
}
