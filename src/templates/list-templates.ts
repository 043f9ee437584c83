import { readdir } from 'node:fs/promises'
import { loadTemplateFile, SHIPPED_TEMPLATES } from './load-template.js'
import type { Template } from './template.js'

/** The templates shipped in `templates/`, by name. */
export async function listTemplates(): Promise<Template[]> {
  const files = (await readdir(SHIPPED_TEMPLATES)).filter((f) => f.endsWith('.json')).sort()
  return Promise.all(files.map((f) => loadTemplateFile(`${SHIPPED_TEMPLATES}${f}`)))
}
