import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { StoreIoError } from '../errors/input-errors.js'
import { InvalidChangeError } from '../errors/change-errors.js'
import { SHIPPED_TEMPLATES } from './shipped-folder.js'
import { parseTemplate, type Template } from './template.js'
import { recordTemplateText } from './template-digest.js'
import { locateTemplate } from './template-ref.js'

export { SHIPPED_TEMPLATES }

/**
 * One template: a file path (relative to the current folder) if it exists, else a shipped template's
 * name (`hyperv-vm-operator`, `templates/hyperv-vm-operator.json`); a folder is refused (give it to
 * `loadTemplates`, which takes every template in it).
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND` naming every path tried.
 */
export async function loadTemplate(ref: string): Promise<Template> {
  const { kind, path } = await locateTemplate(ref)
  if (kind === 'folder') throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `${path} is a folder; give one template (a file or a shipped name)`)
  return loadTemplateFile(path)
}

/** A template from a file that exists, with the hash of its text recorded for reports. */
export async function loadTemplateFile(path: string): Promise<Template> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `no template ${path}; azman templates lists the shipped ones`)
    throw new StoreIoError(`cannot read template ${path}: ${ioReason(e)}`, { cause: e })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_INVALID', `template ${path} is not valid JSON`)
  }
  return recordTemplateText(parseTemplate(json, path), text)
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
    return await loadTemplateFile(`${SHIPPED_TEMPLATES}${name}.json`)
  } catch (e) {
    // The caller named a template, not a file: say nothing of where templates live.
    if (e instanceof InvalidChangeError && e.code === 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND') {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `no shipped template ${JSON.stringify(name)}; GET /templates (azman templates) lists them`)
    }
    throw e
  }
}
