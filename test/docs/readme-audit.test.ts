import { readFileSync } from 'node:fs'
import t from 'tap'
import { parseBinding } from '../../src/audit/binding.js'
import { AuditCode } from '../../src/audit/finding.js'
import { LintCode } from '../../src/lint/lint-warning.js'
import { listTemplates } from '../../src/templates/list-templates.js'
import { REPO_ROOT } from '../cli/run-cli.js'

const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8')
const templatesReadme = readFileSync(`${REPO_ROOT}templates/README.md`, 'utf8')

t.test('every audit finding code and lint code is documented in a table row of the README', async (t) => {
  for (const code of [...Object.values(AuditCode), ...Object.values(LintCode)]) t.match(readme, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code)
  t.match(readme, /^\| `AZMAN_ERR_AUDIT_BINDING` \| 2 \|/m, 'the binding error code')
})

t.test('the README binding file example is a valid binding file', async (t) => {
  const section = readme.slice(readme.indexOf('#### Audit binding file'))
  const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? ''
  const binding = parseBinding(JSON.parse(example), 'README.md', await listTemplates())
  t.equal(binding.bindings.length, 3)
  t.equal(binding.principals?.size, 1)
})

t.test('both READMEs list every shipped template', async (t) => {
  for (const template of await listTemplates()) {
    t.match(readme, new RegExp(`^\\| \`${template.name}\` \\|`, 'm'), `README.md: ${template.name}`)
    t.match(templatesReadme, new RegExp(`^\\| \`${template.name}\` \\|`, 'm'), `templates/README.md: ${template.name}`)
  }
})
