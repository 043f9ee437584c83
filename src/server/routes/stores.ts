import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { versionedRead } from '../versioned-route.js'
import { exportStore } from '../../views/export-json.js'
import { validationReport } from '../../views/validation-report.js'
import { withSummary } from '../../views/history-lines.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { viewOf } from '../replies.js'
import { snapshotOf } from '../at-query.js'
import { StoreParams } from '../schemas/common.js'
import { History } from '../schemas/plan.js'
import { List } from '../schemas/types.js'
import { ExportedStore, StoreView, ValidationReport } from '../schemas/views.js'

const notModified = Type.Null({ description: 'Not modified' })

/** The stores and what `azman show`, `export`, `validate` and `history` print. */
export async function storeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/stores',
    {
      schema: {
        summary: 'The stores this server serves',
        tags: ['stores'],
        response: { 200: Type.Object({ stores: List(Type.Object({ name: Type.String() }, { additionalProperties: false })) }, { additionalProperties: false }), ...problems(401, 403, 429, 500) },
      },
    },
    async () => ({ stores: app.azman.storeNames.map((name) => ({ name })) }),
  )
  versionedRead(fastify, {
    url: '/stores/:store',
    summary: 'The whole store as `azman show --json` prints it (`?at=`: as it was then)',
    tags: ['stores'],
    params: StoreParams,
    response: Type.Ref(StoreView),
    notModified,
    at: true,
    answer: async (params, at) => {
      const store = app.azman.store(params.store)
      const snapshot = await snapshotOf(fastify, params.store, at)
      return { version: snapshot.version, body: viewOf(snapshot, store.displayName) }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/export',
    summary: 'The store in the export shape (`azman export --json`)',
    tags: ['stores'],
    params: StoreParams,
    response: Type.Ref(ExportedStore),
    notModified,
    answer: async (params) => {
      const snapshot = await app.azman.store(params.store).load()
      return { version: snapshot.version, body: exportStore(snapshot.policy) }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/validation',
    summary: "The store checked against AzMan's integrity rules (`azman validate --json`)",
    tags: ['stores'],
    params: StoreParams,
    response: Type.Ref(ValidationReport),
    notModified,
    answer: async (params) => {
      const store = app.azman.store(params.store)
      const snapshot = await store.load()
      return { version: snapshot.version, body: validationReport(snapshot.policy, store.displayName) }
    },
  })
  app.get(
    '/stores/:store/history',
    {
      schema: { summary: "The store's change journal (`azman history --json`)", tags: ['history'], params: StoreParams, response: { 200: Type.Ref(History), ...problems(...READ_PROBLEMS) } },
    },
    async (request) => ({ entries: (await app.azman.store(request.params.store).history()).map((e) => withSummary(e, app.azman.config.names?.names)) }),
  )
}
