import { formatPath, kindLabel, type ObjectPath } from '../paths.js'
import { guidKey, operationNumber, type PolicyStore } from '../policy.js'
import type { Visited } from '../walk.js'
import { FindingCode } from './finding.js'
import type { FindingSink } from './sink.js'
import { OBJECTS_PER_STEP, type Steps } from '../steps.js'
import { quote } from '../quote.js'

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** Every object has a well-formed GUID, and no two objects share one. */
export function* checkGuids(objects: readonly Visited[], store: PolicyStore, sink: FindingSink): Steps<void> {
  const seen = new Map<string, ObjectPath>()
  if (store.guid !== undefined) {
    if (!GUID.test(store.guid)) sink.error(FindingCode.MalformedGuid, [], store.guid, `the store GUID "${store.guid}" is not a GUID`)
    seen.set(guidKey(store.guid), [])
  }
  let n = 0
  for (const { kind, object, path } of objects) {
    if (++n % OBJECTS_PER_STEP === 0) yield
    if (object.guid === '') {
      sink.error(FindingCode.MissingGuid, path, undefined, `the ${kindLabel(kind)} has no GUID; nothing can link to it`)
      continue
    }
    if (!GUID.test(object.guid)) {
      sink.error(FindingCode.MalformedGuid, path, object.guid, `the GUID "${object.guid}" is not of the form 8-4-4-4-12 hex digits`)
    }
    const key = guidKey(object.guid)
    const first = seen.get(key)
    if (first === undefined) seen.set(key, path)
    else {
      sink.error(FindingCode.DuplicateGuid, path, object.guid, `the GUID ${object.guid} is also used by ${formatPath(first)}; links to it are ambiguous, give one of them a new GUID`)
    }
  }
}

/** OperationIDs are decimal integers and unique within their application. */
export function* checkOperationIds(store: PolicyStore, sink: FindingSink): Steps<void> {
  let n = 0
  for (const application of store.applications) {
    const byId = new Map<number, string>()
    for (const operation of application.operations) {
      if (++n % OBJECTS_PER_STEP === 0) yield
      const path: ObjectPath = [
        { kind: 'application', name: application.name },
        { kind: 'operation', name: operation.name },
      ]
      const id = operationNumber(operation)
      if (id === undefined) {
        sink.error(FindingCode.OperationIdNotNumeric, path, operation.guid, `the OperationID "${operation.operationId}" is not a decimal integer; applications check access by this number`)
        continue
      }
      const other = byId.get(id)
      if (other === undefined) byId.set(id, operation.name)
      else {
        sink.error(FindingCode.DuplicateOperationId, path, operation.guid, `OperationID ${id} is also used by operation ${quote(other)}; an access check for ${id} cannot tell them apart`)
      }
    }
  }
}
