import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs'
import { MigrateExportError } from '../../errors/migrate-errors.js'
import type { MigrationEngine } from '../verify/engine.js'
import { CEDAR_TYPES as T } from './cedar-names.js'
import type { CedarExport } from './export-cedar.js'

let nextSet = 0

function messages(errors: readonly { message: string }[]): string {
  return errors.map((e) => e.message).join('; ')
}

/** The entities file, parsed: an array of Cedar entity objects. */
function parseEntities(text: string, file: string): EntityJson[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new MigrateExportError(`${file}: not JSON (${(e as Error).message})`)
  }
  if (!Array.isArray(value)) throw new MigrateExportError(`${file}: not an array of entities`)
  const check = cedar.checkParseEntities({ entities: value as EntityJson[] })
  if (check.type === 'failure') throw new MigrateExportError(`${file}: ${messages(check.errors)}`)
  return value as EntityJson[]
}

/**
 * The real Cedar engine (`@cedar-policy/cedar-wasm`, `isAuthorized` on a pre-parsed policy set) on an
 * export's files: the policies are parsed once and validated against the schema; each decision
 * gives the engine the token (its first SID as the principal, the others as its parents), the
 * resource with its parents, and the action entities.
 *
 * @throws MigrateExportError when the files do not parse or the policies do not validate
 */
export function cedarEngine(files: CedarExport): MigrationEngine {
  const id = `azman-${++nextSet}`
  const parsed = cedar.preparsePolicySet(id, { staticPolicies: files['policies.cedar'] })
  if (parsed.type === 'failure') throw new MigrateExportError(`policies.cedar: ${messages(parsed.errors)}`)
  const schema = cedar.checkParseSchema(files['schema.cedarschema'])
  if (schema.type === 'failure') throw new MigrateExportError(`schema.cedarschema: ${messages(schema.errors)}`)
  const validation = cedar.validate({ schema: files['schema.cedarschema'], policies: { staticPolicies: files['policies.cedar'] } })
  if (validation.type === 'failure') throw new MigrateExportError(`policies.cedar against schema.cedarschema: ${messages(validation.errors)}`)
  if (validation.validationErrors.length > 0)
    throw new MigrateExportError(`policies.cedar against schema.cedarschema: ${validation.validationErrors.map((e) => `${e.policyId}: ${e.error.message}`).join('; ')}`)
  const entities = parseEntities(files['entities.json'], 'entities.json')
  const actions = actionClosures(entities.filter((e) => uidType(e.uid) === T.action))
  const places = placeEntities(entities)
  return {
    name: 'cedar',
    decide(token, scope, action) {
      const place = places.get(scope)
      if (place === undefined) throw new MigrateExportError(`entities.json has no ${scope === null ? 'Application' : `Scope ${JSON.stringify(scope)}`}`)
      const [first = '', ...rest] = token
      const principal: EntityJson = { uid: { type: T.sid, id: first }, attrs: {}, parents: rest.map((s) => ({ type: T.sid, id: s })) }
      const answer = cedar.statefulIsAuthorized({
        principal: principal.uid,
        action: { type: T.action, id: action },
        resource: place.resource.uid,
        context: {},
        preparsedPolicySetId: id,
        entities: [principal, ...place.entities, ...(actions.get(action) ?? [])],
      })
      if (answer.type === 'failure') throw new MigrateExportError(`Cedar could not decide: ${messages(answer.errors)}`)
      return answer.response.decision === 'allow'
    },
  }
}

/**
 * Each place a decision is asked in (a scope by name, the application level as null): its resource
 * entity, and that entity with its parents, as every decision there passes them; worked out once.
 * Entities are keyed by type and id: an application and a scope may share a name.
 */
function placeEntities(entities: readonly EntityJson[]): Map<string | null, { resource: EntityJson; entities: EntityJson[] }> {
  const key = (uid: EntityJson['uid']) => `${uidType(uid)}::${uidId(uid)}`
  const byUid = new Map(entities.map((e) => [key(e.uid), e]))
  const places = new Map<string | null, { resource: EntityJson; entities: EntityJson[] }>()
  for (const e of entities) {
    const type = uidType(e.uid)
    if (type !== T.application && type !== T.scope) continue
    const parents = e.parents.map((p) => byUid.get(key(p))).filter((p): p is EntityJson => p !== undefined)
    places.set(type === T.application ? null : uidId(e.uid), { resource: e, entities: [e, ...parents] })
  }
  return places
}

/** Each action with its ancestors (the action groups containing it, transitively): all a decision on it needs. */
function actionClosures(actions: readonly EntityJson[]): Map<string, EntityJson[]> {
  const byId = new Map(actions.map((a) => [uidId(a.uid), a]))
  const out = new Map<string, EntityJson[]>()
  for (const [id, entity] of byId) {
    const seen = new Map<string, EntityJson>([[id, entity]])
    const stack = [...entity.parents]
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      const parent = byId.get(uidId(p))
      if (parent === undefined || seen.has(uidId(p))) continue
      seen.set(uidId(p), parent)
      stack.push(...parent.parents)
    }
    out.set(id, [...seen.values()])
  }
  return out
}

function uidType(uid: EntityJson['uid']): string {
  return '__entity' in uid ? uid.__entity.type : uid.type
}

function uidId(uid: EntityJson['uid']): string {
  return '__entity' in uid ? uid.__entity.id : uid.id
}
