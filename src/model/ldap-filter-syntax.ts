/**
 * Checks the syntax of an LDAP search filter (RFC 4515 string form), as an
 * LdapQuery application group holds it. Returns undefined when the filter is
 * well-formed, otherwise what is wrong. AzMan stores any text, so callers
 * report this as a warning, never reject the store.
 */
export function ldapFilterProblem(filter: string): string | undefined {
  const text = filter.trim()
  if (text === '') return 'the filter is empty'
  // AzMan accepts a bare item without the outer parentheses, as `title=Manager`.
  const bare = !text.startsWith('(')
  const wrapped = bare ? `(${text})` : text
  // Positions are reported in the filter as the user wrote it.
  const shift = filter.length - filter.trimStart().length - (bare ? 1 : 0)
  const parser = new FilterParser(wrapped)
  try {
    parser.filter()
    if (parser.pos !== wrapped.length) return `unexpected text after the filter at character ${parser.pos + 1 + shift}`
    return undefined
  } catch (e) {
    if (!(e instanceof FilterSyntax)) throw e
    return e.at === undefined ? e.message : `${e.message} at character ${Math.max(1, e.at + 1 + shift)}`
  }
}

class FilterSyntax extends Error {
  /** Offset in the parsed text, when the problem has a place. */
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message)
  }
}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)(?:;[A-Za-z0-9-]+)*/

class FilterParser {
  pos = 0
  constructor(private readonly text: string) {}

  /**
   * One filter, nested to any depth: iterative, with the open `&`, `|` and `!`
   * on a stack of its own, so a query read from disk cannot overflow the
   * call stack however deeply it nests.
   */
  filter(): void {
    const open: ('&' | '|' | '!')[] = []
    for (;;) {
      this.expect('(')
      const c = this.text[this.pos]
      if (c === '&' || c === '|' || c === '!') {
        this.pos++
        open.push(c)
        if (c === '!' || this.text[this.pos] === '(') continue
        if (c === '|') throw new FilterSyntax('"|" needs at least one filter', this.pos)
        this.expect(')')
        open.pop()
      } else {
        this.item()
        this.expect(')')
      }
      // A filter ended: the one around it takes another, or ends too.
      for (;;) {
        const parent = open[open.length - 1]
        if (parent === undefined) return
        if (parent !== '!' && this.text[this.pos] === '(') break
        this.expect(')')
        open.pop()
      }
    }
  }

  private item(): void {
    const rest = this.text.slice(this.pos)
    const attr = ATTRIBUTE.exec(rest)
    // Extensible match: attribute, `:dn` and matching rule are each optional, but not attribute and rule both.
    const extensible = /^([A-Za-z0-9.;-]*)(:dn)?(:[A-Za-z0-9.]+)?:=/.exec(rest)
    if (extensible && (attr === null || extensible[0].length > attr[0].length)) {
      if (extensible[1] === '' && extensible[3] === undefined) throw new FilterSyntax('an extensible match needs an attribute or a matching rule', this.pos)
      this.pos += extensible[0].length
      this.value()
      return
    }
    if (!attr) throw new FilterSyntax('expected an attribute name', this.pos)
    this.pos += attr[0].length
    const op = /^(?:=|~=|>=|<=)/.exec(this.text.slice(this.pos))
    if (!op) throw new FilterSyntax('expected "=", "~=", ">=" or "<="', this.pos)
    this.pos += op[0].length
    this.value(op[0] === '=')
  }

  /** An assertion value, up to the closing parenthesis; `*` only in equality (presence and substrings). */
  private value(allowStar = false): void {
    for (;;) {
      const c = this.text[this.pos]
      if (c === undefined) throw new FilterSyntax('the filter ends inside a value')
      if (c === ')') return
      if (c === '(') throw new FilterSyntax('"(" must be escaped as \\28 in a value', this.pos)
      if (c === '*' && !allowStar) throw new FilterSyntax('"*" must be escaped as \\2a in a value', this.pos)
      if (c === '\\') {
        if (!/^[0-9A-Fa-f]{2}$/.test(this.text.slice(this.pos + 1, this.pos + 3))) {
          throw new FilterSyntax('"\\" must be followed by two hex digits', this.pos)
        }
        this.pos += 3
      } else this.pos++
    }
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) throw new FilterSyntax(`expected "${c}"`, this.pos)
    this.pos++
  }
}
