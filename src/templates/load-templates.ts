import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { InvalidChangeError } from '../errors/change-errors.js'
import { loadTemplate, templatePath } from './load-template.js'
import type { Template } from './template.js'

/**
 * Several templates, each given by name, by file path, or as a folder (every
 * `*.json` in it). Two different templates with one name are refused: a
 * binding file could not tell them apart.
 */
export async function loadTemplates(refs: readonly string[]): Promise<Template[]> {
  const out: Template[] = []
  const origin = new Map<string, string>()
  for (const ref of refs) {
    const isFolder = await stat(ref).then(
      (s) => s.isDirectory(),
      () => false,
    )
    const files = isFolder ? (await readdir(ref)).filter((f) => f.endsWith('.json')).sort().map((f) => join(ref, f)) : [ref]
    if (isFolder && files.length === 0) throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `the folder ${ref} holds no template (*.json)`)
    for (const file of files) {
      const template = await loadTemplate(file)
      const seen = origin.get(template.name)
      const where = resolve(templatePath(file))
      if (seen === undefined) {
        origin.set(template.name, where)
        out.push(template)
      } else if (seen !== where) {
        throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_INVALID', `two templates are named ${JSON.stringify(template.name)} (${seen} and ${where}); template names must be unique`)
      }
    }
  }
  return out
}
