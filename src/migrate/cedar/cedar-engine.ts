import { createHash } from 'node:crypto'
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs'
import { MigrateExportError } from '../../errors/migrate-errors.js'
import type { MigrationEngine } from '../verify/engine.js'
import { meetClasses, type Symmetry } from '../verify/symmetry.js'
import { pushTo } from '../verify/push-to.js'
import { CedarPolicyShape } from './cedar-policy-shape.js'
import { mayApply, resourceAnchor } from './cedar-slice.js'
import { CEDAR_TYPES as T } from './cedar-names.js'
import type { CedarExport } from './export-cedar.js'
import { guardJsWasmInlining } from './wasm-inlining-guard.js'

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
 * The real Cedar engine (`@cedar-policy/cedar-wasm`, `isAuthorized` on pre-parsed policy sets) on an
 * export's files: the policies are parsed and validated against the schema; each place (a scope,
 * the application level) gets the policies whose scope can apply to its resource, pre-parsed once
 * ({@link mayApply}); each decision gives the engine the token (its first SID as the principal, the
 * others as its parents), the resource with its ancestors, and the action with its ancestors.
 *
 * @throws MigrateExportError when the files do not parse or the policies do not validate
 */
export function cedarEngine(files: CedarExport, app: string): MigrationEngine {
  guardJsWasmInlining()
  const text = files['policies.cedar']
  const parts = cedar.policySetTextToParts(text)
  if (parts.type === 'failure') throw new MigrateExportError(`policies.cedar: ${messages(parts.errors)}`)
  if (parts.policy_templates.length > 0) throw new MigrateExportError('policies.cedar: holds templates; the export has none, and a template grants nothing until linked')
  const schema = cedar.checkParseSchema(files['schema.cedarschema'])
  if (schema.type === 'failure') throw new MigrateExportError(`schema.cedarschema: ${messages(schema.errors)}`)
  const validation = cedar.validate({ schema: files['schema.cedarschema'], policies: { staticPolicies: text } })
  if (validation.type === 'failure') throw new MigrateExportError(`policies.cedar against schema.cedarschema: ${messages(validation.errors)}`)
  if (validation.validationErrors.length > 0)
    throw new MigrateExportError(`policies.cedar against schema.cedarschema: ${validation.validationErrors.map((e) => `${e.policyId}: ${e.error.message}`).join('; ')}`)
  const shapes = parts.policies.map((p) => {
    const json = cedar.policyToJson(p)
    if (json.type === 'failure') throw new MigrateExportError(`policies.cedar: ${messages(json.errors)}`)
    return new CedarPolicyShape(json.json)
  })
  const entities = parseEntities(files['entities.json'], 'entities.json')
  const sidEntity = entities.find((e) => uidType(e.uid) === T.sid)
  if (sidEntity !== undefined)
    throw new MigrateExportError(`entities.json: holds Sid ${JSON.stringify(uidId(sidEntity.uid))}; a principal's groups come from the Windows token at each request, not from the entities file`)
  const actions = actionClosures(entities.filter((e) => uidType(e.uid) === T.action))
  const places = new CedarPlaces(app, entities, shapes, parts.policies)
  return {
    name: 'cedar',
    decide(token, scope, action) {
      const place = places.at(scope)
      const [first = '', ...rest] = token
      const principal: EntityJson = { uid: { type: T.sid, id: first }, attrs: {}, parents: rest.map((s) => ({ type: T.sid, id: s })) }
      const answer = cedar.statefulIsAuthorized({
        principal: principal.uid,
        action: { type: T.action, id: action },
        resource: place.resource,
        context: {},
        preparsedPolicySetId: place.policySet,
        entities: [principal, ...place.entities, ...(actions.get(action) ?? []).filter((a) => !place.keys.has(uidKey(a.uid)))],
      })
      if (answer.type === 'failure') throw new MigrateExportError(`Cedar could not decide: ${messages(answer.errors)}`)
      return answer.response.decision === 'allow'
    },
    symmetry: (scope) => places.symmetry(scope),
  }
}

