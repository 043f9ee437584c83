import { stringify } from 'yaml'
import { AccessIndex } from '../access/index/access-index.js'
import { whoCan } from '../access/queries/who-can.js'
import type { PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { TESTS_FORMAT, type TestFile, type WhoCanTest } from './schema/test-file.js'
import { atPlace, opText } from './kinds/place.js'

/**
 * A test file that pins an application's effective access as it is today
 * (`azman test --init`): for every operation at application level and in
 * every scope, a `who-can` test whose `equals` lists the SIDs that get it
 * (granted or conditionally), none included. It passes on the store it was
 * made from and fails once anyone gains or loses an operation anywhere.
 *
 * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` for an application the store does not have
 */
export function pinTests(policy: PolicyStore, app: string): TestFile {
  const index = AccessIndex.build(policy, app)
  const tests: WhoCanTest[] = []
  for (const where of index.containers()) {
    for (let op = 0; op < index.context.operations.size; op++) {
      const ref = index.context.operations.ref(op)
      const sids = whoCan(index, where, op, { explain: false }).principals.map((p) => p.sid)
      tests.push({
        name: `who can ${opText(index, op)} ${atPlace(where.scopeName)}`,
        kind: 'who-can',
        operation: ref.id ?? ref.name,
        ...(where.scopeName === undefined ? {} : { scope: where.scopeName }),
        equals: sids,
      })
    }
  }
  return { format: TESTS_FORMAT, app: index.application.name, tests }
}

/** A test file's text: YAML (a comment first) unless `json`. */
export function testFileText(file: TestFile, json: boolean, comment: string): string {
  if (json) return `${JSON.stringify(file, null, 2)}\n`
  return `# ${comment.replace(/\n/g, ' ')}\n${stringify(file, { lineWidth: 0 })}`
}

/** Names of what pins: `"Hyper-V services"`. */
export function pinComment(app: string, store: string, version: string): string {
  return `azman test --init: the effective access of application ${quote(app)} in ${store} at version ${version}`
}
