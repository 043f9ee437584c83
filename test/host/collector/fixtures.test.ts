/**
 * The collector run in the WSH sandbox against every fixture host: its output is JSON, valid
 * azman-host-facts/1 (by the schema and by readHostFacts), pure ASCII, and holds exactly the facts
 * the fixture's host holds. The outputs are kept in test/fixtures/hosts/ for the host checks; this
 * test fails when they are stale (regenerate with `npx tsx test/host/collector/write-fixture-facts.ts`).
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { HostFactsSchema } from '../../../src/host/facts/schema.js'
import { readHostFacts } from '../../../src/host/facts/read-facts.js'
import { schemaProblem } from '../../../src/json/schema-check.js'
import { COLLECTED_AT } from './hosts/base.js'
import { FIXTURES } from './hosts/index.js'
import { HOSTILE_NAME } from './hosts/hostile-vm-name.js'
import { collectFixture, FIXTURE_FACTS_DIR } from './write-fixture-facts.js'

t.test('every fixture host gives valid facts with the values the host holds', async (t) => {
  let checked = 0
  for (const fixture of FIXTURES) {
    const run = collectFixture(fixture)
    t.equal(run.stderr, '', `${fixture.name}: nothing on stderr`)
    t.equal(run.exitCode, 0, `${fixture.name}: exit code 0 (something was collected)`)
    t.ok(run.stdout.endsWith('}\r\n'), `${fixture.name}: one JSON document and a CRLF`)
    t.notMatch(run.stdout, /[^\r\n\x20-\x7e]/, `${fixture.name}: printable ASCII only (every other character escaped)`)
    const facts: unknown = JSON.parse(run.stdout)
    t.equal(schemaProblem(HostFactsSchema, facts, '$', 'is not a field of host facts'), undefined, `${fixture.name}: valid against HostFactsSchema`)
    const read = readHostFacts(run.stdout, `${fixture.name}.json`)
    const { format, collectedAt, collector, ...rest } = read
    t.equal(format, 'azman-host-facts/1')
    t.equal(collectedAt, COLLECTED_AT.toISOString(), `${fixture.name}: collectedAt is the run's time, ISO 8601 UTC`)
    t.equal(collector, 'azman-host-facts.js fixture', `${fixture.name}: the stamped collector`)
    t.same(rest, fixture.expected, `${fixture.name}: ${fixture.description}`)
    t.equal(readFileSync(`${FIXTURE_FACTS_DIR}${fixture.name}.json`, 'utf8'), run.stdout.replace(/\r\n/g, '\n'), `${fixture.name}: test/fixtures/hosts/${fixture.name}.json is current`)
    checked++
  }
  t.equal(checked, 13, 'thirteen fixture hosts checked')
})

t.test('a VM name with quotes, backslashes, control characters, </script> and lone surrogates comes back exactly', async (t) => {
  const fixture = FIXTURES.find((f) => f.name === 'hostile-vm-name')
  if (fixture === undefined) throw new Error('no hostile-vm-name fixture')
  const run = collectFixture(fixture)
  const facts = readHostFacts(run.stdout, 'hostile.json')
  t.equal(facts.vms?.[0]?.name, HOSTILE_NAME, 'the name, code unit for code unit')
  t.equal(facts.vms?.[0]?.scopeOfResidence, 'Lab "quoted" \\ scope\n')
  t.notMatch(run.stdout, /[<>&]/, 'no <, > or & in the output: they are escaped, so the facts are safe inside HTML or XML')
  t.match(run.stdout, /\\u003c\/script\\u003e/, '</script> is written \\u003c/script\\u003e')
})
