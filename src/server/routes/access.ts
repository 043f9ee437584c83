import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { checkAccess, makeToken } from '../../access/index.js'
import { accessMatrix } from '../../access/queries/matrix.js'
import { whatCan } from '../../access/queries/what-can.js'
import { whoCan } from '../../access/queries/who-can.js'
import { tokenSid } from '../../change-set/principals.js'
import { diffStores } from '../../diff/store-diff.js'
import { accessIndexOf, sendVersioned } from '../replies.js'
import { appPlace, placeRoute, problems, READ_PROBLEMS } from '../route-kit.js'
import { CheckResult, DiffSchema, MatrixSchema, WhatCanSchema, WhoCanSchema } from '../schemas/access.js'
import { AppParams, ReadHeaders, StoreName } from '../schemas/common.js'
import { List } from '../schemas/types.js'

const sids = List(Type.String({ minLength: 1 }), { minItems: 1, description: 'A SID of the token, or a well-known name (Everyone, BUILTIN\\Administrators); repeat it. The list is the whole token.' })
const operations = List(Type.String({ minLength: 1 }), { minItems: 1, description: 'An OperationID or operation name; repeat it' })

/** SIDs as {@link tokenSid} read them, by the text sent: clients ask about the same few principals again and again. */
const knownSids = new Map<string, string>()
const KNOWN_SIDS_MAX = 4096

/** {@link tokenSid} of a query's `sid`, remembered (valid ones only; forgotten all at once when too many). */
function querySid(text: string): string {
  let sid = knownSids.get(text)
  if (sid === undefined) {
    sid = tokenSid(text, 'sid')
    if (knownSids.size >= KNOWN_SIDS_MAX) knownSids.clear()
    knownSids.set(text, sid)
  }
  return sid
}

/**
 * Access questions, answered as AccessCheck would (`azman check`, `who-can`,
 * `what-can`, `matrix`), with proofs; and `azman diff` between two stores
 * (auditor). Negative answers are answers: 200, with the decision in the body.
 */
export async function accessRoutes(fastify: FastifyInstance): Promise<void> {
  const snapshotOf = async (name: string) => fastify.azman.store(name).load()
  placeRoute(fastify, {
    method: 'GET',
    levels: ['app', 'scope'],
    path: '/access',
    query: Type.Object(
      { sid: sids, operation: operations, explain: Type.Optional(Type.Boolean({ description: 'With the proof of each decision (default true, as azman check); false: decisions only, faster' })) },
      { additionalProperties: false },
    ),
    access: 'reader',
    summary: 'Check access for a token: granted, conditional or denied per operation, with the proof',
    tags: ['access'],
    response: Type.Ref(CheckResult),
    handler: async ({ request, reply, params, query }) => {
      const token = query.sid.map(querySid)
      const snapshot = await fastify.azman.store(params.store).load()
      const index = accessIndexOf(snapshot, appPlace(params).app)
      const results = checkAccess(index, { scope: params.scope, sids: token, operations: [...query.operation], explain: query.explain !== false })
      return sendVersioned(request, reply, snapshot.version, { application: index.application.name, scope: index.where(params.scope).scopeName ?? null, sids: token, results })
    },
  })
  placeRoute(fastify, {
    method: 'GET',
    levels: ['app', 'scope'],
    path: '/who-can',
    query: Type.Object({ operation: Type.String({ minLength: 1, description: 'An OperationID or operation name' }) }, { additionalProperties: false }),
    access: 'reader',
    summary: 'Who is granted (or conditionally granted) an operation, with the paths',
    tags: ['access'],
    response: Type.Ref(WhoCanSchema),
    handler: async ({ request, reply, params, query }) => {
      const snapshot = await snapshotOf(params.store)
      const index = accessIndexOf(snapshot, appPlace(params).app)
      return sendVersioned(request, reply, snapshot.version, { application: index.application.name, ...whoCan(index, index.where(params.scope), index.operation(query.operation)) })
    },
  })
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/stores/:store/applications/:app/what-can',
    {
      schema: {
        summary: 'What a token may do, per scope, with the role assignments that give it',
        tags: ['access'],
        params: AppParams,
        querystring: Type.Object({ sid: sids }, { additionalProperties: false }),
        headers: ReadHeaders,
        response: { 200: Type.Ref(WhatCanSchema), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const token = request.query.sid.map(querySid)
      const snapshot = await snapshotOf(request.params.store)
      const index = accessIndexOf(snapshot, request.params.app)
      return sendVersioned(request, reply, snapshot.version, { application: index.application.name, sids: token, scopes: whatCan(index, makeToken(token)) })
    },
  )
  app.get(
    '/stores/:store/applications/:app/matrix',
    {
      schema: {
        summary: 'Role assignments x operations, per scope: certain, conditional or nothing',
        tags: ['access'],
        params: AppParams,
        headers: ReadHeaders,
        response: { 200: Type.Ref(MatrixSchema), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const snapshot = await snapshotOf(request.params.store)
      return sendVersioned(request, reply, snapshot.version, accessMatrix(accessIndexOf(snapshot, request.params.app)))
    },
  )
  app.get(
    '/stores/:store/diff/:other',
    {
      config: { access: 'auditor' },
      schema: {
        summary: 'Object changes from this store to another, and who gains or loses which operation (auditor)',
        tags: ['audit'],
        params: Type.Object({ store: StoreName, other: StoreName }),
        response: { 200: Type.Ref(DiffSchema), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request) => {
      const a = fastify.azman.store(request.params.store)
      const b = fastify.azman.store(request.params.other)
      const [before, after] = [await a.load(), await b.load()]
      return { storeA: a.displayName, storeB: b.displayName, ...diffStores(before.policy, after.policy) }
    },
  )
}
