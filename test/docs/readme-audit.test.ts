import { readFileSync } from 'node:fs'
import t from 'tap'
import { parseBinding } from '../../src/audit/binding.js'
import { AuditCode } from '../../src/audit/finding.js'
import { LintCode } from '../../src/lint/lint-warning.js'
import { listTemplates } from '../../src/templates/list-templates.js'
import { REPO_ROOT } from '../cli/run-cli.js'

const page = readFileSync(`${REPO_ROOT}docs/templates-and-audit.md`, 'utf8')
const errors = readFileSync(`${REPO_ROOT}docs/errors.md`, 'utf8')
const templatesReadme = readFileSync(`${REPO_ROOT}templates/README.md`, 'utf8')

t.test('every audit finding code and lint code is documented in a table row of docs/templates-and-audit.md', async (t) => {
  for (const code of [...Object.values(AuditCode), ...Object.values(LintCode)]) t.match(page, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code)
  t.match(errors, /^\| `AZMAN_ERR_AUDIT_BINDING` \| 2 \|/m, 'the binding error code, in docs/errors.md')
})

t.test('the binding file example of docs/templates-and-audit.md is a valid binding file', async (t) => {
  const at = page.indexOf('\n### Audit binding file\n')
  t.ok(at >= 0, 'the page has the section')
  const example = /```json\n([\s\S]*?)\n```/.exec(page.slice(at))?.[1] ?? ''
  const binding = parseBinding(JSON.parse(example), 'docs/templates-and-audit.md', await listTemplates())
  t.equal(binding.bindings.length, 3)
  t.equal(binding.principals?.size, 1)
})

t.test('docs/templates-and-audit.md and templates/README.md list every shipped template', async (t) => {
  const templates = await listTemplates()
  t.ok(templates.length >= 3, `${templates.length} shipped templates`)
  for (const template of templates) {
    t.match(page, new RegExp(`^\\| \`${template.name}\` \\|`, 'm'), `docs/templates-and-audit.md: ${template.name}`)
    t.match(templatesReadme, new RegExp(`^\\| \`${template.name}\` \\|`, 'm'), `templates/README.md: ${template.name}`)
  }
})
