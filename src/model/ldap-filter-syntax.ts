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
  const wrapped = text.startsWith('(') ? text : `(${text})`
  const parser = new FilterParser(wrapped)
  try {
    parser.filter()
    if (parser.pos !== wrapped.length) return `unexpected text after the filter at character ${parser.pos + 1}`
    return undefined
  } catch (e) {
    return e instanceof FilterSyntax ? e.message : String(e)
  }
}

class FilterSyntax extends Error {}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)*)(?:;[A-Za-z0-9-]+)*/

class FilterParser {
  pos = 0
  constructor(private readonly text: string) {}

  filter(): void {
    this.expect('(')
    const c = this.text[this.pos]
    if (c === '&' || c === '|') {
      this.pos++
      let count = 0
      while (this.text[this.pos] === '(') {
        this.filter()
        count++
      }
      if (count === 0 && c === '|') throw new FilterSyntax(`"|" needs at least one filter at character ${this.pos + 1}`)
    } else if (c === '!') {
      this.pos++
      this.filter()
    } else {
      this.item()
    }
    this.expect(')')
  }

  private item(): void {
    const rest = this.text.slice(this.pos)
    const attr = ATTRIBUTE.exec(rest)
    const extensible = /^(?:[A-Za-z0-9.;-]*)(?::dn)?(?::[A-Za-z0-9.]+)?:=/.exec(rest)
    if (extensible && extensible[0].includes(':=') && (attr === null || extensible[0].length > attr[0].length)) {
      this.pos += extensible[0].length
      this.value()
      return
    }
    if (!attr) throw new FilterSyntax(`expected an attribute name at character ${this.pos + 1}`)
    this.pos += attr[0].length
    const op = /^(?:=|~=|>=|<=)/.exec(this.text.slice(this.pos))
    if (!op) throw new FilterSyntax(`expected "=", "~=", ">=" or "<=" at character ${this.pos + 1}`)
    this.pos += op[0].length
    this.value(op[0] === '=')
  }

  /** An assertion value, up to the closing parenthesis; `*` only in equality (presence and substrings). */
  private value(allowStar = false): void {
    for (;;) {
      const c = this.text[this.pos]
      if (c === undefined) throw new FilterSyntax('the filter ends inside a value')
      if (c === ')') return
      if (c === '(') throw new FilterSyntax(`"(" must be escaped as \\28 in a value, at character ${this.pos + 1}`)
      if (c === '*' && !allowStar) throw new FilterSyntax(`"*" must be escaped as \\2a in a value, at character ${this.pos + 1}`)
      if (c === '\\') {
        if (!/^[0-9A-Fa-f]{2}$/.test(this.text.slice(this.pos + 1, this.pos + 3))) {
          throw new FilterSyntax(`"\\" must be followed by two hex digits, at character ${this.pos + 1}`)
        }
        this.pos += 3
      } else this.pos++
    }
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) throw new FilterSyntax(`expected "${c}" at character ${this.pos + 1}`)
    this.pos++
  }
}
