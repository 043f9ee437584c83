import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { InvalidChangeError } from '../errors/change-errors.js'
import { loadTemplateFile } from './load-template.js'
import type { Template } from './template.js'
import { locateTemplate } from './template-ref.js'

/** The files a reference means: itself, or every `*.json` of a folder sorted by file name. */
async function templateFiles(ref: string): Promise<string[]> {
  const { kind, path } = await locateTemplate(ref)
  if (kind === 'file') return [path]
  const files = (await readdir(path)).filter((f) => f.endsWith('.json')).sort()
  if (files.length === 0) throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `the folder ${path} holds no template (*.json)`)
  return files.map((f) => join(path, f))
}

/**
 * Several templates, each given by file path or folder (relative to the
 * current folder) or, when no such path exists, by shipped name (a folder
 * means every `*.json` in it, sorted by file name). Two different templates
 * with one name are refused: a binding file could not tell them apart.
 */
export async function loadTemplates(refs: readonly string[]): Promise<Template[]> {
  const out: Template[] = []
  const origin = new Map<string, string>()
  for (const ref of refs) {
    for (const file of await templateFiles(ref)) {
      const template = await loadTemplateFile(file)
      const seen = origin.get(template.name)
      const where = resolve(file)
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
