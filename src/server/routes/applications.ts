import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { applicationOf, applicationSummaries, operationOf, scopeOf } from '../../views/object-views.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { sendVersioned, viewOf } from '../replies.js'
import { AppParams, PathName, ReadHeaders, ScopeParams, StoreParams } from '../schemas/common.js'
import { List } from '../schemas/types.js'
import { ApplicationSummary, ApplicationView, OperationView, ScopeView } from '../schemas/views.js'

/** Applications, their operations and scopes: parts of the show view. */
export async function applicationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const view = async (name: string) => {
    const store = app.azman.store(name)
    const snapshot = await store.load()
    return viewOf(snapshot, store.displayName)
  }
  app.get(
    '/stores/:store/applications',
    {
      schema: {
        summary: 'The applications of a store',
        tags: ['applications'],
        params: StoreParams,
        headers: ReadHeaders,
        response: { 200: Type.Object({ applications: List(ApplicationSummary) }, { additionalProperties: false }), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const v = await view(request.params.store)
      return sendVersioned(request, reply, v.version, { applications: applicationSummaries(v) })
    },
  )
  app.get(
    '/stores/:store/applications/:app',
    {
      schema: {
        summary: 'One application with everything in it',
        tags: ['applications'],
        params: AppParams,
        headers: ReadHeaders,
        response: { 200: Type.Ref(ApplicationView), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const v = await view(request.params.store)
      return sendVersioned(request, reply, v.version, applicationOf(v, request.params.app))
    },
  )
  app.get(
    '/stores/:store/applications/:app/operations',
    {
      schema: {
        summary: 'The operations of an application, with their OperationIDs',
        tags: ['applications'],
        params: AppParams,
        headers: ReadHeaders,
        response: { 200: Type.Object({ operations: List(Type.Ref(OperationView)) }, { additionalProperties: false }), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const v = await view(request.params.store)
      return sendVersioned(request, reply, v.version, { operations: applicationOf(v, request.params.app).operations })
    },
  )
  app.get(
    '/stores/:store/applications/:app/operations/:operation',
    {
      schema: {
        summary: 'One operation, by OperationID or name',
        tags: ['applications'],
        params: Type.Object({ ...AppParams.properties, operation: PathName('operation', 'OperationID or operation name') }),
        headers: ReadHeaders,
        response: { 200: Type.Ref(OperationView), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const v = await view(request.params.store)
      return sendVersioned(request, reply, v.version, operationOf(v, request.params.app, request.params.operation))
    },
  )
  app.get(
    '/stores/:store/applications/:app/scopes',
    {
      schema: {
        summary: 'The scopes of an application, with everything in them',
        tags: ['scopes'],
        params: AppParams,
        headers: ReadHeaders,
        response: { 200: Type.Object({ scopes: List(Type.Ref(ScopeView)) }, { additionalProperties: false }), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const v = await view(request.params.store)
      return sendVersioned(request, reply, v.version, { scopes: applicationOf(v, request.params.app).scopes })
    },
  )
  app.get(
    '/stores/:store/applications/:app/scopes/:scope',
    {
      schema: {
        summary: 'One scope with everything in it',
        tags: ['scopes'],
        params: ScopeParams,
        headers: ReadHeaders,
        response: { 200: Type.Ref(ScopeView), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const v = await view(request.params.store)
      return sendVersioned(request, reply, v.version, scopeOf(v, request.params.app, request.params.scope))
    },
  )
}
