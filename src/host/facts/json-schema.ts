import { MESSAGE, NULL_IS_ABSENT } from '../../json/schema-messages.js'
import { HOST_FACTS_FORMAT, HostFactsSchema } from './schema.js'

/** Where the published schema is, in the repository. */
export const HOST_FACTS_SCHEMA_FILE = 'docs/schemas/azman-host-facts-1.schema.json'

/**
 * The `azman-host-facts/1` schema as a plain JSON Schema (draft-07) document,
 * for other tools: {@link HostFactsSchema} without azman's own keywords
 * (`x-message`, `x-null-is-absent`), with `$schema`, `$id` and a title. It
 * says what the schema says; what azman checks beyond it (SIDs Windows would
 * read, GUIDs unique, `errors` naming facts that are absent) is in
 * docs/host-facts.md.
 */
export function hostFactsJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(HostFactsSchema, (key: string, value: unknown) => (key === MESSAGE || key === NULL_IS_ABSENT ? undefined : value))) as Record<string, unknown>
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:azman:schema:azman-host-facts:1',
    title: `Host facts (${HOST_FACTS_FORMAT})`,
    ...plain,
  }
}

/** The published schema file's text: two-space JSON and a final line break. */
export function hostFactsJsonSchemaText(): string {
  return `${JSON.stringify(hostFactsJsonSchema(), null, 2)}\n`
}
