import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { parseTestFile } from '../../policy-tests/parse-test-file.js'
import { runPolicyTests } from '../../policy-tests/run-tests.js'
import { INLINE_ONLY } from '../../policy-tests/template-source.js'
import { redactStoreRef } from '../../report/redact-ref.js'
import { sendVersioned } from '../replies.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { TestFileBody, TestRunSchema } from '../schemas/policy-tests.js'

/** How the body is named in messages and results. */
const SOURCE = 'request'

/**
 * `azman test` over REST (auditor: a test may audit): the body is a test file
 * as JSON; audit tests name shipped templates or give them inline (never a
 * file). A bad file is a 400 naming the JSON path; the answer says per test
 * whether it passed, with the proof of each failure.
 */
export async function policyTestRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/tests',
    {
      config: { access: 'auditor' },
      schema: {
        summary: 'Run policy tests (a test file, azman-tests/1) against the store',
        tags: ['audit'],
        params: StoreParams,
        body: TestFileBody,
        response: { 200: TestRunSchema, ...problems(...READ_PROBLEMS, 413) },
      },
    },
    async (request, reply) => {
      const file = parseTestFile(request.body, SOURCE, undefined, app.azman.config.names)
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      const run = await runPolicyTests(snapshot.policy, file, { file: SOURCE, store: redactStoreRef(store.displayName), version: snapshot.version, templates: INLINE_ONLY })
      return sendVersioned(request, reply, snapshot.version, run)
    },
  )
}
