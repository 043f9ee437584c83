/**
 * A name or value in double quotes, as people read it in messages: backslashes
 * stay single (`"C:\temp"`, `"LAB\alice"`), a double quote inside is written
 * `\"`, and control characters are shown as escapes so a message stays on one
 * line.
 */
export function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${text.replace(/["\u0000-\u001f\u007f]/g, (c) => (c === '"' ? '\\"' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`
}

/** "a" or "an", for a noun phrase in a message. */
export function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`
}
