import { Type, type Static } from '@sinclair/typebox'
import { MIGRATE_TARGETS } from './targets.js'

/** The format of the manifest an export writes beside its files. */
export const MIGRATION_FORMAT = 'azman-migration/1'
/** The manifest's file name in an export's folder. */
export const MANIFEST_FILE = 'azman-migration.json'

/** What `azman migrate --check DIR` reads back: the export's target, the store it came from, its files' SHA-256 as written. */
export const MigrationManifestSchema = Type.Object(
  {
    format: Type.Literal(MIGRATION_FORMAT),
    target: Type.Union(
      MIGRATE_TARGETS.map((t) => Type.Literal(t)),
      { description: 'The target engine' },
    ),
    store: Type.String({ minLength: 1, maxLength: 4096, description: 'The store, as it was named (a path or an msldap:// URL)' }),
    version: Type.String({ maxLength: 256, description: 'The store version exported' }),
    app: Type.String({ minLength: 1, maxLength: 1024 }),
    azman: Type.String({ maxLength: 64, description: "azman's version" }),
    conditions: Type.Optional(Type.Boolean({ description: 'Written with --conditions: placeholders, granting nothing, for the grants a rule decides' })),
    files: Type.Record(Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }), Type.String({ pattern: '^[0-9a-f]{64}$' }), { description: 'Each file written, with its SHA-256 then' }),
  },
  { additionalProperties: false },
)
export type MigrationManifest = Static<typeof MigrationManifestSchema>
