/**
 * The text of a tagged template whose values are turned into text by `piece` (an escape, or an already safe
 * value's text): what the `dn` and `filter` tags share.
 */
export function templateText<V>(strings: TemplateStringsArray, values: readonly V[], piece: (value: V) => string): string {
  let text = strings[0] ?? ''
  values.forEach((value, i) => {
    text += piece(value)
    text += strings[i + 1] ?? ''
  })
  return text
}
