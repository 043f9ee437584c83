import { AUDIT_FORMATS, AUDIT_MEDIA_TYPES, type AuditFormat } from '../../../audit/render/formats.js'
import type { HostReport } from '../host-report.js'
import { hostReportCsv } from './csv.js'
import { hostReportHtml } from './html.js'
import { hostReportMarkdown } from './markdown.js'
import { hostReportText } from './text.js'

/** The formats a host report comes in: the audit's (`--format`, REST `format`). */
export const HOST_REPORT_FORMATS = AUDIT_FORMATS
export type HostReportFormat = AuditFormat
/** The media type of each format, for HTTP. */
export const HOST_REPORT_MEDIA_TYPES = AUDIT_MEDIA_TYPES

const RENDER: Readonly<Record<HostReportFormat, (report: HostReport) => string>> = {
  text: hostReportText,
  md: hostReportMarkdown,
  csv: hostReportCsv,
  html: hostReportHtml,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
}

/** A host report as text in one of {@link HOST_REPORT_FORMATS} (JSON: the report object, indented, with a final line break). */
export function renderHostReport(report: HostReport, format: HostReportFormat): string {
  return RENDER[format](report)
}
