import { pushTo } from '../verify/push-to.js'

/**
 * The rule of a Casbin policy row as azman writes it (export-casbin.ts), read back for the
 * comparison's symmetry reduction (docs/migrate.md#speed): `regexMatch(r.sub, '(^|,)SID(,|$)')` or
 * `regexMatch(r.sub, '(^|,)(SID|SID...)(,|$)')` (the token holds the SID, one of the SIDs), `true`,
 * `false`, `!`, `&&`, `||` and parentheses: booleans that cannot fail. A rule in any other form (an
 * edit) is not read: the comparison then asks the files as a whole, every case.
 */

const SID = 'S-1-[0-9]+(?:-[0-9]+)*'
const TOKEN = new RegExp(`[ \\t\\r\\n]*(?:(\\|\\||&&|!|\\(|\\)|true|false)|regexMatch\\(r\\.sub, '\\(\\^\\|,\\)(${SID}|\\(${SID}(?:\\|${SID})*\\))\\(,\\|\\$\\)'\\))`, 'y')

type Node = { kind: 'sids'; sids: string[] } | { kind: 'const'; value: boolean } | { kind: 'not'; item: Node } | { kind: '&&' | '||'; items: Node[] }

/** A parsed rule: the SIDs it tests, and which of them it treats alike. */
export class CasbinRule {
  readonly sids: ReadonlySet<string>
  /**
   * Each SID's label: the tests (`regexMatch` atoms, in the rule's order) that name it. An atom tests
   * whether the token holds one SID of a set, so swapping two SIDs named by the same atoms and no
   * others reorders the sets and changes nothing: the rule decides alike.
   */
  readonly classes: ReadonlyMap<string, string>

  private constructor(node: Node) {
    const atoms = new Map<string, number[]>()
    let atom = 0
    const visit = (n: Node): void => {
      if (n.kind === 'sids') {
        const at = atom++
        for (const s of new Set(n.sids)) pushTo(atoms, s, at)
      } else if (n.kind === 'not') visit(n.item)
      else if (n.kind !== 'const') n.items.forEach(visit)
    }
    visit(node)
    this.sids = new Set(atoms.keys())
    this.classes = new Map([...atoms].map(([sid, at]) => [sid, `atoms:${at.join(',')}`]))
  }

  /** The rule, or undefined when it is not in the form azman writes. */
  static parse(rule: string): CasbinRule | undefined {
    const tokens = tokenize(rule)
    if (tokens === undefined) return undefined
    const parser = new Parser(tokens)
    const node = parser.or()
    return node !== undefined && parser.done() ? new CasbinRule(node) : undefined
  }
}

type Token = { op: string } | { sids: string[] }

function tokenize(rule: string): Token[] | undefined {
  const out: Token[] = []
  let at = 0
  // Only the white space Casbin's expression parser skips (jsep: space, tab, CR, LF), not all of JavaScript's \s.
  const trimmed = rule.replace(/[ \t\r\n]+$/, '')
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
