import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { versionedRead } from '../versioned-route.js'
import { AtParam, snapshotOf } from '../at-query.js'
import { checkAccess, makeToken, WHY_NOT_DEFAULT, WHY_NOT_MAX } from '../../access/index.js'
import { accessMatrix } from '../../access/queries/matrix.js'
import { whatCan } from '../../access/queries/what-can.js'
import { whoCan } from '../../access/queries/who-can.js'
import { tokenSid } from '../../change-set/principals.js'
import { diffStores } from '../../diff/store-diff.js'
import { reportMeta } from '../../report/report-meta.js'
import { UsageError } from '../../errors/usage-error.js'
import type { PolicyStore } from '../../model/policy.js'
import { subjectToken, type SubjectToken } from '../../principals/account-token.js'
import { withDirectory } from '../../principals/directory-scope.js'
import { withSidNames } from '../../views/sid-names.js'
import { accessIndexOf, sendVersioned } from '../replies.js'
import { appPlace, placeRoute, problems, READ_PROBLEMS } from '../route-kit.js'
import { CheckResult, DiffSchema, MatrixSchema, WhatCanSchema, WhoCanSchema } from '../schemas/access.js'
import { AppParams, ReadHeaders, StoreName } from '../schemas/common.js'
import { List } from '../schemas/types.js'

const sids = List(Type.String({ minLength: 1 }), { minItems: 1, description: 'A SID of the token, or a well-known name (Everyone, BUILTIN\\Administrators); repeat it. The list is the whole token.' })
const account = Type.String({
  minLength: 1,
  description:
    'An account (DOMAIN\\name, name@upn.suffix, a well-known name or a SID): with the service\'s directory, its token as Windows builds it at logon (its SID, its transitive groups, Everyone, Authenticated Users), added to the "sid" values',
})
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
 * The token of a check or what-can query: the `sid` values and the
 * `account`'s token through the service's directory for the store (only
 * connected when an account is given).
 */
async function queryToken(
  fastify: FastifyInstance,
  store: string,
  policy: PolicyStore,
  query: { readonly sid?: readonly string[] | undefined; readonly account?: string | undefined; readonly withWellKnown?: boolean | undefined },
): Promise<SubjectToken> {
  const sids = (query.sid ?? []).map(querySid)
  const table = fastify.azman.config.names
  const options = { withWellKnown: query.withWellKnown === true, ...(table === undefined ? {} : { table }) }
  if (query.account === undefined) {
    if (sids.length === 0) throw new UsageError('give the token with "sid" (repeat it for each SID) or "account"')
    // SIDs alone: the directory is not asked; the names file names them.
    return subjectToken(undefined, policy, sids, undefined, options)
  }
  const name = query.account
  return withDirectory(fastify.azman.directory(store), (directory) => subjectToken(directory, policy, sids, name, options))
}

/** What a token answer adds when the token holds only what was given: the note saying so. */
function noteOf(token: SubjectToken): { tokenNote?: string } {
  return token.tokenNote === undefined ? {} : { tokenNote: token.tokenNote }
}

const withWellKnown = Type.Boolean({ description: 'Add Everyone, Authenticated Users and Users (S-1-1-0, S-1-5-11, S-1-5-32-545) to the token, as a logged-on user has them' })

const WhatCanQuery = Type.Object(
  { sid: Type.Optional(sids), account: Type.Optional(account), withWellKnown: Type.Optional(withWellKnown), at: Type.Optional(AtParam) },
  { additionalProperties: false },
)

/** What a token answer adds for an account: the account as the directory resolved it. */
function accountOf(token: SubjectToken): { account?: { sid: string; name: string } } {
  return token.account === undefined ? {} : { account: { sid: token.account.sid, name: token.account.name } }
}

/** The query of `GET .../access` (azman check). */
const CheckQuery = Type.Object(
  {
    sid: Type.Optional(sids),
    account: Type.Optional(account),
    withWellKnown: Type.Optional(withWellKnown),
    operation: operations,
    explain: Type.Optional(Type.Boolean({ description: 'With the proof of each decision (default true, as azman check); false: decisions only, faster' })),
    whyNot: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: WHY_NOT_MAX,
        description: `For each operation not granted, its nearest misses, at most this many, with a count of the rest (default ${WHY_NOT_DEFAULT}, as azman check; with explain=false, 0); 0: none`,
      }),
    ),
    at: Type.Optional(AtParam),
  },
  { additionalProperties: false },
)

