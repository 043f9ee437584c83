/** One record of a CSV text: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  readonly fields: readonly string[]
  readonly line: number
}

/**
 * The records of a CSV text as RFC 4180 and PowerShell's `Export-Csv` write
 * them: comma-separated fields, optionally in double quotes, a quote inside
 * quotes doubled, quoted fields may hold commas and line breaks; CRLF or LF.
 * Blank lines are skipped.
 *
 * @throws Error naming the line of a quote that is never closed or of text after a closing quote.
 */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let line = 1
  let i = 0
  while (i < text.length) {
    const start = line
    const fields: string[] = []
    for (;;) {
      const field = readField(text, i, line)
      fields.push(field.value)
      i = field.end
      line = field.line
      if (text[i] === ',') {
        i++
        continue
      }
      break
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2
    else if (text[i] === '\n' || text[i] === '\r') i++
    line++
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: start })
  }
  return records
}

/** A field from `i`: its value, where it ends (at a comma, a line break or the end) and the line it ends on. */
function readField(text: string, i: number, line: number): { value: string; end: number; line: number } {
  if (text[i] !== '"') {
    let end = i
    while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++
    const value = text.slice(i, end)
    if (value.includes('"')) throw new Error(`line ${line}: a quote inside a field that does not start with one`)
    return { value, end, line }
  }
  let value = ''
  let at = i + 1
  let current = line
  for (;;) {
    const quote = text.indexOf('"', at)
    if (quote === -1) throw new Error(`line ${line}: a quoted field is never closed`)
    const chunk = text.slice(at, quote)
    current += countLineBreaks(chunk)
    value += chunk
    if (text[quote + 1] === '"') {
      value += '"'
      at = quote + 2
      continue
    }
    const end = quote + 1
    if (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') throw new Error(`line ${current}: text after a closing quote`)
    return { value, end, line: current }
  }
}

function countLineBreaks(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) n++
  return n
}
