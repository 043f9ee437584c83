import { XmlEncodingError, XmlSyntaxError, XmlUnsafeError } from '../errors/input-errors.js'
import { decodeAttribute, scanReference } from './escape.js'
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlText } from './nodes.js'
import { formatPosition, positionAt } from './position.js'
import { finish, type Steps } from '../model/steps.js'

/**
 * A strict, span-keeping XML 1.0 scanner for AzMan stores.
 *
 * It builds a tree of elements and text runs that records where every node
 * sits, so an unchanged document can be written back byte for byte and an
 * edit touches only its own bytes. It is deliberately small:
 *
 * - A DOCTYPE, an entity declaration or a reference to any entity other than
 *   the five predefined ones is refused as unsafe. Nothing is ever expanded
 *   or fetched.
 * - Only UTF-8 is accepted (the caller decodes the bytes strictly).
 * - Every error names the line and column where the input went wrong.
 */
export function scanXml(text: string, source?: string): XmlDocument {
  return finish(scanXmlSteps(text, source))
}

/** {@link scanXml} in steps of {@link ELEMENTS_PER_STEP} elements (see `model/steps.ts`), for callers that must not hold the event loop. */
export function scanXmlSteps(text: string, source?: string): Steps<XmlDocument> {
  return new Scanner(text, source).document()
}

/** How many elements the scanner reads between two steps. */
export const ELEMENTS_PER_STEP = 256

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const QUESTION = 0x3f
const BANG = 0x21
const EQUALS = 0x3d
const DQUOTE = 0x22
const SQUOTE = 0x27

// Characters XML 1.0 forbids anywhere in a document. A binary file trips this first.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d
}

/** Ends a name: white space, `/`, `>`, `=`, `<`, `?` or end of input. */
function isNameEnd(c: number): boolean {
  return c <= 0x20 || c === SLASH || c === GT || c === EQUALS || c === LT || c === QUESTION || Number.isNaN(c)
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7
}

/** Shared by every element without children or attributes; most AzMan elements have one text child. */
const NONE: readonly never[] = Object.freeze([])

/** The array at its exact size: arrays grown by push keep spare room, and a store has millions of them. */
function settle<T>(items: T[]): readonly T[] {
  return items.length === 0 ? NONE : items.slice()
}

interface OpenElement {
  readonly name: string
  readonly start: number
  readonly openEnd: number
  readonly attributes: XmlAttribute[]
  readonly children: XmlNode[]
}

class Scanner {
  private pos = 0
  /** Memoised next offsets of `&` and `]]>`, so checking each text run costs its own length, not the document's. */
  private readonly next = new Map<string, { readonly from: number; readonly at: number }>()

  constructor(
    private readonly text: string,
    private readonly source: string | undefined,
  ) {}

  *document(): Steps<XmlDocument> {
    const { text } = this
    const bom = text.charCodeAt(0) === 0xfeff
    if (bom) this.pos = 1
    const forbidden = FORBIDDEN_CHAR.exec(text)
    if (forbidden) {
      const cp = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
      throw this.syntax(`the character U+${cp} is not allowed in XML (is this a binary file?)`, forbidden.index)
    }
    this.declaration()
    this.misc()
    if (this.pos >= text.length) throw this.syntax('the document has no root element', this.pos)
    if (text.charCodeAt(this.pos) !== LT) throw this.syntax('text is not allowed before the root element', this.pos)
    const root = yield* this.element()
    this.misc()
    if (this.pos < text.length) {
      throw this.syntax(text.charCodeAt(this.pos) === LT ? 'a document has one root element; found another after it' : 'text is not allowed after the root element', this.pos)
    }
    return { text, root, bom }
  }

