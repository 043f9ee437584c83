import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { BINDING_FORMAT, parseBinding } from '../../src/audit/binding.js'
import { loadBinding } from '../../src/audit/load-binding.js'
import { APP, shippedTemplates } from './hyperv-store.js'

const templates = await shippedTemplates()
const entry = { app: APP, scope: 'Lab VMs', roleAssignment: 'Lab operators', template: 'hyperv-vm-operator' }

t.test('a binding file: entries at application level, in a scope, in every scope, exempt; principal names', async (t) => {
  const b = parseBinding(
    {
      format: BINDING_FORMAT,
      bindings: [
        entry,
        { app: APP, roleAssignment: 'Auditors', template: 'hyperv-it-monitor' },
        { app: APP, scope: '*', roleAssignment: 'Helpdesk', template: null, reason: 'CHG-7' },
        { app: APP, scope: null, roleAssignment: 'Other', template: null },
      ],
      principals: [{ sid: 'S-1-5-21-1-2-3-1105', name: 'LAB\\alice' }],
    },
    'b.json',
    templates,
  )
  t.match(b.bindings, [
    { at: '$.bindings[0]', scope: 'Lab VMs', template: { name: 'hyperv-vm-operator' } },
    { at: '$.bindings[1]', scope: undefined, template: { name: 'hyperv-it-monitor' } },
    { at: '$.bindings[2]', scope: '*', template: null, reason: 'CHG-7' },
    { at: '$.bindings[3]', scope: undefined, template: null },
  ])
  t.same([...(b.principals ?? [])], [['S-1-5-21-1-2-3-1105', 'LAB\\alice']])
  t.equal(parseBinding({ format: BINDING_FORMAT, bindings: [] }, 'b.json', templates).principals, undefined, 'no principal list: domain SIDs are not checked against one')
})

t.test('bad binding files: a clear error with the JSON path, exit code 2', async (t) => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'x', /b\.json: \$: a binding file is a JSON object/],
    ['wrong format', { format: 'azman-binding/9', bindings: [] }, /\$\.format: must be "azman-audit-binding\/1"/],
    ['no bindings', { format: BINDING_FORMAT }, /\$\.bindings: is required/],
    ['unknown field', { format: BINDING_FORMAT, bindings: [], extra: 1 }, /\$\.extra: is not a field of a binding file/],
    ['entry not an object', { format: BINDING_FORMAT, bindings: ['x'] }, /\$\.bindings\[0\]: must be an object/],
    ['entry without app', { format: BINDING_FORMAT, bindings: [{ ...entry, app: undefined }] }, /\$\.bindings\[0\]\.app: is required/],
    ['empty scope', { format: BINDING_FORMAT, bindings: [{ ...entry, scope: '' }] }, /\$\.bindings\[0\]\.scope: must be a scope name/],
    ['template missing', { format: BINDING_FORMAT, bindings: [{ ...entry, template: undefined }] }, /\$\.bindings\[0\]\.template: is required: a template name, or null/],
    [
      'template not given',
      { format: BINDING_FORMAT, bindings: [{ ...entry, template: 'hyperv-nope' }] },
      /\$\.bindings\[0\]\.template: names template "hyperv-nope", which is not among the templates given with --template/,
    ],
    [
      'template of another application',
      { format: BINDING_FORMAT, bindings: [{ ...entry, app: 'Expense Web' }] },
      /\$\.bindings\[0\]\.template: template "hyperv-vm-operator" is for application "Hyper-V services", not "Expense Web"/,
    ],
    ['typo in a field', { format: BINDING_FORMAT, bindings: [{ ...entry, role: 'x' }] }, /\$\.bindings\[0\]\.role: is not a field of a binding/],
    [
      'the same role assignment twice',
      { format: BINDING_FORMAT, bindings: [entry, { ...entry, roleAssignment: 'LAB OPERATORS' }] },
      /\$\.bindings\[1\]: binds the same role assignment as \$\.bindings\[0\]/,
    ],
    ['bad principal SID', { format: BINDING_FORMAT, bindings: [], principals: [{ sid: 'alice', name: 'alice' }] }, /\$\.principals\[0\]\.sid: "alice" is not a SID/],
    [
      'principal listed twice',
      {
        format: BINDING_FORMAT,
        bindings: [],
        principals: [
          { sid: 'S-1-1-0', name: 'a' },
          { sid: 'S-1-1-0', name: 'b' },
        ],
      },
      /\$\.principals\[1\]\.sid: S-1-1-0 is listed twice/,
    ],
  ]
  for (const [what, value, message] of cases) {
    t.throws(() => parseBinding(value, 'b.json', templates), { code: 'AZMAN_ERR_AUDIT_BINDING', exitCode: 2, message }, what)
  }
})

t.test('loading a binding file: missing file, not JSON', async (t) => {
  const dir = t.testdir({ 'bad.json': '{"format": "azman-audit-binding/1", "bindings": [', 'good.json': JSON.stringify({ format: BINDING_FORMAT, bindings: [entry] }) })
  await t.rejects(loadBinding(join(dir, 'missing.json'), templates), { code: 'AZMAN_ERR_AUDIT_BINDING', message: /cannot read binding .*missing\.json: no such file/ })
  await t.rejects(loadBinding(join(dir, 'bad.json'), templates), { code: 'AZMAN_ERR_AUDIT_BINDING', message: /bad\.json is not valid JSON/ })
  t.match(await loadBinding(join(dir, 'good.json'), templates), { bindings: [{ roleAssignment: 'Lab operators' }] })
  writeFileSync(join(dir, 'bom.json'), `\uFEFF${JSON.stringify({ format: BINDING_FORMAT, bindings: [] })}`)
  await t.rejects(loadBinding(join(dir, 'bom.json'), templates), { code: 'AZMAN_ERR_AUDIT_BINDING' }, 'a byte-order mark is not JSON')
})
