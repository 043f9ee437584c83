import type { PolicyStore } from '../policy.js'
import { LinkResolver } from '../resolve.js'
import { walkStore } from '../walk.js'
import type { Finding } from './finding.js'
import { checkGuids, checkOperationIds } from './check-identity.js'
import { checkGroupCycles, checkLinks, checkTaskCycles } from './check-links.js'
import { checkNesting } from './check-nesting.js'
import { checkDuplicateNames, checkNames } from './check-names.js'
import { checkValues, checkVersion } from './check-values.js'
import { FindingSink } from './sink.js'

/**
 * Checks a store against AzMan's integrity rules. Pure: reads the model,
 * returns findings in a stable order (by rule, then document-independent
 * object order). An empty list means the store is valid.
 * @param options.nesting whether to measure nesting depth (`AZ_NESTING_TOO_DEEP`); default true.
 */
export function validateStore(store: PolicyStore, options: { readonly nesting?: boolean } = {}): Finding[] {
  const objects = [...walkStore(store)]
  const resolver = new LinkResolver(store)
  const sink = new FindingSink()
  checkVersion(store, sink)
  checkGuids(objects, store, sink)
  checkNames(objects, sink)
  checkDuplicateNames(objects, sink)
  checkOperationIds(store, sink)
  checkLinks(objects, resolver, sink)
  checkTaskCycles(objects, resolver, sink)
  checkGroupCycles(objects, resolver, sink)
  if (options.nesting !== false) checkNesting(objects, resolver, sink)
  checkValues(objects, store, sink)
  return sink.findings
}

/** True when no finding is an error. */
export function isValid(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== 'error')
}
