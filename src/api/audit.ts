import { auditStore } from '../audit/audit-store.js'
import { loadBinding } from '../audit/load-binding.js'
import type { AuditReport } from '../audit/report.js'
import type { FailOn } from '../audit/severity.js'
import type { PolicyStore } from '../model/policy.js'
import { reportMeta } from '../report/report-meta.js'
import { redactStoreRef } from '../report/redact-ref.js'
import { listTemplates } from '../templates/list-templates.js'
import { loadTemplates } from '../templates/load-templates.js'
import type { Template } from '../templates/template.js'

/** What {@link audit} holds the store against. */
export interface AuditSettings {
  /**
   * The least-privilege templates: shipped template names (`hyperv-vm-operator`), template files,
   * folders of them (every `*.json`), or templates already loaded. Default: every shipped template.
   */
  readonly templates?: readonly string[] | readonly Template[]
  /** A binding file (JSON) that ties role assignments to templates by name. Default: none (templates are chosen by name, then by closeness). */
  readonly binding?: string
  /** The severity from which `report.failed` is true: `info`, `low`, `medium`, `high` or `critical`, or `none` (never). Default `high`, as `azman audit`. */
  readonly failOn?: FailOn
  /** How the report names the store. Default `store`. */
  readonly store?: string
  /** The store's version (`StoreSnapshot.version`) for the report's evidence header. Default `unknown`. */
  readonly storeVersion?: string
}

/**
 * The least-privilege audit (docs/templates-and-audit.md#audit): holds every role assignment of a
 * store against templates and reports what departs from them, with findings most severe first, the
 * matrix of what each role assignment grants, and `failed` when a finding reaches `failOn`.
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND` or `AZMAN_ERR_CHANGE_TEMPLATE_INVALID`
 *   for a template that cannot be found or read.
 * @throws AuditBindingError `AZMAN_ERR_AUDIT_BINDING` for a binding file that cannot be read.
 */
export async function audit(policy: PolicyStore, settings: AuditSettings = {}): Promise<AuditReport> {
  const templates = await resolveTemplates(settings.templates)
  const binding = settings.binding === undefined ? undefined : await loadBinding(settings.binding, templates)
  const store = settings.store ?? 'store'
  const report = reportMeta({ stores: [{ ref: store, version: settings.storeVersion ?? 'unknown' }], templates })
  return auditStore(policy, { store: redactStoreRef(store), report, templates, failOn: settings.failOn ?? 'high', ...(binding === undefined ? {} : { binding }) })
}

async function resolveTemplates(refs: readonly string[] | readonly Template[] | undefined): Promise<readonly Template[]> {
  if (refs === undefined) return listTemplates()
  if (refs.every((r): r is string => typeof r === 'string')) return loadTemplates(refs)
  return refs.filter((r): r is Template => typeof r !== 'string')
}

/**
 * The least-privilege templates shipped with azman (`templates/`), by name.
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_TEMPLATE_INVALID` if a shipped file is damaged.
 */
export async function shippedTemplates(): Promise<Template[]> {
  return listTemplates()
}
