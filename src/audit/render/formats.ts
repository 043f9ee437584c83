import type { AuditReport } from '../report.js'
import { auditCsv } from './csv.js'
import { auditHtml } from './html.js'
import { auditMarkdown } from './markdown.js'
import { auditText } from './text.js'

/** The formats an audit report comes in: `azman audit --format` and the REST service's `format`. */
export const AUDIT_FORMATS = ['text', 'md', 'csv', 'html', 'json'] as const
export type AuditFormat = (typeof AUDIT_FORMATS)[number]

/** The media type of each format, for HTTP. */
export const AUDIT_MEDIA_TYPES: Readonly<Record<AuditFormat, string>> = {
  text: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
}

const RENDER: Readonly<Record<Exclude<AuditFormat, 'json'>, (report: AuditReport) => string>> = {
  text: auditText,
  md: auditMarkdown,
  csv: auditCsv,
  html: auditHtml,
}

/** A report as text in one of the non-JSON formats. */
export function renderAudit(report: AuditReport, format: Exclude<AuditFormat, 'json'>): string {
  return RENDER[format](report)
}
