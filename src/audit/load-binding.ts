import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { AuditBindingError } from '../errors/input-errors.js'
import type { Template } from '../templates/template.js'
import { parseBinding, type BindingFile } from './binding.js'

/** Reads and parses a binding file. */
export async function loadBinding(path: string, templates: readonly Template[]): Promise<BindingFile> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    throw new AuditBindingError(`cannot read binding ${path}: ${ioReason(e)}`, { cause: e })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new AuditBindingError(`binding ${path} is not valid JSON (${e instanceof Error ? e.message : 'parse error'})`)
  }
  return parseBinding(json, path, templates)
}
