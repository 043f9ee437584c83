/**
 * The collector's output for each fixture host, kept in test/fixtures/hosts/<name>.json for the
 * host checks' tests (fixtures.test.ts fails when a file is stale). Run as a script to write them:
 *
 *     npx tsx test/host/collector/write-fixture-facts.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { stampCollector } from '../../../src/host/collector/collector-script.js'
import { REPO_ROOT } from '../../cli/run-cli.js'
import { COLLECTOR_SOURCE } from './collector-source.js'
import { COLLECTED_AT, type Fixture } from './hosts/base.js'
import { FIXTURES } from './hosts/index.js'
import { runWsh, type WshRun } from './wsh/sandbox.js'

export const FIXTURE_FACTS_DIR = `${REPO_ROOT}test/fixtures/hosts/`

/** The collector, stamped "fixture", run on a fixture host at {@link COLLECTED_AT}. */
export function collectFixture(fixture: Fixture): WshRun {
  return runWsh(stampCollector(COLLECTOR_SOURCE, 'fixture'), fixture.host, { now: COLLECTED_AT })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(FIXTURE_FACTS_DIR, { recursive: true })
  for (const fixture of FIXTURES) {
    writeFileSync(`${FIXTURE_FACTS_DIR}${fixture.name}.json`, collectFixture(fixture).stdout.replace(/\r\n/g, '\n'))
    process.stdout.write(`wrote test/fixtures/hosts/${fixture.name}.json\n`)
  }
}
