/**
 * Characters that must not reach a terminal or a one-line message as they
 * are: C0 controls (line breaks, ESC), DEL, C1 controls (U+009B is a CSI on
 * some terminals), the line and paragraph separators (U+2028, U+2029: line
 * breaks to JavaScript and some viewers), and the bidirectional and direction
 * marks that make text display in another order than it is (U+200E, U+200F,
 * U+202A to U+202E, U+2066 to U+2069).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

function escapeOne(c: string): string {
  if (c === '\n') return '\\n'
  if (c === '\t') return '\\t'
  if (c === '\r') return '\\r'
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/**
 * `text` with every character of {@link UNSAFE} shown as an escape (`\n`,
 * `\u001b`, `\u202e`): what human-readable output prints of values it does
 * not control (names, reasons, actors), so that a value can neither forge a
 * line nor send a terminal an escape sequence.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeOne)
}

/**
 * A name or value in double quotes, as people read it in messages: backslashes
 * stay single (`"C:\temp"`, `"LAB\alice"`), a double quote inside is written
 * `\"`, and control characters are shown as escapes ({@link escapeControls}) so
 * a message stays on one line.
 */
export function quote(text: string): string {
  return `"${escapeControls(text).replace(/"/g, '\\"')}"`
}

/** "a" or "an", for a noun phrase in a message. */
export function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`
}