  /** `<?xml version="1.0" encoding="utf-8"?>`, when present. */
  private declaration(): void {
    const { text } = this
    if (!text.startsWith('<?xml', this.pos) || !isSpace(text.charCodeAt(this.pos + 5))) return
    const start = this.pos
    const end = text.indexOf('?>', start)
    if (end === -1) throw this.syntax('the XML declaration is not closed with "?>"', start)
    const body = text.slice(start + 5, end)
    const pseudo = /^\s+version\s*=\s*(["'])(1\.[0-9]+)\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\3)?(?:\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.exec(body)
    if (!pseudo) throw this.syntax('the XML declaration is malformed', start)
    const encoding = pseudo[4]
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      throw new XmlEncodingError(`the store declares encoding "${encoding}"; AzMan stores are UTF-8 (at ${formatPosition(positionAt(text, start))})`, this.options(start))
    }
    this.pos = end + 2
  }

  /** White space, comments and processing instructions outside the root; refuses DOCTYPE. */
  private misc(): void {
    const { text } = this
    for (;;) {
      while (isSpace(text.charCodeAt(this.pos))) this.pos++
      if (text.charCodeAt(this.pos) !== LT) return
      const next = text.charCodeAt(this.pos + 1)
      if (next === BANG) {
        if (text.startsWith('<!--', this.pos)) this.comment()
        else this.markupDeclaration()
      } else if (next === QUESTION) this.processingInstruction()
      else return
    }
  }

  /** `<!DOCTYPE`, `<!ENTITY` and any other `<!` construct outside comments and CDATA. */
  private markupDeclaration(): never {
    const { text, pos } = this
    if (/^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i.test(text.slice(pos, pos + 12))) {
      const what = text.slice(pos + 2, pos + 12).split(/\s/)[0] ?? ''
      throw new XmlUnsafeError(
        `the store contains a ${what.toUpperCase()} declaration at ${formatPosition(positionAt(text, pos))}; ` + 'DTDs and entity declarations are refused as unsafe and never expanded',
        this.options(pos),
      )
    }
    throw this.syntax('unexpected "<!"', pos)
  }

  private comment(): XmlNode {
    const start = this.pos
    const end = this.text.indexOf('-->', start + 4)
    if (end === -1) throw this.syntax('a comment is not closed with "-->"', start)
    // Up to and including the first "-" of "-->", so a comment ending "--->" is caught too.
    const dashes = this.text.slice(start + 4, end + 1).indexOf('--')
    if (dashes !== -1) throw this.syntax('"--" is not allowed inside a comment', start + 4 + dashes)
    this.pos = end + 3
    return { type: 'comment', start, end: this.pos }
  }

  private processingInstruction(): XmlNode {
    const start = this.pos
    const target = /^<\?([A-Za-z_][\w.-]*)/.exec(this.text.slice(start, start + 64))
    if (!target || target[1] === undefined) throw this.syntax('malformed processing instruction', start)
    if (target[1].toLowerCase() === 'xml') throw this.syntax('the XML declaration is only allowed at the very start', start)
    const end = this.text.indexOf('?>', start + 2)
    if (end === -1) throw this.syntax('a processing instruction is not closed with "?>"', start)
    this.pos = end + 2
    return { type: 'pi', start, end: this.pos }
  }

  private cdata(): XmlText {
    const start = this.pos
    const end = this.text.indexOf(']]>', start + 9)
    if (end === -1) throw this.syntax('a CDATA section is not closed with "]]>"', start)
    this.pos = end + 3
    return { type: 'text', start, end: this.pos, cdata: true }
  }

  /** The element that starts at `pos`, with everything inside it. Iterative, so depth cannot overflow the stack. */
  private *element(): Steps<XmlElement> {
    const { text } = this
    const stack: OpenElement[] = []
    let root: XmlElement | undefined
    for (let count = 1; ; count++) {
      if (count % ELEMENTS_PER_STEP === 0) yield
      const open = this.startTag()
      let current: OpenElement | undefined
      if (open.selfClosing) {
        const el: XmlElement = {
          type: 'element',
          name: open.name,
          start: open.start,
          openEnd: this.pos,
          closeStart: this.pos,
          end: this.pos,
          selfClosing: true,
          attributes: settle(open.attributes),
          children: NONE,
        }
        const parent = stack[stack.length - 1]
        if (!parent) return el
        parent.children.push(el)
        current = parent
      } else {
        current = { name: open.name, start: open.start, openEnd: this.pos, attributes: open.attributes, children: [] }
        stack.push(current)
      }
      // Content of `current` until the next child start tag, or its end tag.
      for (;;) {
        const lt = text.indexOf('<', this.pos)
        if (lt === -1) {
          const top = stack[stack.length - 1] ?? current
          throw this.syntax(`unexpected end of input: <${top.name}> opened at ${formatPosition(positionAt(text, top.start))} is not closed`, text.length)
        }
        if (lt > this.pos) {
          this.checkText(this.pos, lt)
          current.children.push({ type: 'text', start: this.pos, end: lt, cdata: false })
          this.pos = lt
        }
        const next = text.charCodeAt(lt + 1)
        if (next === SLASH) {
          const el = this.endTag(current)
          stack.pop()
          const parent = stack[stack.length - 1]
          if (!parent) {
            root = el
            break
          }
          parent.children.push(el)
          current = parent
        } else if (next === BANG) {
          if (text.startsWith('<!--', lt)) current.children.push(this.comment())
          else if (text.startsWith('<![CDATA[', lt)) current.children.push(this.cdata())
          else this.markupDeclaration()
        } else if (next === QUESTION) {
          current.children.push(this.processingInstruction())
        } else {
          break // a child element: back to the outer loop
        }
      }
      if (root) return root
    }
  }

  private startTag(): { name: string; start: number; attributes: XmlAttribute[]; selfClosing: boolean } {
    const { text } = this
    const start = this.pos
    const name = this.name(start + 1, 'element')
    let pos = start + 1 + name.length
    const attributes: XmlAttribute[] = []
    for (;;) {
      const spaceStart = pos
      let c = text.charCodeAt(pos)
      while (isSpace(c)) c = text.charCodeAt(++pos)
      if (c === GT) {
        this.pos = pos + 1
        return { name, start, attributes, selfClosing: false }
      }
      if (c === SLASH) {
        if (text.charCodeAt(pos + 1) !== GT) throw this.syntax(`expected "/>" to close <${name}>`, pos)
        this.pos = pos + 2
        return { name, start, attributes, selfClosing: true }
      }
      if (Number.isNaN(c)) throw this.syntax(`unexpected end of input inside the start tag of <${name}>`, pos)
      if (pos === spaceStart) throw this.syntax(`expected white space before an attribute in <${name}>`, pos)
      attributes.push(this.attribute(pos, name, attributes))
      pos = this.pos
    }
  }

  private attribute(start: number, element: string, seen: readonly XmlAttribute[]): XmlAttribute {
    const { text } = this
    const name = this.name(start, 'attribute')
    let pos = start + name.length
    while (isSpace(text.charCodeAt(pos))) pos++
    if (text.charCodeAt(pos) !== EQUALS) throw this.syntax(`expected "=" after the attribute ${name} of <${element}>`, pos)
    pos++
    while (isSpace(text.charCodeAt(pos))) pos++
    const quote = text.charCodeAt(pos)
    if (quote !== DQUOTE && quote !== SQUOTE) throw this.syntax(`the value of ${name} in <${element}> must be quoted`, pos)
    const valueStart = pos + 1
    const valueEnd = text.indexOf(quote === DQUOTE ? '"' : "'", valueStart)
    if (valueEnd === -1) throw this.syntax(`the value of ${name} in <${element}> is not closed`, pos)
    const lt = text.indexOf('<', valueStart)
    if (lt !== -1 && lt < valueEnd) throw this.syntax(`"<" is not allowed in the value of ${name}`, lt)
    this.checkReferences(valueStart, valueEnd)
    if (seen.length < 16 ? seen.some((a) => a.name === name) : this.attributeNames(seen).has(name)) {
      throw this.syntax(`the attribute ${name} appears twice in <${element}>`, start)
    }
    this.pos = valueEnd + 1
    return { name, value: decodeAttribute(text.slice(valueStart, valueEnd)), start, valueStart, valueEnd }
  }

  /** Attribute names of a start tag with many attributes, kept in step as it grows. */
  private namesOf: { readonly list: readonly XmlAttribute[]; readonly names: Set<string> } | undefined

  private attributeNames(list: readonly XmlAttribute[]): Set<string> {
    if (this.namesOf?.list !== list) this.namesOf = { list, names: new Set(list.map((a) => a.name)) }
    const { names } = this.namesOf
    for (let i = names.size; i < list.length; i++) names.add(list[i]?.name ?? '')
    return names
  }

  private endTag(open: OpenElement): XmlElement {
    const { text } = this
    const closeStart = this.pos
    const name = this.name(closeStart + 2, 'element')
    let pos = closeStart + 2 + name.length
    while (isSpace(text.charCodeAt(pos))) pos++
    if (text.charCodeAt(pos) !== GT) throw this.syntax(`expected ">" to close </${name}>`, pos)
    if (name !== open.name) {
      throw this.syntax(`</${name}> does not match <${open.name}> opened at ${formatPosition(positionAt(text, open.start))}`, closeStart)
    }
    this.pos = pos + 1
    return {
      type: 'element',
      name,
      start: open.start,
      openEnd: open.openEnd,
      closeStart,
      end: this.pos,
      selfClosing: false,
      attributes: settle(open.attributes),
      children: settle(open.children),
    }
  }

  private name(start: number, what: 'element' | 'attribute'): string {
    const { text } = this
    if (!isNameStart(text.charCodeAt(start))) {
      if (start >= text.length) throw this.syntax(`unexpected end of input where an ${what} name was expected`, start)
      throw this.syntax(`expected an ${what} name`, start)
    }
    let end = start + 1
    while (!isNameEnd(text.charCodeAt(end))) {
      if (!isNameChar(text.charCodeAt(end))) throw this.syntax(`the character "${text[end] ?? ''}" is not allowed in an ${what} name`, end)
      end++
    }
    return text.slice(start, end)
  }

  /** Character data: every `&` must start a predefined or numeric reference; `]]>` is not allowed. */
  private checkText(start: number, end: number): void {
    this.checkReferences(start, end)
    const bad = this.nextIndexOf(']]>', start)
    if (bad < end) throw this.syntax('"]]>" is not allowed in text', bad)
  }

  /** The first offset of `needle` at or after `from`, or Infinity. Amortised linear over a scan that moves forward. */
  private nextIndexOf(needle: string, from: number): number {
    const known = this.next.get(needle)
    // A remembered answer for an earlier start still holds when `from` lies between that start and the hit.
    if (known !== undefined && known.from <= from && from <= known.at) return known.at
    const found = this.text.indexOf(needle, from)
    const at = found === -1 ? Infinity : found
    this.next.set(needle, { from, at })
    return at
  }

  private checkReferences(start: number, end: number): void {
    const { text } = this
    for (let amp = this.nextIndexOf('&', start); amp < end; amp = this.nextIndexOf('&', amp + 1)) {
      const after = scanReference(text, amp)
      if (after === -2) {
        throw new XmlUnsafeError(
          `the entity reference ${text.slice(amp, text.indexOf(';', amp) + 1)} at ${formatPosition(positionAt(text, amp))} is not defined; ` + 'entities are refused as unsafe and never expanded',
          this.options(amp),
        )
      }
      if (after < 0 || after > end) throw this.syntax('"&" must start a reference such as &amp; or &#38;', amp)
    }
  }

  private options(offset: number): { position: ReturnType<typeof positionAt>; source?: string } {
    const position = positionAt(this.text, offset)
    return this.source === undefined ? { position } : { position, source: this.source }
  }

  private syntax(message: string, offset: number): XmlSyntaxError {
    const options = this.options(offset)
    return new XmlSyntaxError(`${message} (at ${formatPosition(options.position)})`, options)
  }
}

/** The decoded value of a text node. */
export { decodeText } from './escape.js'
export type { XmlText }
