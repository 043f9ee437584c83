import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { fileURLToPath } from 'node:url'
import { StoreIoError } from '../errors/input-errors.js'
import { InvalidChangeError } from '../errors/change-errors.js'
import { parseTemplate, type Template } from './template.js'

/** The folder of templates shipped with azman. */
export const SHIPPED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url))

/** The file a template reference names: a path (anything with a slash or ending in .json) or a shipped template's name. */
export function templatePath(ref: string): string {
  return ref.includes('/') || ref.includes('\\') || ref.endsWith('.json') ? ref : `${SHIPPED_TEMPLATES}${ref}.json`
}

/** A template by path (anything with a slash or ending in .json) or by name (a file in the shipped templates folder). */
export async function loadTemplate(ref: string): Promise<Template> {
  const path = templatePath(ref)
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `no template ${ref} (looked for ${path}); azman templates lists the shipped ones`)
    }
    throw new StoreIoError(`cannot read template ${path}: ${ioReason(e)}`, { cause: e })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_INVALID', `template ${path} is not valid JSON`)
  }
  return parseTemplate(json, path)
}

/** Names of shipped templates: a file name in `templates/` without `.json`. */
const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/**
 * A shipped template by name only, never a path: what the REST service
 * accepts, so a request cannot make the server read another file.
 */
export async function loadShippedTemplate(name: string): Promise<Template> {
  if (!TEMPLATE_NAME.test(name) || name.endsWith('.json')) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `no shipped template ${JSON.stringify(name)}; GET /templates (azman templates) lists them`)
  }
  try {
    return await loadTemplate(`${SHIPPED_TEMPLATES}${name}.json`)
  } catch (e) {
    // The caller named a template, not a file: say nothing of where templates live.
    if (e instanceof InvalidChangeError && e.code === 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND') {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `no shipped template ${JSON.stringify(name)}; GET /templates (azman templates) lists them`)
    }
    throw e
  }
}
