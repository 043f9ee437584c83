import { Type, type Static } from '@sinclair/typebox'
import type { Template } from '../templates/template.js'
import { templateDigest } from '../templates/template-digest.js'
import { azmanVersion } from './azman-version.js'
import { redactStoreRef } from './redact-ref.js'

/** A store a report was made from: its reference (credentials removed) and its version then. */
export const ReportStoreSchema = Type.Object(
  {
    ref: Type.String({ description: 'The store as given, with any password removed' }),
    version: Type.String({ description: "The store's version: sha256:<hex> of an XML file, ad:... (the highest uSNChanged) of an AD store" }),
  },
  { additionalProperties: false },
)

/** A template a report was judged against, with the hash of its text. */
export const ReportTemplateSchema = Type.Object(
  {
    name: Type.String(),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: "SHA-256 of the template file's text (of its JSON, for an inline template)" }),
  },
  { additionalProperties: false },
)

/**
 * What makes a report usable as evidence (the `report` field of audit, matrix
 * and diff answers): when it was made, from which store at which version,
 * against which templates, by which azman.
 */
export const ReportMetaSchema = Type.Object(
  {
    madeAt: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$', description: 'When the report was made (ISO 8601, UTC)' }),
    azman: Type.String({ description: "azman's version (azman --version)" }),
    stores: Type.Array(ReportStoreSchema, { description: 'The store, or for a diff storeA then storeB' }),
    templates: Type.Array(ReportTemplateSchema, { description: 'The templates the audit was judged against; empty for other reports' }),
  },
  { additionalProperties: false },
)

export type ReportMeta = Static<typeof ReportMetaSchema>

/** What {@link reportMeta} is made from. */
export interface ReportInput {
  /** Each store as given (credentials are removed here) and its version. */
  readonly stores: readonly { readonly ref: string; readonly version: string }[]
  readonly templates?: readonly Template[]
  /** The time of the report; default now. */
  readonly now?: Date
}

/** The evidence header of a report. */
export function reportMeta(input: ReportInput): ReportMeta {
  return {
    madeAt: (input.now ?? new Date(Date.now())).toISOString(),
    azman: azmanVersion(),
    stores: input.stores.map((s) => ({ ref: redactStoreRef(s.ref), version: s.version })),
    templates: (input.templates ?? []).map((t) => ({ name: t.name, sha256: templateDigest(t) })),
  }
}

/** The report header as lines of plain text (each free of line breaks), the same in text, Markdown and CSV. */
export function reportMetaLines(meta: ReportMeta): string[] {
  const lines = [`made ${meta.madeAt} by azman ${meta.azman}`]
  for (const s of meta.stores) lines.push(`store ${oneLine(s.ref)} at version ${s.version}`)
  for (const t of meta.templates) lines.push(`template ${oneLine(t.name)} sha256:${t.sha256}`)
  return lines
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ')
}

/** The header to put before a text report (its lines, then a blank line) or a CSV one (`# ` comment lines, CRLF). */
export function reportMetaHeader(meta: ReportMeta, format: 'text' | 'csv'): string {
  const lines = reportMetaLines(meta)
  return format === 'csv' ? lines.map((l) => `# ${l}\r\n`).join('') : `${lines.join('\n')}\n\n`
}
