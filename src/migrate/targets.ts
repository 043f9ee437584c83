import { casbinEngine } from './casbin/casbin-engine.js'
import { exportCasbin } from './casbin/export-casbin.js'
import { cedarEngine } from './cedar/cedar-engine.js'
import { exportCedar } from './cedar/export-cedar.js'
import { MigrateExportError } from '../errors/migrate-errors.js'
import type { MigrationModel } from './model/migration-model.js'
import type { MigrationEngine } from './verify/engine.js'
import { exportOpenFga, OPENFGA_FILES, type FgaCase } from './openfga/export-openfga.js'

/** The policy engines azman migrates a store to. */
export const MIGRATE_TARGETS = ['cedar', 'openfga', 'casbin'] as const
export type MigrateTarget = (typeof MIGRATE_TARGETS)[number]

/** How an export is written. */
export interface ExportOptions {
  /** Placeholders (granting nothing, marked for review) for the grants a BizRule or an LDAP query decides. */
  readonly conditions?: boolean
}

/** An export's files: name to text. */
export type MigrationFiles = Readonly<Record<string, string>>

/** A target: the files it writes, and its engine (none runs here for OpenFGA). */
export interface Target {
  readonly name: MigrateTarget
  readonly files: readonly string[]
  /** Files of `files` that exports of earlier versions lack: `--check` reads them only when the manifest lists them. */
  readonly since?: readonly string[]
  /**
   * The files; `cases` gives azman's decisions for a target that carries them as assertions (OpenFGA);
   * `options.conditions` adds the placeholders of the grants a rule decides.
   */
  write(model: MigrationModel, cases: () => readonly FgaCase[], options: ExportOptions): MigrationFiles
  /** The engine on (possibly edited) files; undefined when no engine of the target runs in Node. */
  engine(files: MigrationFiles, app: string): Promise<MigrationEngine> | undefined
}

function pick<K extends string>(files: MigrationFiles, names: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>
  for (const name of names) {
    const text = files[name]
    if (text === undefined) throw new MigrateExportError(`the export has no ${name}`)
    out[name] = text
  }
  return out
}

const CEDAR_FILES = ['schema.cedarschema', 'policies.cedar', 'entities.json'] as const
const CASBIN_FILES = ['model.conf', 'policy.csv'] as const

export const TARGETS: Readonly<Record<MigrateTarget, Target>> = {
  cedar: {
    name: 'cedar',
    files: CEDAR_FILES,
    write: (model, _cases, options) => ({ ...exportCedar(model, options) }),
    // async: a file that cannot be read rejects, as Casbin's does, rather than throwing.
    engine: async (files, app) => cedarEngine(pick(files, CEDAR_FILES), app),
  },
  casbin: {
    name: 'casbin',
    files: CASBIN_FILES,
    write: (model, _cases, options) => ({ ...exportCasbin(model, options) }),
    engine: (files) => casbinEngine(pick(files, CASBIN_FILES)),
  },
  openfga: {
    name: 'openfga',
    files: OPENFGA_FILES,
    since: ['review-tuples.json'],
    write: (model, cases, options) => ({ ...exportOpenFga(model, cases(), options) }),
    // The OpenFGA server is a Go program: no engine of it runs here (docs/migrate.md#openfga).
    engine: () => undefined,
  },
}
