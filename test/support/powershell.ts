/**
 * A real PowerShell grammar for the tests: tree-sitter-powershell's WebAssembly build, loaded
 * through web-tree-sitter (nothing native). Scripts azman writes for Windows are parsed with it.
 */
import { createRequire } from 'node:module'
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter'

let parser: Parser | undefined

/** The parse tree of a PowerShell script. */
export async function parsePowerShell(text: string): Promise<Tree> {
  if (parser === undefined) {
    await Parser.init()
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm')
    const made = new Parser()
    made.setLanguage(await Language.load(wasm))
    parser = made
  }
  const tree = parser.parse(text)
  if (tree === null) throw new Error('tree-sitter gave no tree')
  return tree
}

/** Every node of a tree, depth first. */
export function* nodes(node: Node): Generator<Node> {
  yield node
  for (const child of node.children) if (child !== null) yield* nodes(child)
}

/** The ERROR and MISSING nodes of a tree (a script that parses has none), as `type at row:column`. */
export function parseErrors(tree: Tree): string[] {
  return [...nodes(tree.rootNode)]
    .filter((n) => n.type === 'ERROR' || n.isMissing)
    .map((n) => `${n.isMissing ? 'MISSING' : 'ERROR'} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.text.slice(0, 60)}`)
}
