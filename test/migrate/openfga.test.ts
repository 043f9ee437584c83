/**
 * The OpenFGA export: no OpenFGA engine runs here (the server is a Go program), so what is checked
 * is what can be: the model parses and validates with @openfga/syntax-transformer, the store file
 * (tests with tuples and assertions) validates against it, every case of the decision table is
 * asserted with azman's decision, ids stay safe whatever the names. Users run the assertions with
 * `fga model test` (docs/migrate.md#openfga).
 */
import { readFileSync } from 'node:fs'
import { transformer, validator } from '@openfga/syntax-transformer'
import t from 'tap'
import { exportMigration } from '../../src/migrate/migrate.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT } from '../cli/run-cli.js'
import { randomPolicy } from '../access/random-policy.js'

const STORES = [
  'store-samples/hyperv-2008.xml',
  'store-samples/hyperv-2008r2.xml',
  'store-samples/hyperv-2008r2-delegated.xml',
  'test/fixtures/real-stores/ms-azmp-example-v2.xml',
  'test/fixtures/real-stores/windows-sdk-asp-AzStore.xml',
]

interface FgaStore {
  readonly tests: { tuples: unknown[]; check: { user: string; object: string; assertions: Record<string, boolean> }[] }[]
}

t.test('every store sample and real store: a model the transformer accepts, tuples and a store file that validate, every case asserted', async (t) => {
  let exports = 0
  for (const path of STORES) {
    const { policy, version } = parseXmlStore(readFileSync(`${REPO_ROOT}${path}`))
    for (const app of policy.applications) {
      const e = exportMigration(policy, { reference: path, version }, 'openfga', app.name)
      const dsl = e.files['model.fga'] ?? ''
      t.doesNotThrow(() => validator.validateDSL(dsl), `${path} ${app.name}: the model validates`)
      const json = transformer.transformDSLToJSONObject(dsl)
      t.ok((json.type_definitions as { type: string }[]).some((d) => d.type === 'scope'))
      const store = JSON.parse(e.files['azman.fga.yaml'] ?? '{}') as FgaStore
      const asserted = store.tests[0]?.check.reduce((n, c) => n + Object.keys(c.assertions).length, 0) ?? 0
      const scopes = 1 + app.scopes.length
      t.ok(asserted > 0 && asserted % scopes === 0, `${path} ${app.name}: ${asserted} assertions, every place`)
      JSON.parse(e.files['tuples.json'] ?? '')
      exports++
    }
  }
  t.ok(exports >= 5, `${exports} exports`)
})

t.test('random stores and hostile names: the export validates; names stay in names.json, ids are safe', async (t) => {
  let n = 0
  for (let seed = 1; seed <= 40; seed++) {
    const { store } = randomPolicy(seed)
    const e = exportMigration(store, { reference: `r${seed}`, version: `seed:${seed}` }, 'openfga', 'App')
    t.doesNotThrow(() => validator.validateDSL(e.files['model.fga'] ?? ''), `seed ${seed}`)
    n++
  }
  t.equal(n, 40)
  const { policy, version } = parseXmlStore(readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`))
  const copy = structuredClone(policy)
  for (const s of copy.applications[0]?.scopes ?? []) (s as { name: string }).name = `${s.name} "x" \\ # : ü`
  const e = exportMigration(copy, { reference: 'h', version }, 'openfga', 'Hyper-V services')
  const names = JSON.parse(e.files['names.json'] ?? '{}') as { scopes: Record<string, string> }
  t.match(Object.values(names.scopes), [/"x" \\ # : ü$/, /"x" \\ # : ü$/])
  t.notMatch(e.files['tuples.json'] ?? '', /ü/, 'no name in an object id')
})

t.test('an OperationID AccessCheck cannot take ("0x163", "") names no relation: refused, not read as 355 or 0', async (t) => {
  const text = readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`, 'utf8')
  for (const bad of ['0x163', '']) {
    const { policy, version } = parseXmlStore(Buffer.from(text.replace('<OperationID>355</OperationID>', `<OperationID>${bad}</OperationID>`)))
    t.throws(
      () => exportMigration(policy, { reference: 'x', version }, 'openfga', 'Hyper-V services'),
      { code: 'AZMAN_ERR_MIGRATE_REFUSED', message: /has no OperationID to name its relation/ },
      JSON.stringify(bad),
    )
  }
})