/** A place as decisions in it are asked: its resource, the entities with its ancestors, its policy set. */
interface Place {
  /** The resource: `Application::"<app>"` or `Scope::"<name>"`, whether or not an entity describes it. */
  readonly resource: { readonly type: string; readonly id: string }
  readonly entities: readonly EntityJson[]
  /** The keys (type::id) of `entities`: an action's own entities are added only where missing. */
  readonly keys: ReadonlySet<string>
  readonly policySet: string
  readonly slice: readonly number[]
}

/**
 * The places of an export (each scope by name, the application level as null), each worked out on
 * first use: the resource entity with its ancestors (entities are keyed by type and id: an
 * application and a scope may share a name), and the policies that can apply there, pre-parsed as a
 * set named by its SHA-256 (the same policies share one set; the engine keeps every set it parsed).
 */
class CedarPlaces {
  private readonly byUid: Map<string, EntityJson>
  private readonly places = new Map<string | null, Place>()
  private readonly sidClasses = new Map<number, Map<string, string>>()
  private readonly leaves: ReadonlyMap<string, string>
  /** Policies by the entity their resource constraint is tied to; the others under ''. */
  private readonly anchored = new Map<string, number[]>()

  /**
   * Whether the entities are as azman writes them: no attributes or tags, no Sid among any parents.
   * Then a decision reads only the ancestry of the resource, of the action and of the entities the
   * policies name, and each place can be decided apart. Otherwise every decision is given every
   * entity and every policy, and nothing is read as alike.
   */
  private readonly plain: boolean

  constructor(
    private readonly app: string,
    private readonly entities: readonly EntityJson[],
    private readonly shapes: readonly CedarPolicyShape[],
    private readonly texts: readonly string[],
  ) {
    this.plain = entities.every(
      (e) => Object.keys(e.attrs).length === 0 && (!('tags' in e) || e.tags === undefined || Object.keys(e.tags).length === 0) && e.parents.every((p) => uidType(p) !== T.sid),
    )
    this.byUid = new Map(entities.map((e) => [uidKey(e.uid), e]))
    this.leaves = leafActions(entities)
    shapes.forEach((shape, i) => {
      const anchor = resourceAnchor(shape)
      pushTo(this.anchored, anchor === undefined ? '' : `${anchor.type}::${anchor.id}`, i)
    })
  }

  at(scope: string | null): Place {
    const known = this.places.get(scope)
    if (known !== undefined) return known
    // The resource the application asks about, by name: an entity describing it is optional, as in Cedar.
    const resource = scope === null ? { type: T.application, id: this.app } : { type: T.scope, id: scope }
    const place = this.plain ? this.sliced(resource) : this.whole(resource)
    this.places.set(scope, place)
    return place
  }

  /** A place of plain entities: the policies that can apply there, and the entities they can read. */
  private sliced(uid: { type: string; id: string }): Place {
    const above = this.ancestors([uid])
    // Only policies tied to the resource or an ancestor (with an entity or not), or to nothing, can apply.
    const candidates = ['', `${uid.type}::${uid.id}`, ...above.uids.map((a) => `${a.type}::${a.id}`)].flatMap((k) => this.anchored.get(k) ?? [])
    const slice = [...new Set(candidates)]
      .sort((a, b) => a - b)
      .filter((i) => {
        const shape = this.shapes[i]
        return shape !== undefined && mayApply(shape, uid, above.uids)
      })
    // The entities the policies name, with theirs above them: `Scope::"A" in Application::"B"` reads them.
    const named = this.ancestors(
      slice.flatMap((i) => [...(this.shapes[i]?.entities ?? [])].map((e) => ({ type: e.type, id: e.id }))),
      true,
    )
    const entities = new Map<string, EntityJson>()
    const own = this.byUid.get(`${uid.type}::${uid.id}`)
    if (own !== undefined) entities.set(uidKey(own.uid), own)
    for (const e of [...above.entities, ...named.entities]) entities.set(uidKey(e.uid), e)
    return { resource: uid, entities: [...entities.values()], keys: new Set(entities.keys()), policySet: this.preparse(slice), slice }
  }

