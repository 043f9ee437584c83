import { InvalidChangeError } from '../errors/change-errors.js'
import type { Static, TSchema } from '@sinclair/typebox'
import { List } from '../json/schema-types.js'
import type { JsonProblem } from '../json/schema-messages.js'
import { problemBefore, schemaProblem } from '../json/schema-check.js'
import { AliasSchema, ForbiddenPrincipalSchema, TEMPLATE_FORMAT, TemplateFileShellSchema, TemplateOperationSchema, TemplateSourceSchema } from './schema/template-file.js'

export { TEMPLATE_FORMAT }

/** The aliases, each checked for being empty once all are typed. */
const AliasesSchema = List(AliasSchema)

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
  /** Names of templates the members also need at application level (`delegate --with-connect` applies them too). */
  readonly companions: readonly string[]
}

const SID_PATTERN = /^S-1-[0-9*]+(-[0-9*]+)*$/

type Fail = (path: string, message: string) => Error

/** The first problem of `value` (at `base`) against `schema`, or undefined. */
function problemAt(schema: TSchema, value: unknown, base: string): JsonProblem | undefined {
  return schemaProblem(schema, value, base, 'is not a field of a template')
}

/** Throws `problem` when it is one a reader meets before the fields after `fields` (see {@link problemBefore}). */
function throwIfBefore(problem: JsonProblem | undefined, at: string, fields: readonly string[], fail: Fail): void {
  if (problem !== undefined && problemBefore(problem, at, fields)) throw fail(problem.path, problem.message)
}

/** Throws `problem`, if any. */
function throwIf(problem: JsonProblem | undefined, fail: Fail): void {
  if (problem !== undefined) throw fail(problem.path, problem.message)
}

function parseOperation(value: unknown, path: string, fail: Fail): TemplateOperation {
  throwIf(problemAt(TemplateOperationSchema, value, path), fail)
  const { id, name, required = false, note } = value as Static<typeof TemplateOperationSchema>
  return note === undefined ? { id, name, required } : { id, name, required, note }
}

/** One forbidden principal: its SID pattern is checked before `name` and unknown fields. */
function parseForbidden(value: unknown, path: string, fail: Fail): ForbiddenPrincipal {
  const problem = problemAt(ForbiddenPrincipalSchema, value, path)
  throwIfBefore(problem, path, ['sid'], fail)
  const { sid, name } = value as Static<typeof ForbiddenPrincipalSchema>
  if (!SID_PATTERN.test(sid)) throw fail(`${path}.sid`, `${JSON.stringify(sid)} is not a SID pattern: S-1-... with * for a part that may be anything`)
  throwIf(problem, fail)
  return { sid, name }
}

/** One source: a string is its title; an object's `url` is checked before `note` and unknown fields. */
function parseSource(value: unknown, path: string, fail: Fail): TemplateSource {
  const problem = problemAt(TemplateSourceSchema, value, path)
  throwIfBefore(problem, path, ['title', 'ref', 'url'], fail)
  const source = value as Static<typeof TemplateSourceSchema>
  if (typeof source === 'string') return { title: source }
  const { title, ref, url, note } = source
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw fail(`${path}.url`, 'must be an http(s) URL')
  throwIf(problem, fail)
  return { title, ...(ref === undefined ? {} : { ref }), ...(url === undefined ? {} : { url }), ...(note === undefined ? {} : { note }) }
}

/**
 * Parses a template from JSON ({@link TemplateFileSchema}), refusing anything
 * not of the documented shape: unknown fields, wrong types, duplicate
 * OperationIDs. Errors name the file and the JSON path of the problem
 * (`$.operations[2].id`); the first one reported is the first a reader of the
 * file meets, field by field.
 */
export function parseTemplate(value: unknown, source: string): Template {
  const fail: Fail = (path, message) => new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_INVALID', `template ${source}: ${path}: ${message}`)
  const problem = problemAt(TemplateFileShellSchema, value, '$')
  throwIfBefore(problem, '$', ['format', 'name', 'title', 'description', 'application', 'roleDefinition', 'aliases'], fail)
  const file = value as Static<typeof TemplateFileShellSchema>
  // Every alias is typed (by the shell) before any is checked for being empty.
  throwIf(problemAt(AliasesSchema, file.aliases ?? [], '$.aliases'), fail)
  throwIfBefore(problem, '$', ['assignableAt', 'operations'], fail)
  const operations = file.operations.map((op, i) => parseOperation(op, `$.operations[${i}]`, fail))
  operations.forEach((op, i) => {
    const first = operations.findIndex((o) => o.id === op.id)
    if (first !== i) throw fail(`$.operations[${i}].id`, `OperationID ${op.id} is already listed at $.operations[${first}]`)
  })
  throwIfBefore(problem, '$', ['forbiddenPrincipals'], fail)
  const forbiddenPrincipals = (file.forbiddenPrincipals ?? []).map((p, i) => parseForbidden(p, `$.forbiddenPrincipals[${i}]`, fail))
  throwIfBefore(problem, '$', ['sources'], fail)
  const sources = (file.sources ?? []).map((s, i) => parseSource(s, `$.sources[${i}]`, fail))
  throwIf(problem, fail)
  const { name, title, description, application, roleDefinition, aliases = [], assignableAt, companions = [] } = file
  companions.forEach((c, i) => {
    if (c.trim().toLowerCase() === name.trim().toLowerCase()) throw fail(`$.companions[${i}]`, 'names the template itself')
  })
  return { name, title, description, application, roleDefinition, aliases, assignableAt, operations, forbiddenPrincipals, sources, companions }
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
