/**
 * The JSON Schema of host facts in the repository
 * (docs/schemas/azman-host-facts-1.schema.json) is generated from the TypeBox
 * schema (src/host/facts/schema.ts); test/host/facts/json-schema.test.ts fails
 * when the file differs. Run as a script:
 *
 *     npm run docs:schemas                    rewrite the file (--write)
 *     tsx test/docs/host-facts-schema.ts      exit 1 when the file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { HOST_FACTS_SCHEMA_FILE, hostFactsJsonSchemaText } from '../../src/host/facts/json-schema.js'

export const SCHEMA_PATH = join(fileURLToPath(new URL('../../', import.meta.url)), HOST_FACTS_SCHEMA_FILE)

/** The file as it is, or '' when it does not exist. */
export function currentSchemaText(): string {
  try {
    return readFileSync(SCHEMA_PATH, 'utf8')
  } catch {
    return ''
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fresh = hostFactsJsonSchemaText()
  const now = currentSchemaText()
  if (process.argv.includes('--write')) {
    if (fresh !== now) writeFileSync(SCHEMA_PATH, fresh)
    process.stdout.write(`${HOST_FACTS_SCHEMA_FILE}: ${fresh === now ? 'already up to date' : 'written'}\n`)
  } else if (fresh !== now) {
    process.stderr.write(`${HOST_FACTS_SCHEMA_FILE} is stale: run npm run docs:schemas\n`)
    process.exitCode = 1
  }
}
