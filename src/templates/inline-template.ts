import { InvalidChangeError } from '../errors/change-errors.js'
import { parseTemplate, type Template } from './template.js'
import { recordTemplateText } from './template-digest.js'

/** The most inline templates one request may give. */
export const MAX_INLINE_TEMPLATES = 32

/**
 * A template given as a JSON document (a REST audit's `templates[i]`), read
 * through the same schema as a template file; its hash is of its JSON text.
 *
 * @param at where the document is in the request (`$.templates[0]`), for messages.
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_TEMPLATE_INVALID` naming the JSON path.
 */
export function inlineTemplate(value: unknown, at: string): Template {
  return recordTemplateText(parseTemplate(value, at), JSON.stringify(value))
}

/** Whether an error is a template document's own fault (as opposed to a shipped file's). */
export function isTemplateInvalid(e: unknown): e is InvalidChangeError {
  return e instanceof InvalidChangeError && e.code === 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID'
}
