import { readFile } from 'node:fs/promises'
import { AuditBindingError } from '../errors/input-errors.js'
import type { Template } from '../templates/template.js'
import { parseBinding, type BindingFile } from './binding.js'

/** Reads and parses a binding file. */
export async function loadBinding(path: string, templates: readonly Template[]): Promise<BindingFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new AuditBindingError(`cannot read binding ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'error')}`, { cause: e })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new AuditBindingError(`binding ${path} is not valid JSON (${e instanceof Error ? e.message : 'parse error'})`)
  }
  return parseBinding(json, path, templates)
}
