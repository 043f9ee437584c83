import { InvalidChangeError } from '../errors/change-errors.js'

export const TEMPLATE_FORMAT = 'azman-template/1'

/** One operation a template allows, by OperationID; the name is for reading. */
export interface TemplateOperation {
  readonly id: number
  readonly name: string
  /** The job cannot be done without it. */
  readonly required: boolean
}

/** A principal that must never hold the role: a SID, or a domain-relative one such as `S-1-5-21-*-513`. */
export interface ForbiddenPrincipal {
  readonly sid: string
  readonly name: string
}

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
  /** `scope`: only inside a scope; `application`: only at application level; `any`. */
  readonly assignableAt: 'scope' | 'application' | 'any'
  readonly operations: readonly TemplateOperation[]
  readonly forbiddenPrincipals: readonly ForbiddenPrincipal[]
  /** Where the operation list comes from. */
  readonly sources: readonly string[]
}

function invalid(source: string, message: string): InvalidChangeError {
  return new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_INVALID', `template ${source}: ${message}`)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(o: Record<string, unknown>, key: string, source: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v === '') throw invalid(source, `"${key}" must be a non-empty string`)
  return v
}

/** Parses a template from JSON, refusing anything not of the documented shape. */
export function parseTemplate(value: unknown, source: string): Template {
  if (!isObject(value)) throw invalid(source, 'a template is a JSON object')
  if (value.format !== TEMPLATE_FORMAT) throw invalid(source, `"format" must be "${TEMPLATE_FORMAT}"`)
  const assignableAt = value.assignableAt
  if (assignableAt !== 'scope' && assignableAt !== 'application' && assignableAt !== 'any') throw invalid(source, '"assignableAt" must be "scope", "application" or "any"')
  const ops = value.operations
  if (!Array.isArray(ops) || ops.length === 0) throw invalid(source, '"operations" must be a non-empty array')
  const operations = ops.map((op, i): TemplateOperation => {
    if (!isObject(op) || typeof op.id !== 'number' || !Number.isSafeInteger(op.id) || typeof op.name !== 'string') {
      throw invalid(source, `operations[${i}] must be {"id": <OperationID>, "name": "...", "required": true|false}`)
    }
    if (op.required !== undefined && typeof op.required !== 'boolean') throw invalid(source, `operations[${i}].required must be true or false`)
    return { id: op.id, name: op.name, required: op.required === true }
  })
  const ids = new Set(operations.map((o) => o.id))
  if (ids.size !== operations.length) throw invalid(source, 'an OperationID is listed twice')
  const forbidden = value.forbiddenPrincipals ?? []
  if (!Array.isArray(forbidden)) throw invalid(source, '"forbiddenPrincipals" must be an array')
  const forbiddenPrincipals = forbidden.map((p, i): ForbiddenPrincipal => {
    if (!isObject(p) || typeof p.sid !== 'string' || !/^S-1-[0-9*]+(-[0-9*]+)*$/.test(p.sid) || typeof p.name !== 'string') {
      throw invalid(source, `forbiddenPrincipals[${i}] must be {"sid": "S-1-...", "name": "..."} (use * for a domain part)`)
    }
    return { sid: p.sid, name: p.name }
  })
  const sources = value.sources ?? []
  if (!Array.isArray(sources) || !sources.every((s): s is string => typeof s === 'string')) throw invalid(source, '"sources" must be an array of strings')
  return {
    name: str(value, 'name', source),
    title: str(value, 'title', source),
    description: str(value, 'description', source),
    application: str(value, 'application', source),
    roleDefinition: str(value, 'roleDefinition', source),
    assignableAt,
    operations,
    forbiddenPrincipals,
    sources,
  }
}

/** Whether a SID matches a forbidden-principal pattern (`*` stands for one SID part). */
export function matchesPrincipal(pattern: string, sid: string): boolean {
  const want = pattern.split('-')
  const got = sid.split('-')
  return want.length === got.length && want.every((part, i) => part === '*' || part === got[i])
}
