import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { decisionTable } from '../../verify/decision-table.js'
import { verifyReport, VerifyResultsSchema } from '../../verify/verify-report.js'
import { verifyScript } from '../../verify/verify-script.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { List } from '../schemas/types.js'

const AppQuery = Type.Object(
  { app: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The application; default the store\'s only one, else "Hyper-V services"' })) },
  { additionalProperties: false },
)

const ScriptResponse = Type.Object(
  {
    script: Type.String({ description: 'The PowerShell 5.1 script (ASCII): save it as a .ps1 file and run it on Windows (docs/verify-script.md)' }),
    sha256: Type.String(),
    table: Type.String({ description: 'The SHA-256 of its decision table, which the results name' }),
    cases: Type.Integer(),
  },
  { additionalProperties: false },
)

const ReportResponse = Type.Object(
  {
    store: Type.String(),
    app: Type.String(),
    table: Type.String(),
    cases: Type.Integer(),
    agreed: Type.Integer(),
    conditional: Type.Integer(),
    missing: Type.Integer(),
    mismatchCount: Type.Integer(),
    errors: List(Type.Object({ sids: List(Type.String()), scope: Type.Union([Type.String(), Type.Null()]), operation: Type.Optional(Type.Integer()), error: Type.String() })),
    mismatches: List(
      Type.Object({
        sids: List(Type.String()),
        scope: Type.Union([Type.String(), Type.Null()]),
        operation: Type.Integer(),
        azman: Type.Union([Type.Literal('allowed'), Type.Literal('denied')], { description: 'What the AzMan runtime answered' }),
        azmanEmulator: Type.String({ description: "azman's decision" }),
        because: List(Type.Unknown(), { description: "azman's proof, as POST /access/check explains it" }),
      }),
    ),
  },
  { description: 'As azman verify-report --json prints it' },
)

/** `azman verify-script` and `azman verify-report` over REST (auditor): proof of azman's decisions against the real AzMan. */
export async function verifyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/verify-scripts',
    {
      config: { access: 'auditor' },
      schema: {
        summary: "Write the PowerShell script that asks the real AzMan runtime every case of the store's decision table (azman verify-script --json)",
        tags: ['verify'],
        params: StoreParams,
        querystring: AppQuery,
        response: { 200: ScriptResponse, ...problems(...READ_PROBLEMS) },
      },
    },
    async (request) => {
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      const script = verifyScript(decisionTable(snapshot.policy, { reference: store.displayName, version: snapshot.version }, request.query.app))
      return { script: script.text, sha256: script.sha256, table: script.tableSha256, cases: script.cases }
    },
  )
  app.post(
    '/stores/:store/verify-reports',
    {
      config: { access: 'auditor' },
      schema: {
        summary: "Compare a verify script's results (the real AzMan's answers) with azman's decisions (azman verify-report --json); 200 whether or not they agree: read mismatchCount",
        tags: ['verify'],
        params: StoreParams,
        querystring: AppQuery,
        body: VerifyResultsSchema,
        response: { 200: ReportResponse, ...problems(...READ_PROBLEMS, 413) },
      },
    },
    async (request) => {
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      return verifyReport(snapshot.policy, { reference: store.displayName, version: snapshot.version }, JSON.stringify(request.body), 'the results', request.query.app)
    },
  )
}