/**
 * Access questions, answered as AccessCheck would (`azman check`, `who-can`,
 * `what-can`, `matrix`), with proofs; and `azman diff` between two stores
 * (auditor). Negative answers are answers: 200, with the decision in the body.
 */
export async function accessRoutes(fastify: FastifyInstance): Promise<void> {
  placeRoute(fastify, {
    method: 'GET',
    levels: ['app', 'scope'],
    path: '/access',
    query: CheckQuery,
    access: 'reader',
    summary: 'Check access for a token: granted, conditional or denied per operation, with the proof',
    tags: ['access'],
    response: Type.Ref(CheckResult),
    handler: async ({ request, reply, params, query }) => {
      const snapshot = await snapshotOf(fastify, params.store, query.at)
      const index = accessIndexOf(snapshot, appPlace(params).app)
      const token = await queryToken(fastify, params.store, snapshot.policy, query)
      const checked = checkAccess(index, {
        scope: params.scope,
        sids: token.sids,
        operations: [...query.operation],
        explain: query.explain !== false,
        whyNot: query.whyNot ?? (query.explain === false ? 0 : WHY_NOT_DEFAULT),
        ...(token.groupOutcomes === undefined ? {} : { groupOutcomes: token.groupOutcomes }),
      })
      const results = withSidNames(checked, token.names)
      return sendVersioned(request, reply, snapshot.version, {
        application: index.application.name,
        scope: index.where(params.scope).scopeName ?? null,
        ...accountOf(token),
        sids: token.sids,
        ...noteOf(token),
        results,
      })
    },
  })
  placeRoute(fastify, {
    method: 'GET',
    levels: ['app', 'scope'],
    path: '/who-can',
    query: Type.Object({ operation: Type.String({ minLength: 1, description: 'An OperationID or operation name' }), at: Type.Optional(AtParam) }, { additionalProperties: false }),
    access: 'reader',
    summary: 'Who is granted (or conditionally granted) an operation, with the paths',
    tags: ['access'],
    response: Type.Ref(WhoCanSchema),
    handler: async ({ request, reply, params, query }) => {
      const snapshot = await snapshotOf(fastify, params.store, query.at)
      const index = accessIndexOf(snapshot, appPlace(params).app)
      return sendVersioned(request, reply, snapshot.version, {
        application: index.application.name,
        ...withSidNames(whoCan(index, index.where(params.scope), index.operation(query.operation)), fastify.azman.config.names?.names),
      })
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
        querystring: WhatCanQuery,
        headers: ReadHeaders,
        response: { 200: Type.Ref(WhatCanSchema), 304: Type.Null(), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request, reply) => {
      const snapshot = await snapshotOf(fastify, request.params.store, request.query.at)
      const index = accessIndexOf(snapshot, request.params.app)
      const token = await queryToken(fastify, request.params.store, snapshot.policy, request.query)
      const scopes = withSidNames(whatCan(index, makeToken(token.sids, token.groupOutcomes)), token.names)
      return sendVersioned(request, reply, snapshot.version, { application: index.application.name, ...accountOf(token), sids: token.sids, ...noteOf(token), scopes })
    },
  )
  versionedRead(fastify, {
    url: '/stores/:store/applications/:app/matrix',
    summary: 'Role assignments x operations, per scope: certain, conditional or nothing',
    tags: ['access'],
    params: AppParams,
    response: Type.Ref(MatrixSchema),
    at: true,
    answer: async (params, at) => {
      const snapshot = await snapshotOf(fastify, params.store, at)
      const report = reportMeta({ stores: [{ ref: fastify.azman.store(params.store).displayName, version: snapshot.version }] })
      return { version: snapshot.version, body: { report, ...withSidNames(accessMatrix(accessIndexOf(snapshot, params.app)), fastify.azman.config.names?.names) } }
    },
  })
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
      const report = reportMeta({
        stores: [
          { ref: a.displayName, version: before.version },
          { ref: b.displayName, version: after.version },
        ],
      })
      return { report, storeA: a.displayName, storeB: b.displayName, ...withSidNames(diffStores(before.policy, after.policy), fastify.azman.config.names?.names) }
    },
  )
}
