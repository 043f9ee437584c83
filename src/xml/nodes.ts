/**
 * The span-keeping XML tree the lossless store codec reads and edits.
 *
 * Every node records where it sits in the source text (UTF-16 offsets into the
 * decoded string), so untouched nodes are written back as their original
 * slices and an edit replaces only the bytes it must.
 */

export interface XmlAttribute {
  readonly name: string
  /** The attribute value as XML defines it: references resolved, whitespace normalised. */
  readonly value: string
  /** Offset of the first character of the name. */
  readonly start: number
  /** Offset just after the opening quote. */
  readonly valueStart: number
  /** Offset of the closing quote. */
  readonly valueEnd: number
}

export interface XmlElement {
  readonly type: 'element'
  readonly name: string
  /** Offset of the `<` that opens the start tag. */
  readonly start: number
  /** Offset just after the `>` that closes the start tag (or the `/>` of an empty-element tag). */
  readonly openEnd: number
  /** Offset of the `</` of the end tag; equals `end` for an empty-element tag. */
  readonly closeStart: number
  /** Offset just after the element's last character. */
  readonly end: number
  /** Written as `<Name/>` rather than `<Name></Name>`. */
  readonly selfClosing: boolean
  readonly attributes: readonly XmlAttribute[]
  readonly children: readonly XmlNode[]
}

export interface XmlText {
  readonly type: 'text'
  readonly start: number
  readonly end: number
  /** A `<![CDATA[...]]>` section: its span covers the markup, its value does not. */
  readonly cdata: boolean
}

/** Comments and processing instructions: kept as bytes, never interpreted. */
export interface XmlOpaque {
  readonly type: 'comment' | 'pi'
  readonly start: number
  readonly end: number
}

export type XmlNode = XmlElement | XmlText | XmlOpaque

export interface XmlDocument {
  /** The whole decoded source text, BOM included when the file has one. */
  readonly text: string
  readonly root: XmlElement
  /** The file starts with a UTF-8 byte order mark. */
  readonly bom: boolean
}
