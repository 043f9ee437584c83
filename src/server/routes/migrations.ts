import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { migrateInMemory, MigrateRequestSchema } from '../../migrate/migrate.js'
import { MigrationManifestSchema } from '../../migrate/migration-manifest.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { List } from '../schemas/types.js'

const Place = Type.Union([Type.String(), Type.Null()], { description: 'A scope; null: the application level' })

const MigrationResponse = Type.Object(
  {
    manifest: MigrationManifestSchema,
    files: Type.Record(Type.String(), Type.String(), { description: "The export's files by name (as azman migrate writes them into --out)" }),
    report: Type.Object(
      {
        target: Type.String(),
        store: Type.String(),
        version: Type.String(),
        app: Type.String(),
        engine: Type.Union([Type.String(), Type.Null()], { description: 'The engine that decided; null when verify was false' }),
        cases: Type.Integer(),
        asked: Type.Integer({ description: 'Decisions asked of each engine: cases the store and the export treat alike are asked once' }),
        agreed: Type.Integer(),
        narrower: Type.Integer(),
        disagreements: Type.Integer(),
        untranslated: List(Type.Object({ object: Type.String(), reason: Type.String() })),
        narrowed: List(
          Type.Object({
            kind: Type.String(),
            name: Type.String(),
            scope: Place,
            reason: Type.String(),
            language: Type.Optional(Type.String()),
            size: Type.Integer(),
            grants: List(Type.String()),
          }),
        ),
        shown: List(
          Type.Object({
            sids: List(Type.String()),
            scope: Place,
            operation: Type.Integer(),
            operationName: Type.String(),
            azman: Type.String(),
            engine: Type.String(),
            because: List(Type.Unknown(), { description: "azman's proof, as POST /access/check explains it" }),
          }),
        ),
        edited: List(Type.String()),
      },
      { description: 'As azman migrate --json prints it' },
    ),
  },
  { additionalProperties: false },
)

/** `azman migrate` over REST (auditor): the export and its comparison with the real engine, in the answer; nothing is written. */
export async function migrationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/migrations',
    {
      config: { access: 'auditor' },
      schema: {
        summary: 'Export an application of the store to Cedar or Casbin and compare every case with the real engine (azman migrate --json); 200 whether or not they agree: read disagreements',
        tags: ['migrate'],
        params: StoreParams,
        body: MigrateRequestSchema,
        response: { 200: MigrationResponse, ...problems(...READ_PROBLEMS) },
      },
    },
    async (request) => {
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      const made = await migrateInMemory(snapshot.policy, { reference: store.displayName, version: snapshot.version }, request.body)
      return { manifest: made.manifest, files: made.files, report: made.report }
    },
  )
}
