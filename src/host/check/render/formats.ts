import { AUDIT_FORMATS, AUDIT_MEDIA_TYPES, type AuditFormat } from '../../../audit/render/formats.js'
import type { HostReport } from '../host-report.js'
import { hostReportCsv } from './csv.js'
import { hostReportHtml } from './html.js'
import { hostReportJson } from './json.js'
import { hostReportMarkdown } from './markdown.js'
import { hostReportText } from './text.js'

/** The formats a host report comes in: the audit's (`--format`, REST `format`). */
export const HOST_REPORT_FORMATS = AUDIT_FORMATS
export type HostReportFormat = AuditFormat
/** The media type of each format, for HTTP. */
export const HOST_REPORT_MEDIA_TYPES = AUDIT_MEDIA_TYPES

/** Characters handed on at once by {@link hostReportPieces} (64 Ki). */
const PIECE_CHARS = 65_536

const RENDER: Readonly<Record<HostReportFormat, (report: HostReport) => Iterable<string>>> = {
  text: hostReportText,
  md: hostReportMarkdown,
  csv: hostReportCsv,
  html: (report) => [hostReportHtml(report)],
  json: hostReportJson,
}

/** A host report as text in one of {@link HOST_REPORT_FORMATS} (JSON: the report object, indented, with a final line break). */
export function renderHostReport(report: HostReport, format: HostReportFormat): string {
  return [...RENDER[format](report)].join('')
}

/**
 * {@link renderHostReport}'s text in pieces of about 64 Ki characters, made as
 * they are asked for: a fleet's report is written without ever holding its
 * whole text (HTML, for people, is made whole).
 */
export function* hostReportPieces(report: HostReport, format: HostReportFormat): Generator<string> {
  let batch: string[] = []
  let size = 0
  for (const part of RENDER[format](report)) {
    batch.push(part)
    size += part.length
    if (size < PIECE_CHARS) continue
    yield batch.join('')
    batch = []
    size = 0
  }
  if (batch.length > 0) yield batch.join('')
}
