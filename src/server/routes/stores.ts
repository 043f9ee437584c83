import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { exportStore } from '../../views/export-json.js'
import { validationReport } from '../../views/validation-report.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { sendVersioned, viewOf } from '../replies.js'
import { ReadHeaders, StoreParams } from '../schemas/common.js'
import { History } from '../schemas/plan.js'
import { List } from '../schemas/types.js'
import { ExportedStore, StoreView, ValidationReport } from '../schemas/views.js'

const notModified = { 304: Type.Null({ description: 'Not modified' }) }

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
  app.get(
    '/stores/:store',
    {
      schema: {
        summary: 'The whole store as `azman show --json` prints it',
        tags: ['stores'],
        params: StoreParams,
        headers: ReadHeaders,
        response: { 200: Type.Ref(StoreView), ...notModified, ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      return sendVersioned(request, reply, snapshot.version, viewOf(snapshot, store.displayName))
    },
  )
  app.get(
    '/stores/:store/export',
    {
      schema: {
        summary: 'The store in the export shape (`azman export --json`)',
        tags: ['stores'],
        params: StoreParams,
        headers: ReadHeaders,
        response: { 200: Type.Ref(ExportedStore), ...notModified, ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const snapshot = await app.azman.store(request.params.store).load()
      return sendVersioned(request, reply, snapshot.version, exportStore(snapshot.policy))
    },
  )
  app.get(
    '/stores/:store/validation',
    {
      schema: {
        summary: "The store checked against AzMan's integrity rules (`azman validate --json`)",
        tags: ['stores'],
        params: StoreParams,
        headers: ReadHeaders,
        response: { 200: Type.Ref(ValidationReport), ...notModified, ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      return sendVersioned(request, reply, snapshot.version, validationReport(snapshot.policy, store.displayName))
    },
  )
  app.get(
    '/stores/:store/history',
    {
      schema: { summary: "The store's change journal (`azman history --json`)", tags: ['history'], params: StoreParams, response: { 200: Type.Ref(History), ...problems(...READ_PROBLEMS) } },
    },
    async (request) => ({ entries: await app.azman.store(request.params.store).history() }),
  )
}
