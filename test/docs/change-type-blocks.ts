/**
 * docs/change-sets.md lists every change type, with its fields and an
 * example, in one generated block
 *
 *     <!-- azman-change-types -->
 *     ...rendered from src/change-set/schema/ (descriptions and examples)...
 *     <!-- /azman-change-types -->
 *
 * so a new change type needs no hand edit of the docs. This module renders
 * the block; test/docs/change-types.test.ts fails when the docs differ. Run as
 * a script:
 *
 *     npm run docs:changes                     refill docs/change-sets.md in place (--write)
 *     tsx test/docs/change-type-blocks.ts      exit 1 when the block is stale
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CHANGE_SCHEMAS, REFERENCED_SCHEMAS } from '../../src/change-set/schema/change-set.js'
import { deref, schemaRefs, type SchemaNode } from '../../src/json/schema-messages.js'

export const CHANGE_SETS_MD = join(fileURLToPath(new URL('../../', import.meta.url)), 'docs/change-sets.md')

const OPEN = '<!-- azman-change-types -->\n'
const CLOSE = '<!-- /azman-change-types -->'
const refs = schemaRefs(REFERENCED_SCHEMAS)

/** What the docs call the shared schemas. */
const NAMED: Readonly<Record<string, string>> = {
  BizRuleSpec: 'business rule `{"language": "VBScript" or "JScript", "script", "importedPath"?}`',
  OperationRef: 'OperationID (integer) or operation name',
  PrincipalRef: 'member: `{"sid"}`, `{"account"}` or `{"group"}`',
}

interface Node extends SchemaNode {
  readonly description?: string
  readonly examples?: readonly unknown[]
  readonly required?: readonly string[]
}

/** A field's kind in words: `string`, `array of names`, `string or null`, ... */
function kind(node: Node): string {
  if (node.$ref !== undefined) return NAMED[node.$ref] ?? deref(node, refs).type ?? node.$ref
  const members = node.anyOf ?? node.oneOf
  if (members !== undefined) return members.map((m) => (m.const !== undefined ? JSON.stringify(m.const) : kind(m))).join(' or ')
  if (node.type === 'array' && node.items !== undefined) return `array of ${node.items.type === 'string' ? 'names' : kind(node.items)}`
  return node.type ?? 'any'
}

/** One change type: a heading, what it does, its fields, its example. */
function section(schema: Node): string {
  const properties = Object.entries(schema.properties ?? {}).filter(([key]) => key !== 'type')
  const type = String(schema.properties?.type?.const)
  const rows = properties.map(([key, field]) => {
    const node = field as Node
    const described = node.description ?? (node.$ref === undefined ? '' : ((deref(node, refs) as Node).description ?? ''))
    return `| \`${key}\` | ${kind(node)} | ${schema.required?.includes(key) === true ? 'yes' : 'no'} | ${described.replaceAll('|', '\\|')} |`
  })
  return [
    `#### \`${type}\``,
    '',
    schema.description ?? '',
    '',
    '| Field | Kind | Required | What it is |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '```json',
    JSON.stringify(schema.examples?.[0]),
    '```',
    '',
  ].join('\n')
}

/** The block's text: every change type in documentation order. */
export function renderChangeTypes(): string {
  return (CHANGE_SCHEMAS as readonly Node[]).map(section).join('\n')
}

/** The markdown with its change-types block refilled; an error when the markers are missing. */
export function regenerate(markdown: string): string {
  const start = markdown.indexOf(OPEN)
  const end = markdown.indexOf(CLOSE)
  if (start === -1 || end < start) throw new Error(`docs/change-sets.md needs a ${OPEN.trim()} ... ${CLOSE} block`)
  return `${markdown.slice(0, start + OPEN.length)}\n${renderChangeTypes()}\n${markdown.slice(end)}`
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const markdown = readFileSync(CHANGE_SETS_MD, 'utf8')
  const fresh = regenerate(markdown)
  if (process.argv.includes('--write')) {
    if (fresh !== markdown) writeFileSync(CHANGE_SETS_MD, fresh)
    process.stdout.write(`docs/change-sets.md: change types ${fresh === markdown ? 'already up to date' : 'refilled'}\n`)
  } else if (fresh !== markdown) {
    process.stderr.write('docs/change-sets.md: the change types are stale: run npm run docs:changes\n')
    process.exitCode = 1
  }
}
