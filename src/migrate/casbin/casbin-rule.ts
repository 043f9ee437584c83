/**
 * The rule of a Casbin policy row as azman writes it (export-casbin.ts), read back for the
 * comparison's symmetry reduction (docs/migrate.md#speed): `regexMatch(r.sub, '(^|,)SID(,|$)')` or
 * `regexMatch(r.sub, '(^|,)(SID|SID...)(,|$)')` (the token holds the SID, one of the SIDs), `true`,
 * `false`, `!`, `&&`, `||` and parentheses. Each of these is a boolean that cannot fail, so `&&` and
 * `||` commute and a rule's canonical text is equal for two rules that decide alike. A rule in any
 * other form (an edit) is not read: the comparison then asks every case of its place.
 */

const SID = 'S-1-[0-9]+(?:-[0-9]+)*'
const TOKEN = new RegExp(`\\s*(?:(\\|\\||&&|!|\\(|\\)|true|false)|regexMatch\\(r\\.sub, '\\(\\^\\|,\\)(${SID}|\\(${SID}(?:\\|${SID})*\\))\\(,\\|\\$\\)'\\))`, 'y')

type Node = { kind: 'sids'; sids: string[] } | { kind: 'const'; value: boolean } | { kind: 'not'; item: Node } | { kind: '&&' | '||'; items: Node[] }

/** A parsed rule: the SIDs it tests, and its canonical text under a renaming of SIDs. */
export class CasbinRule {
  readonly sids: ReadonlySet<string>
  private readonly canonical: string

  private constructor(private readonly node: Node) {
    const sids = new Set<string>()
    const visit = (n: Node): void => {
      if (n.kind === 'sids') for (const s of n.sids) sids.add(s)
      else if (n.kind === 'not') visit(n.item)
      else if (n.kind !== 'const') n.items.forEach(visit)
    }
    visit(node)
    this.sids = sids
    this.canonical = text(node, (s) => s)
  }

  /** The rule, or undefined when it is not in the form azman writes. */
  static parse(rule: string): CasbinRule | undefined {
    const tokens = tokenize(rule)
    if (tokens === undefined) return undefined
    const parser = new Parser(tokens)
    const node = parser.or()
    return node !== undefined && parser.done() ? new CasbinRule(node) : undefined
  }

  /** Whether swapping SIDs `a` and `b` leaves the rule deciding as it does. */
  swapsAlike(a: string, b: string): boolean {
    return a === b || text(this.node, (s) => (s === a ? b : s === b ? a : s)) === this.canonical
  }
}

type Token = { op: string } | { sids: string[] }

function tokenize(rule: string): Token[] | undefined {
  const out: Token[] = []
  let at = 0
  const trimmed = rule.trimEnd()
  while (at < trimmed.length) {
    TOKEN.lastIndex = at
    const m = TOKEN.exec(trimmed)
    if (m === null) return undefined
    at = TOKEN.lastIndex
    const [, op, sids] = m
    if (op !== undefined) out.push({ op })
    else if (sids !== undefined) out.push({ sids: sids.replace(/^\(|\)$/g, '').split('|') })
  }
  return out
}

class Parser {
  private at = 0
  constructor(private readonly tokens: readonly Token[]) {}

  done(): boolean {
    return this.at === this.tokens.length
  }

  private peek(op: string): boolean {
    const t = this.tokens[this.at]
    return t !== undefined && 'op' in t && t.op === op
  }

  private list(kind: '&&' | '||', next: () => Node | undefined): Node | undefined {
    const first = next()
    if (first === undefined) return undefined
    const items = [first]
    while (this.peek(kind)) {
      this.at++
      const item = next()
      if (item === undefined) return undefined
      items.push(item)
    }
    return items.length === 1 ? first : { kind, items }
  }

  or(): Node | undefined {
    return this.list('||', () => this.and())
  }

  private and(): Node | undefined {
    return this.list('&&', () => this.unary())
  }

  private unary(): Node | undefined {
    const t = this.tokens[this.at++]
    if (t === undefined) return undefined
    if ('sids' in t) return { kind: 'sids', sids: t.sids }
    if (t.op === 'true' || t.op === 'false') return { kind: 'const', value: t.op === 'true' }
    if (t.op === '!') {
      const item = this.unary()
      return item === undefined ? undefined : { kind: 'not', item }
    }
    if (t.op === '(') {
      const inner = this.or()
      if (inner === undefined || !this.peek(')')) return undefined
      this.at++
      return inner
    }
    return undefined
  }
}

/** Canonical text: chains flattened and sorted, a SID alternation as a sorted set. */
function text(n: Node, rename: (sid: string) => string): string {
  switch (n.kind) {
    case 'sids':
      return `in(${[...new Set(n.sids.map(rename))].sort().join(',')})`
    case 'const':
      return String(n.value)
    case 'not':
      return `!(${text(n.item, rename)})`
    default: {
      const flat: string[] = []
      const add = (m: Node) => (m.kind === n.kind ? m.items.forEach(add) : flat.push(text(m, rename)))
      n.items.forEach(add)
      return `${n.kind}(${flat.sort().join(';')})`
    }
  }
}
