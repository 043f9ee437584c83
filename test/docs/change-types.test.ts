import { readFileSync } from 'node:fs'
import t from 'tap'
import { CHANGE_TYPES } from '../../src/change-set/change.js'
import { CHANGE_SETS_MD, regenerate } from './change-type-blocks.js'

// docs/change-sets.md cannot drift from the change schemas: its list of change types is generated
// from them (change-type-blocks.ts).

t.test('the change types of docs/change-sets.md are those the schemas render', async (t) => {
  const markdown = readFileSync(CHANGE_SETS_MD, 'utf8')
  t.ok(regenerate(markdown) === markdown, 'the generated block is up to date (else run `npm run docs:changes`)')
  for (const type of CHANGE_TYPES) t.ok(markdown.includes(`#### \`${type}\`\n`), `${type} has its section`)
})
