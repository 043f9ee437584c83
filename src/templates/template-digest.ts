import { createHash } from 'node:crypto'
import type { Template } from './template.js'

const DIGESTS = new WeakMap<Template, string>()

/** SHA-256 (hex) of a text as UTF-8. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** Records the text a template was read from, so a report can name its hash. */
export function recordTemplateText<T extends Template>(template: T, text: string): T {
  DIGESTS.set(template, sha256Hex(text))
  return template
}

/**
 * The SHA-256 (hex) a report gives for a template: of the file's text as read
 * (what `sha256sum` prints for a UTF-8 file without a byte-order mark), or,
 * for a template built in memory, of its JSON.
 */
export function templateDigest(template: Template): string {
  return DIGESTS.get(template) ?? sha256Hex(JSON.stringify(template))
}
