import { AuditBindingError } from '../errors/input-errors.js'
import { isJsonObject, JsonFields, objectFields, type JsonErrorFactory } from '../json/json-fields.js'
import { parseSid } from '../model/sid.js'
import type { Template } from '../templates/template.js'

export const BINDING_FORMAT = 'azman-audit-binding/1'

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

/**
 * Parses a binding file (`azman-audit-binding/1`). Templates are named by
 * their `name` and must be among those the audit was given. Errors name the
 * file and the JSON path of the problem.
 */
export function parseBinding(value: unknown, source: string, templates: readonly Template[]): BindingFile {
  const fail: JsonErrorFactory = (path, message) => new AuditBindingError(`binding ${source}: ${path}: ${message}`)
  if (!isJsonObject(value)) throw fail('$', `a binding file is a JSON object {"format": "${BINDING_FORMAT}", "bindings": [...], "principals"?: [...]}`)
  const f = new JsonFields(value, '$', fail)
  if (f.raw('format') !== BINDING_FORMAT) throw fail('$.format', `must be "${BINDING_FORMAT}"`)
  const items = f.array('bindings', 'an array of {"app", "scope"?, "roleAssignment", "template"}')
  const principalItems = f.optionalArray('principals', 'an array of {"sid", "name"}')
  f.done('a binding file')

  const bindings = items.map((item, i): Binding => {
    const at = `$.bindings[${i}]`
    const b = objectFields(item, at, fail, '{"app", "scope"?, "roleAssignment", "template": "<template name>" | null, "reason"?}')
    const app = b.text('app')
    const scopeValue = b.raw('scope')
    if (scopeValue !== undefined && scopeValue !== null && (typeof scopeValue !== 'string' || scopeValue === '')) {
      throw fail(`${at}.scope`, 'must be a scope name, "*" for every scope and the application level, or absent (or null) for the application level')
    }
    const scope = typeof scopeValue === 'string' ? scopeValue : undefined
    const roleAssignment = b.text('roleAssignment')
    const templateValue = b.raw('template')
    let template: Template | null
    if (templateValue === null) template = null
    else if (typeof templateValue !== 'string')
      throw fail(`${at}.template`, templateValue === undefined ? 'is required: a template name, or null for none' : 'must be a template name, or null for none')
    else {
      const found = templates.find((t) => t.name === templateValue)
      if (!found) throw fail(`${at}.template`, `names template ${JSON.stringify(templateValue)}, which is not among the templates given with --template (${templates.map((t) => t.name).join(', ')})`)
      if (found.application.toLowerCase() !== app.toLowerCase())
        throw fail(`${at}.template`, `template ${JSON.stringify(found.name)} is for application ${JSON.stringify(found.application)}, not ${JSON.stringify(app)}`)
      template = found
    }
    const reason = b.optionalString('reason')
    b.done('a binding')
    return { at, app, scope, roleAssignment, template, reason }
  })
  bindings.forEach((b, i) => {
    const first = bindings.findIndex(
      (o) => o.app.toLowerCase() === b.app.toLowerCase() && o.scope?.toLowerCase() === b.scope?.toLowerCase() && o.roleAssignment.toLowerCase() === b.roleAssignment.toLowerCase(),
    )
    if (first !== i) throw fail(b.at, `binds the same role assignment as $.bindings[${first}]`)
  })

  let principals: Map<string, string> | undefined
  if (principalItems !== undefined) {
    principals = new Map()
    for (const [i, item] of principalItems.entries()) {
      const at = `$.principals[${i}]`
      const p = objectFields(item, at, fail, '{"sid": "S-1-...", "name": "DOMAIN\\\\account"}')
      const written = p.string('sid')
      // Canonical, so that it names the SID however the store spells it (leading zeros, case).
      const sid = parseSid(written)
      if (sid === undefined) throw fail(`${at}.sid`, `${JSON.stringify(written)} is not a SID`)
      const name = p.text('name')
      p.done('a principal')
      if (principals.has(sid)) throw fail(`${at}.sid`, `${written} is listed twice${written === sid ? '' : ` (it is ${sid})`}`)
      principals.set(sid, name)
    }
  }
  return { bindings, principals }
}
