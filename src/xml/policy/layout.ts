import type { XmlDocument, XmlElement, XmlNode } from '../nodes.js'

/**
 * How a store file is laid out, so new markup looks like the rest of it.
 * `compact` is AzMan's own layout: the whole body on one line, no white space
 * between elements. `indented` is any pretty-printed file: one element a line,
 * indented by `indent` per level.
 */
export interface XmlLayout {
  readonly style: 'compact' | 'indented'
  /** The file's line break: CRLF in AzMan-written files. */
  readonly newline: '\r\n' | '\n'
  /** One level of indentation in an indented file. */
  readonly indent: string
}

function isBlank(text: string, node: XmlNode | undefined): node is XmlNode & { type: 'text' } {
  return node !== undefined && node.type === 'text' && !node.cdata && text.slice(node.start, node.end).trim() === ''
}

/** Finds the first element, depth first, that has element children; it tells whether siblings are separated by white space. */
function firstParent(el: XmlElement): XmlElement | undefined {
  for (const child of el.children) {
    if (child.type !== 'element') continue
    if (child.children.some((c) => c.type === 'element')) return child
  }
  return undefined
}

export function detectLayout(doc: XmlDocument): XmlLayout {
  const { text, root } = doc
  const firstBreak = text.indexOf('\n')
  const newline = firstBreak > 0 && text.charCodeAt(firstBreak - 1) === 0x0d ? '\r\n' : '\n'
  const lead = root.children[0]
  const leadText = lead !== undefined && isBlank(text, lead) ? text.slice(lead.start, lead.end) : ''
  const indent = leadText.replace(/^[\s\S]*\n/, '') || '\t'
  const parent = firstParent(root)
  let indented: boolean
  if (parent) indented = isBlank(text, parent.children[0])
  else {
    // No nested content to judge by: look at the gaps between the root's own children.
    const elements = root.children.filter((c) => c.type === 'element')
    const second = elements[1]
    indented = second !== undefined && isBlank(text, root.children[root.children.indexOf(second) - 1])
  }
  return { style: indented ? 'indented' : 'compact', newline, indent }
}

export { isBlank }
