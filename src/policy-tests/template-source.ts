import { dirname, isAbsolute, resolve } from 'node:path'
import { loadBinding } from '../audit/load-binding.js'
import { parseBinding, type BindingFile } from '../audit/binding.js'
import { UsageError } from '../errors/usage-error.js'
import { exists } from '../fs/file-system.js'
import { inlineTemplate } from '../templates/inline-template.js'
import { loadShippedTemplate } from '../templates/load-template.js'
import { loadTemplates } from '../templates/load-templates.js'
import type { Template } from '../templates/template.js'

/** Where an audit test's templates and binding come from. */
export interface TemplateSource {
  /** One template reference: a name or path (a string), or an inline template document; `at` is its JSON path. */
  templates(ref: string | Readonly<Record<string, unknown>>, at: string): Promise<Template[]>
  /** The binding: a file (a string) or an inline binding document. */
  binding(ref: string | Readonly<Record<string, unknown>>, at: string, templates: readonly Template[]): Promise<BindingFile>
}

/**
 * What a request may name (the REST service): shipped template names and
 * inline documents only, never a file.
 */
export const INLINE_ONLY: TemplateSource = {
  async templates(ref, at) {
    return [typeof ref === 'string' ? await loadShippedTemplate(ref) : inlineTemplate(ref, at)]
  },
  binding(ref, at, templates) {
    if (typeof ref === 'string') return Promise.reject(new UsageError('a binding file can be named only on the command line: send the binding document itself'))
    return Promise.resolve(parseBinding(ref, at, templates))
  },
}

/**
 * What a test file on disk may name (the CLI): template files and folders,
 * and binding files, relative to the test file's folder (else a shipped
 * template's name), and inline documents.
 */
export function besideFile(testFile: string): TemplateSource {
  const folder = dirname(testFile)
  const near = async (ref: string): Promise<string> => {
    if (isAbsolute(ref)) return ref
    const path = resolve(folder, ref)
    return (await exists(path)) ? path : ref
  }
  return {
    async templates(ref, at) {
      return typeof ref === 'string' ? loadTemplates([await near(ref)]) : [inlineTemplate(ref, at)]
    },
    async binding(ref, at, templates) {
      return typeof ref === 'string' ? loadBinding(await near(ref), templates) : parseBinding(ref, at, templates)
    },
  }
}
