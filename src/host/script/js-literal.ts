/** A value a generated script carries as data: strings, numbers, booleans, null, arrays and plain objects. */
export type ScriptValue = string | number | boolean | null | readonly ScriptValue[] | { readonly [key: string]: ScriptValue }

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' }

/**
 * A JScript (ECMAScript 3) string literal in single quotes, in ASCII: backslashes and both quotes
 * escaped, every other character outside printable ASCII (controls, U+2028/U+2029, `<`, `>`, `&`,
 * `@`, which the templates' markers start with, non-ASCII, lone surrogates) as `\uXXXX`. Whatever the string holds, it stays one literal: a VM
 * called `x'); WScript.Quit(0); ('` is inert, and the file is the same in any code page.
 */
export function jsString(value: string): string {
  let out = "'"
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i)
    const code = value.charCodeAt(i)
    const escaped = ESCAPES[ch]
    if (escaped !== undefined) out += escaped
    else if (code < 0x20 || code > 0x7e || ch === '<' || ch === '>' || ch === '&' || ch === '@') out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return `${out}'`
}

/** A value as a JScript literal: {@link jsString} for strings, finite numbers, quoted keys (ES3 has no trailing commas). */
export function jsLiteral(value: ScriptValue, indent = ''): string {
  if (typeof value === 'string') return jsString(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('a script value must be a finite number')
    return String(value)
  }
  if (typeof value === 'boolean' || value === null) return String(value)
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    const items = value as readonly ScriptValue[]
    return items.length === 0 ? '[]' : `[\n${items.map((v) => inner + jsLiteral(v, inner)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value)
  return entries.length === 0 ? '{}' : `{\n${entries.map(([k, v]) => `${inner}${jsString(k)}: ${jsLiteral(v, inner)}`).join(',\n')}\n${indent}}`
}
