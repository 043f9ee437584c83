import t from 'tap'
import { compiledChangeValidators } from '../../src/change-set/parse-change-set.js'
import { CHANGE_TYPES } from '../../src/change-set/change.js'
import { buildServer } from '../../src/server/build-server.js'
import { serverConfig } from '../../src/service-config/server-config.js'

// Regression: the change-set parser compiled a change type's validator the first time a request
// used it, inside one turn of the event loop (tens of ms on a loaded machine), which held up
// /health while a large change set was planned (test/server/responsive.int.test.ts). The service
// now compiles them all when it is built.
t.test('building the REST service compiles every change type validator before any request', async (t) => {
  t.equal(compiledChangeValidators(), 0, 'none compiled when the module loads')
  const dir = t.testdir({ 'tokens.json': JSON.stringify({ format: 'azman-tokens/1', tokens: [] }) })
  const app = await buildServer(serverConfig({ stores: [{ name: 'sample', ref: new URL('../../store-samples/hyperv-2008r2.xml', import.meta.url).pathname }], tokensFile: `${dir}/tokens.json` }))
  t.teardown(() => app.close())
  t.equal(compiledChangeValidators(), CHANGE_TYPES.length, `all ${CHANGE_TYPES.length} compiled`)
  t.ok(CHANGE_TYPES.length >= 24)
})
