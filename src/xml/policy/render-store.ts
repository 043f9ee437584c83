import type { PolicyStore } from '../../model/policy.js'
import { escapeAttribute } from '../escape.js'
import type { XmlLayout } from './layout.js'
import { renderObject } from './render-object.js'
import { ATTRIBUTE, STORE_ELEMENT } from './xml-shape.js'

/** AzMan's own layout: CRLF, the body on one line after one TAB. */
export const AZMAN_LAYOUT: XmlLayout = { style: 'compact', newline: '\r\n', indent: '\t' }

/**
 * A whole store as AzMan writes a new file: the declaration, the root start
 * tag, CRLF and a TAB, then every object on one line, the root end tag and
 * CRLF. Applications come first, then store-level groups.
 */
export function renderStore(policy: PolicyStore): string {
  const attrs: [string, string | undefined][] = [
    [ATTRIBUTE.majorVersion, policy.majorVersion],
    [ATTRIBUTE.minorVersion, policy.minorVersion],
    [ATTRIBUTE.guid, policy.guid],
    [ATTRIBUTE.description, policy.description],
  ]
  const rootAttrs = attrs
    .filter((a): a is [string, string] => a[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('')
  const body = [
    ...policy.applications.map((object) => renderObject({ kind: 'application', object }, AZMAN_LAYOUT, 1)),
    ...policy.groups.map((object) => renderObject({ kind: 'group', object }, AZMAN_LAYOUT, 1)),
  ].join('')
  return `<?xml version="1.0" encoding="utf-8"?>\r\n<${STORE_ELEMENT}${rootAttrs}>\r\n\t${body}</${STORE_ELEMENT}>\r\n`
}
