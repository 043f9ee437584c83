import { AuditBindingError } from '../errors/input-errors.js'
import type { Static, TSchema } from '@sinclair/typebox'
import { problemBefore, schemaProblem } from '../json/schema-check.js'
import type { JsonProblem } from '../json/schema-messages.js'
import { parseSid } from '../model/sid.js'
import type { Template } from '../templates/template.js'

import { BINDING_FORMAT, BindingEntrySchema, BindingFileSchema, BindingFileShellSchema, PrincipalEntrySchema } from './schema/binding-file.js'

export { BINDING_FORMAT }

/** Which template one role assignment (or every one of that name) is held against. */
export interface Binding {
  /** Where it is in the file, for messages: `$.bindings[2]`. */
  readonly at: string
  readonly app: string
  /** A scope name; undefined for the application level; `*` for the application level and every scope. */
  readonly scope: string | undefined
  readonly roleAssignment: string
  /** The template, or null: the role assignment is held against no template (reviewed by hand). */
  readonly template: Template | null
  /** Why, for the report (a ticket, a review). */
  readonly reason: string | undefined
}

/** An audit binding file: template choices, and names for SIDs a directory would resolve. */
export interface BindingFile {
  readonly bindings: readonly Binding[]
  /** SID -> name; when given, domain SIDs missing from it are reported as unresolved. */
  readonly principals: ReadonlyMap<string, string> | undefined
}

type Fail = (path: string, message: string) => Error

/** The first problem, in field order, of `value` (found at `base`) against `schema`; undefined when it fits. */
function problemIn(schema: TSchema, value: unknown, base: string): JsonProblem | undefined {
  return schemaProblem(schema, value, base, 'is not a field of a binding file')
}

/** Throws the first problem of `value` against `schema`, if any. */
function assertJson<T extends TSchema>(schema: T, value: unknown, base: string, fail: Fail): asserts value is Static<T> {
  const problem = problemIn(schema, value, base)
  if (problem !== undefined) throw fail(problem.path, problem.message)
}

/**
 * One entry of `bindings`, checked as a reader meets its fields: the
 * template is looked up once `app` to `template` are well formed, before
 * `reason` and unknown fields are checked.
 */
function bindingEntry(item: unknown, at: string, templates: readonly Template[], fail: Fail): Binding {
  const problem = problemIn(BindingEntrySchema, item, at)
  if (problem !== undefined && problemBefore(problem, at, ['app', 'scope', 'roleAssignment', 'template'])) throw fail(problem.path, problem.message)
  const entry = item as Static<typeof BindingEntrySchema>
  const template = entry.template === null ? null : boundTemplate(entry.template, entry.app, at, templates, fail)
  if (problem !== undefined) throw fail(problem.path, problem.message)
  return { at, app: entry.app, scope: entry.scope ?? undefined, roleAssignment: entry.roleAssignment, template, reason: entry.reason }
}

/** One entry of `principals`: its canonical SID (checked before `name` and unknown fields) and name. */
function principalEntry(item: unknown, at: string, fail: Fail): { readonly written: string; readonly sid: string; readonly name: string } {
  const problem = problemIn(PrincipalEntrySchema, item, at)
  if (problem !== undefined && problemBefore(problem, at, ['sid'])) throw fail(problem.path, problem.message)
  const entry = item as Static<typeof PrincipalEntrySchema>
  // Canonical, so that it names the SID however the store spells it (leading zeros, case).
  const sid = parseSid(entry.sid)
  if (sid === undefined) throw fail(`${at}.sid`, `${JSON.stringify(entry.sid)} is not a SID`)
  if (problem !== undefined) throw fail(problem.path, problem.message)
  return { written: entry.sid, sid, name: entry.name }
}

/** The template a binding names, which must be among `templates` and for its application. */
function boundTemplate(name: string, app: string, at: string, templates: readonly Template[], fail: Fail): Template {
  const found = templates.find((t) => t.name === name)
  if (!found) throw fail(`${at}.template`, `names template ${JSON.stringify(name)}, which is not among the templates given with --template (${templates.map((t) => t.name).join(', ')})`)
  if (found.application.toLowerCase() !== app.toLowerCase())
    throw fail(`${at}.template`, `template ${JSON.stringify(found.name)} is for application ${JSON.stringify(found.application)}, not ${JSON.stringify(app)}`)
  return found
}

/**
 * Parses a binding file (`azman-audit-binding/1`, {@link BindingFileSchema}).
 * Templates are named by their `name` and must be among those the audit was
 * given. Errors name the file and the JSON path of the problem.
 */
export function parseBinding(value: unknown, source: string, templates: readonly Template[]): BindingFile {
  const fail: Fail = (path, message) => new AuditBindingError(`binding ${source}: ${path}: ${message}`)
  assertJson(BindingFileShellSchema, value, '$', fail)
  const bindings = value.bindings.map((item, i) => bindingEntry(item, `$.bindings[${i}]`, templates, fail))
  bindings.forEach((b, i) => {
    const first = bindings.findIndex(
      (o) => o.app.toLowerCase() === b.app.toLowerCase() && o.scope?.toLowerCase() === b.scope?.toLowerCase() && o.roleAssignment.toLowerCase() === b.roleAssignment.toLowerCase(),
    )
    if (first !== i) throw fail(b.at, `binds the same role assignment as $.bindings[${first}]`)
  })

  let principals: Map<string, string> | undefined
  if (value.principals !== undefined) {
    principals = new Map()
    for (const [i, item] of value.principals.entries()) {
      const at = `$.principals[${i}]`
      const { written, sid, name } = principalEntry(item, at, fail)
      if (principals.has(sid)) throw fail(`${at}.sid`, `${written} is listed twice${written === sid ? '' : ` (it is ${sid})`}`)
      principals.set(sid, name)
    }
  }
  return { bindings, principals }
}
