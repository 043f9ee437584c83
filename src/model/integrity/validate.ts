import type { PolicyStore } from '../policy.js'
import { LinkResolver } from '../resolve.js'
import { finish, OBJECTS_PER_STEP, type Steps } from '../steps.js'
import { walkStore, type Visited } from '../walk.js'
import type { Finding } from './finding.js'
import { checkGuids, checkOperationIds } from './check-identity.js'
import { checkGroupCycles, checkLinks, checkTaskCycles } from './check-links.js'
import { checkNesting } from './check-nesting.js'
import { checkDuplicateNamesSteps, checkNamesSteps } from './check-names.js'
import { checkValues, checkVersion } from './check-values.js'
import { FindingSink } from './sink.js'

/** What {@link validateStore} checks beyond AzMan's own rules. */
export interface ValidateOptions {
  /** Whether to measure nesting depth (`AZ_NESTING_TOO_DEEP`); default true. */
  readonly nesting?: boolean
}

/** {@link validateStore} in steps of a few dozen objects (see `model/steps.ts`). */
export function* validateSteps(store: PolicyStore, options: ValidateOptions = {}): Steps<Finding[]> {
  const objects: Visited[] = []
  for (const visited of walkStore(store)) {
    objects.push(visited)
    if (objects.length % OBJECTS_PER_STEP === 0) yield
  }
  const resolver = new LinkResolver(store)
  yield
  const sink = new FindingSink()
  checkVersion(store, sink)
  yield* checkGuids(objects, store, sink)
  yield* checkNamesSteps(objects, sink)
  yield* checkDuplicateNamesSteps(objects, sink)
  yield* checkOperationIds(store, sink)
  yield* checkLinks(objects, resolver, sink)
  yield* checkTaskCycles(objects, resolver, sink)
  yield* checkGroupCycles(objects, resolver, sink)
  if (options.nesting !== false) {
    checkNesting(objects, resolver, sink)
    yield
  }
  yield* checkValues(objects, store, sink)
  return sink.findings
}

/**
 * Checks a store against AzMan's integrity rules. Pure: reads the model,
 * returns findings in a stable order (by rule, then document-independent
 * object order). An empty list means the store is valid.
 */
export function validateStore(store: PolicyStore, options: ValidateOptions = {}): Finding[] {
  return finish(validateSteps(store, options))
}

/** True when no finding is an error. */
export function isValid(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== 'error')
}
