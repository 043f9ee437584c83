import { stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import { InvalidChangeError } from '../errors/change-errors.js'
import { SHIPPED_TEMPLATES } from './shipped-folder.js'

/** What a `--template` reference names: one template file, or a folder (every `*.json` in it, sorted by file name). */
export interface TemplateLocation {
  readonly kind: 'file' | 'folder'
  readonly path: string
}

/** A reference such as `templates/`, `./templates/x.json` or `templates/x`: the part after the shipped folder's own name, or undefined. */
function shippedTail(ref: string): string | undefined {
  const m = /^(?:\.[/\\])?templates(?:[/\\](.*))?$/.exec(ref)
  return m === null ? undefined : (m[1] ?? '')
}

/**
 * The paths a template reference may mean, in the order they are tried: the
 * path as given (relative to the current folder), then a shipped template
 * (`name` or `name.json` in azman's `templates/`, where `templates/...` names
 * the shipped folder itself).
 */
export function templateCandidates(ref: string): string[] {
  const out = [ref]
  if (isAbsolute(ref)) return out
  const tail = shippedTail(ref) ?? ref
  if (tail === '') out.push(SHIPPED_TEMPLATES)
  else if (!/[/\\]/.test(tail)) out.push(join(SHIPPED_TEMPLATES, tail.endsWith('.json') ? tail : `${tail}.json`))
  return [...new Set(out)]
}

async function kindOf(path: string): Promise<'file' | 'folder' | undefined> {
  return stat(path).then(
    (s) => (s.isDirectory() ? 'folder' : 'file'),
    () => undefined,
  )
}

/**
 * Where a template reference points: the first of {@link templateCandidates} that exists.
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND` naming every path tried.
 */
export async function locateTemplate(ref: string): Promise<TemplateLocation> {
  const tried = templateCandidates(ref)
  for (const path of tried) {
    const kind = await kindOf(path)
    if (kind !== undefined) return { kind, path }
  }
  throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', `no template ${ref} (tried ${tried.join(', ')}); azman templates lists the shipped ones`)
}