  /** A place when the entities carry more than ancestry: every policy, every entity. */
  private whole(resource: { type: string; id: string }): Place {
    const all = this.shapes.map((_, i) => i)
    return { resource, entities: this.entities, keys: new Set(this.entities.map((e) => uidKey(e.uid))), policySet: this.preparse(all), slice: all }
  }

  /** Pre-parses the policies `slice` as a set named by its SHA-256; returns the name. */
  private preparse(slice: readonly number[]): string {
    const policies = slice.map((i) => this.texts[i] ?? '').join('\n')
    const policySet = `azman-${createHash('sha256').update(policies, 'utf8').digest('hex')}`
    const parsed = cedar.preparsePolicySet(policySet, { staticPolicies: policies })
    if (parsed.type === 'failure') throw new MigrateExportError(`policies.cedar: ${messages(parsed.errors)}`)
    return policySet
  }

  /**
   * What is above `uids`, transitively (and `uids` themselves when `self`): every uid, with an
   * entity or without one (Cedar counts a parent the entities do not describe), and the entities.
   */
  private ancestors(uids: readonly { type: string; id: string }[], self = false): { uids: { type: string; id: string }[]; entities: EntityJson[] } {
    const seen = new Map<string, { type: string; id: string }>()
    const entities: EntityJson[] = []
    const stack: { type: string; id: string }[] = self ? [...uids] : uids.flatMap((u) => this.byUid.get(`${u.type}::${u.id}`)?.parents.map(plainUid) ?? [])
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      const key = `${p.type}::${p.id}`
      if (seen.has(key)) continue
      seen.set(key, p)
      const entity = this.byUid.get(key)
      if (entity === undefined) continue
      entities.push(entity)
      stack.push(...entity.parents.map(plainUid))
    }
    return { uids: [...seen.values()], entities }
  }

  /**
   * What the policies of a place treat alike: SIDs that every one of them can swap (each policy's
   * classes, met); actions that none of them names, that are leaves with no attributes, and that
   * have the same parents.
   */
  symmetry(scope: string | null): Symmetry | undefined {
    if (!this.plain) return undefined
    const { slice } = this.at(scope)
    const labels = new Map<string, string>()
    const named = new Set<string>()
    for (const i of slice) {
      meetClasses(labels, i, this.classesOf(i))
      for (const a of this.shapes[i]?.actions ?? []) named.add(a)
    }
    const actions = new Map<string, string>()
    for (const [action, parents] of this.leaves) if (!named.has(action)) actions.set(action, parents)
    return { sids: labels, actions }
  }

  private classesOf(i: number): Map<string, string> {
    let classes = this.sidClasses.get(i)
    if (classes === undefined) {
      const shape = this.shapes[i]
      classes = shape === undefined ? new Map<string, string>() : shape.sidClasses()
      this.sidClasses.set(i, classes)
    }
    return classes
  }
}

/**
 * Actions no entity has as a parent, each with its parents (sorted): with plain entities (no
 * attributes or tags: the only case the symmetry is read in) such actions are told apart only by
 * what they are in.
 */
function leafActions(entities: readonly EntityJson[]): Map<string, string> {
  const parentsOfAny = new Set(entities.flatMap((e) => e.parents.map((p) => uidKey(p))))
  const out = new Map<string, string>()
  for (const e of entities) {
    if (uidType(e.uid) !== T.action || parentsOfAny.has(uidKey(e.uid))) continue
    out.set(uidId(e.uid), [...new Set(e.parents.map((p) => uidKey(p)))].sort().join('\n'))
  }
  return out
}

function plainUid(uid: EntityJson['uid']): { type: string; id: string } {
  return { type: uidType(uid), id: uidId(uid) }
}

function uidKey(uid: EntityJson['uid']): string {
  return `${uidType(uid)}::${uidId(uid)}`
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
