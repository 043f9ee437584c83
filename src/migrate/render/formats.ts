import type { MigrationReport } from '../migrate.js'
import { migrationHtml } from './migration-html.js'
import { migrationMarkdown } from './migration-markdown.js'
import { migrationText } from './migration-text.js'

/** The formats a migration report comes in: `azman migrate --format`. */
export const MIGRATION_FORMATS = ['text', 'md', 'html', 'json'] as const
export type MigrationFormat = (typeof MIGRATION_FORMATS)[number]

const RENDER: Readonly<Record<Exclude<MigrationFormat, 'json'>, (report: MigrationReport, written: readonly string[]) => string>> = {
  text: migrationText,
  md: (report) => migrationMarkdown(report),
  html: (report) => migrationHtml(report),
}

/** A report in one of the non-JSON formats (`written`: the files written, which the text names). */
export function renderMigration(report: MigrationReport, format: Exclude<MigrationFormat, 'json'>, written: readonly string[] = []): string {
  return RENDER[format](report, written)
}
