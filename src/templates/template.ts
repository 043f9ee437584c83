import { InvalidChangeError } from '../errors/change-errors.js'
import { isJsonObject, JsonFields, objectFields, type JsonErrorFactory } from '../json/json-fields.js'

export const TEMPLATE_FORMAT = 'azman-template/1'

/** One operation a template allows, by OperationID; the name is for reading. */
export interface TemplateOperation {
  readonly id: number
  readonly name: string
  /** The job cannot be done without it. */
  readonly required: boolean
  /** Why the operation is there, or what is uncertain about it. */
  readonly note?: string
}

/** A principal that must never hold the role: a SID, or a domain-relative one such as `S-1-5-21-*-*-*-513`. */
export interface ForbiddenPrincipal {
  readonly sid: string
  readonly name: string
}

/** Where a template's operation list comes from, so a reviewer can check it. */
export interface TemplateSource {
  /** What the source is: a document title, or a whole citation. */
  readonly title: string
  /** The source's short ID (`HV-RBAC`), as the shipped templates give it. */
  readonly ref?: string
  readonly url?: string
  /** What the template takes from it, or how it departs from it. */
  readonly note?: string
}

/** Where a template's role may be assigned. */
export type AssignableAt = 'scope' | 'application' | 'any'

/**
 * A least-privilege template: one delegated job, the operations it may use,
 * where it may be assigned and who must never hold it. The README in
 * `templates/` documents the format.
 */
export interface Template {
  readonly name: string
  readonly title: string
  readonly description: string
  /** The AzMan application the template is for (compared without regard to case). */
  readonly application: string
  /** Name of the role definition `delegate` creates or reuses. */
  readonly roleDefinition: string
  /** Other names of role assignments and role definitions that do this job (`azman audit` binds by name). */
  readonly aliases: readonly string[]
  /** `scope`: only inside a scope; `application`: only at application level; `any`. */
  readonly assignableAt: AssignableAt
  readonly operations: readonly TemplateOperation[]
  readonly forbiddenPrincipals: readonly ForbiddenPrincipal[]
  /** Where the operation list comes from. */
  readonly sources: readonly TemplateSource[]
}

const SID_PATTERN = /^S-1-[0-9*]+(-[0-9*]+)*$/

function parseOperation(value: unknown, path: string, fail: JsonErrorFactory): TemplateOperation {
  const f = objectFields(value, path, fail, '{"id": <OperationID>, "name": "...", "required": true|false, "note"?: "..."}')
  const id = f.integer('id')
  const name = f.text('name')
  const required = f.optionalBoolean('required') ?? false
  const note = f.optionalString('note')
  f.done('a template operation')
  return note === undefined ? { id, name, required } : { id, name, required, note }
}

function parseForbidden(value: unknown, path: string, fail: JsonErrorFactory): ForbiddenPrincipal {
  const f = objectFields(value, path, fail, '{"sid": "S-1-...", "name": "..."}')
  const sid = f.string('sid')
  if (!SID_PATTERN.test(sid)) throw fail(`${path}.sid`, `${JSON.stringify(sid)} is not a SID pattern: S-1-... with * for a part that may be anything`)
  const name = f.text('name')
  f.done('a forbidden principal')
  return { sid, name }
}

function parseSource(value: unknown, path: string, fail: JsonErrorFactory): TemplateSource {
  if (typeof value === 'string') {
    if (value.trim() === '') throw fail(path, 'must not be empty')
    return { title: value }
  }
  if (!isJsonObject(value)) throw fail(path, 'must be a citation: a string, or {"title", "ref"?, "url"?, "note"?}')
  const f = new JsonFields(value, path, fail)
  const title = f.text('title')
  const ref = f.optionalString('ref')
  const url = f.optionalString('url')
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw fail(`${path}.url`, 'must be an http(s) URL')
  const note = f.optionalString('note')
  f.done('a source')
  return { title, ...(ref === undefined ? {} : { ref }), ...(url === undefined ? {} : { url }), ...(note === undefined ? {} : { note }) }
}

/**
 * Parses a template from JSON, refusing anything not of the documented shape:
 * unknown fields, wrong types, duplicate OperationIDs. Errors name the file and
 * the JSON path of the problem (`$.operations[2].id`).
 */
export function parseTemplate(value: unknown, source: string): Template {
  const fail: JsonErrorFactory = (path, message) => new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_INVALID', `template ${source}: ${path}: ${message}`)
  if (!isJsonObject(value)) throw fail('$', 'a template is a JSON object')
  const f = new JsonFields(value, '$', fail)
  if (f.raw('format') !== TEMPLATE_FORMAT) throw fail('$.format', `must be "${TEMPLATE_FORMAT}"`)
  const name = f.text('name')
  const title = f.text('title')
  const description = f.text('description')
  const application = f.text('application')
  const roleDefinition = f.text('roleDefinition')
  const aliases = f.strings('aliases') ?? []
  aliases.forEach((a, i) => {
    if (a.trim() === '') throw fail(`$.aliases[${i}]`, 'must not be empty')
  })
  const assignableAt = f.raw('assignableAt')
  if (assignableAt !== 'scope' && assignableAt !== 'application' && assignableAt !== 'any') throw fail('$.assignableAt', 'must be "scope", "application" or "any"')
  const ops = f.array('operations', 'a non-empty array of operations')
  if (ops.length === 0) throw fail('$.operations', 'must not be empty: a template allows at least one operation')
  const operations = ops.map((op, i) => parseOperation(op, `$.operations[${i}]`, fail))
  operations.forEach((op, i) => {
    const first = operations.findIndex((o) => o.id === op.id)
    if (first !== i) throw fail(`$.operations[${i}].id`, `OperationID ${op.id} is already listed at $.operations[${first}]`)
  })
  const forbiddenPrincipals = (f.optionalArray('forbiddenPrincipals', 'an array of {"sid", "name"}') ?? []).map((p, i) => parseForbidden(p, `$.forbiddenPrincipals[${i}]`, fail))
  const sources = (f.optionalArray('sources', 'an array of citations') ?? []).map((s, i) => parseSource(s, `$.sources[${i}]`, fail))
  f.done('a template')
  return { name, title, description, application, roleDefinition, aliases, assignableAt, operations, forbiddenPrincipals, sources }
}

/** Whether a SID matches a forbidden-principal pattern (`*` stands for one SID part). */
export function matchesPrincipal(pattern: string, sid: string): boolean {
  const want = pattern.split('-')
  const got = sid.split('-')
  return want.length === got.length && want.every((part, i) => part === '*' || part === got[i])
}

const forbiddenMatchers = new WeakMap<Template, readonly { readonly re: RegExp; readonly principal: ForbiddenPrincipal }[]>()

/** The first of a template's forbidden principals a SID matches, or undefined; the patterns are compiled once per template. */
export function forbiddenPrincipal(template: Template, sid: string): ForbiddenPrincipal | undefined {
  let matchers = forbiddenMatchers.get(template)
  if (!matchers) {
    // SID patterns hold only digits, "S", "-" and "*" (checked when parsed), so no other character needs escaping; * is one part.
    matchers = template.forbiddenPrincipals.map((principal) => ({ re: new RegExp(`^${principal.sid.replace(/\*/g, '[^-]+')}$`), principal }))
    forbiddenMatchers.set(template, matchers)
  }
  return matchers.find((m) => m.re.test(sid))?.principal
}

/** Where a template's role may be assigned, in words. */
export function assignableAtText(at: AssignableAt): string {
  return at === 'scope' ? 'inside a scope only' : at === 'application' ? 'at application level only' : 'at application level or in a scope'
}
