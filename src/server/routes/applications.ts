import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { versionedRead } from '../versioned-route.js'
import { applicationOf, applicationSummaries, operationOf, scopeOf } from '../../views/object-views.js'
import { viewOf } from '../replies.js'
import { AppParams, PathName, ScopeParams, StoreParams } from '../schemas/common.js'
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
  versionedRead(fastify, {
    url: '/stores/:store/applications',
    summary: 'The applications of a store',
    tags: ['applications'],
    params: StoreParams,
    response: Type.Object({ applications: List(ApplicationSummary) }, { additionalProperties: false }),
    answer: async (params) => {
      const v = await view(params.store)
      return { version: v.version, body: { applications: applicationSummaries(v) } }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/applications/:app',
    summary: 'One application with everything in it',
    tags: ['applications'],
    params: AppParams,
    response: Type.Ref(ApplicationView),
    answer: async (params) => {
      const v = await view(params.store)
      return { version: v.version, body: applicationOf(v, params.app) }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/applications/:app/operations',
    summary: 'The operations of an application, with their OperationIDs',
    tags: ['applications'],
    params: AppParams,
    response: Type.Object({ operations: List(Type.Ref(OperationView)) }, { additionalProperties: false }),
    answer: async (params) => {
      const v = await view(params.store)
      return { version: v.version, body: { operations: applicationOf(v, params.app).operations } }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/applications/:app/operations/:operation',
    summary: 'One operation, by OperationID or name',
    tags: ['applications'],
    params: Type.Object({ ...AppParams.properties, operation: PathName('operation', 'OperationID or operation name') }),
    response: Type.Ref(OperationView),
    answer: async (params) => {
      const v = await view(params.store)
      return { version: v.version, body: operationOf(v, params.app, params.operation) }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/applications/:app/scopes',
    summary: 'The scopes of an application, with everything in them',
    tags: ['scopes'],
    params: AppParams,
    response: Type.Object({ scopes: List(Type.Ref(ScopeView)) }, { additionalProperties: false }),
    answer: async (params) => {
      const v = await view(params.store)
      return { version: v.version, body: { scopes: applicationOf(v, params.app).scopes } }
    },
  })
  versionedRead(fastify, {
    url: '/stores/:store/applications/:app/scopes/:scope',
    summary: 'One scope with everything in it',
    tags: ['scopes'],
    params: ScopeParams,
    response: Type.Ref(ScopeView),
    answer: async (params) => {
      const v = await view(params.store)
      return { version: v.version, body: scopeOf(v, params.app, params.scope) }
    },
  })
}
