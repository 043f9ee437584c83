import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { operationNumber } from '../../src/model/policy.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { listTemplates } from '../../src/templates/list-templates.js'
import { SHIPPED_TEMPLATES } from '../../src/templates/load-template.js'
import { forbiddenPrincipal, matchesPrincipal, parseTemplate } from '../../src/templates/template.js'
import { sample } from '../cli/run-cli.js'

const MINIMAL = {
  format: 'azman-template/1',
  name: 'minimal',
  title: 'Minimal',
  description: 'One operation.',
  application: 'Hyper-V services',
  roleDefinition: 'Minimal',
  assignableAt: 'scope',
  operations: [{ id: 315, name: 'Start Virtual Machine', required: true }],
}

t.test('the azman-template/1 files written before the extensions still load', async (t) => {
  const old = parseTemplate({ ...MINIMAL, forbiddenPrincipals: [{ sid: 'S-1-1-0', name: 'Everyone' }], sources: ['A citation as a plain string.'] }, 'old.json')
  t.same(old.aliases, [], 'no aliases')
  t.same(old.sources, [{ title: 'A citation as a plain string.' }], 'a string source becomes a citation with a title')
  t.same(old.operations, [{ id: 315, name: 'Start Virtual Machine', required: true }])
  const bare = parseTemplate({ ...MINIMAL, operations: [{ id: 315, name: 'Start Virtual Machine' }] }, 'bare.json')
  t.equal(bare.operations[0]?.required, false, 'required defaults to false')
  t.same(bare.forbiddenPrincipals, [])
})

t.test('the extensions: aliases, operation notes, structured citations', async (t) => {
  const tpl = parseTemplate(
    {
      ...MINIMAL,
      aliases: ['VM Operators'],
      operations: [{ id: 315, name: 'Start Virtual Machine', required: true, note: 'why' }],
      sources: [{ ref: 'HV-RBAC', title: 'Configure Hyper-V for RBAC', url: 'https://example.org/x', note: 'the list' }],
    },
    'x.json',
  )
  t.same(tpl.aliases, ['VM Operators'])
  t.equal(tpl.operations[0]?.note, 'why')
  t.same(tpl.sources, [{ title: 'Configure Hyper-V for RBAC', ref: 'HV-RBAC', url: 'https://example.org/x', note: 'the list' }])
})

t.test('strict validation: every error names the file and the JSON path', async (t) => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /x\.json: \$: a template is a JSON object/],
    ['wrong format', { ...MINIMAL, format: 'azman-template/2' }, /\$\.format: must be "azman-template\/1"/],
    ['unknown top-level field', { ...MINIMAL, operation: [] }, /\$\.operation: is not a field of a template/],
    ['missing name', { ...MINIMAL, name: undefined }, /\$\.name: is required/],
    ['blank title', { ...MINIMAL, title: '  ' }, /\$\.title: must not be empty/],
    ['bad assignableAt', { ...MINIMAL, assignableAt: 'host' }, /\$\.assignableAt: must be "scope", "application" or "any"/],
    ['no operations', { ...MINIMAL, operations: [] }, /\$\.operations: must not be empty/],
    ['operations not an array', { ...MINIMAL, operations: {} }, /\$\.operations: is required/],
    ['operation not an object', { ...MINIMAL, operations: [315] }, /\$\.operations\[0\]: must be an object/],
    ['operation id not an integer', { ...MINIMAL, operations: [{ id: '315', name: 'Start' }] }, /\$\.operations\[0\]\.id: must be a 32-bit integer/],
    ['operation id fractional', { ...MINIMAL, operations: [{ id: 31.5, name: 'Start' }] }, /\$\.operations\[0\]\.id: must be a 32-bit integer/],
    ['operation without name', { ...MINIMAL, operations: [{ id: 315 }] }, /\$\.operations\[0\]\.name: is required/],
    ['required not boolean', { ...MINIMAL, operations: [{ id: 315, name: 'Start', required: 'yes' }] }, /\$\.operations\[0\]\.required: must be true or false/],
    ['unknown operation field', { ...MINIMAL, operations: [{ id: 315, name: 'Start', reqired: true }] }, /\$\.operations\[0\]\.reqired: is not a field of a template operation/],
    ['duplicate OperationID', { ...MINIMAL, operations: [{ id: 315, name: 'A' }, { id: 315, name: 'B' }] }, /\$\.operations\[1\]\.id: OperationID 315 is already listed at \$\.operations\[0\]/],
    ['bad SID pattern', { ...MINIMAL, forbiddenPrincipals: [{ sid: 'Everyone', name: 'Everyone' }] }, /\$\.forbiddenPrincipals\[0\]\.sid: "Everyone" is not a SID pattern/],
    ['forbidden principal without name', { ...MINIMAL, forbiddenPrincipals: [{ sid: 'S-1-1-0' }] }, /\$\.forbiddenPrincipals\[0\]\.name: is required/],
    ['aliases not strings', { ...MINIMAL, aliases: [1] }, /\$\.aliases\[0\]: must be a string/],
    ['blank alias', { ...MINIMAL, aliases: [''] }, /\$\.aliases\[0\]: must not be empty/],
    ['source of the wrong type', { ...MINIMAL, sources: [42] }, /\$\.sources\[0\]: must be a citation/],
    ['source URL not http', { ...MINIMAL, sources: [{ title: 'T', url: 'javascript:alert(1)' }] }, /\$\.sources\[0\]\.url: must be an http\(s\) URL/],
    ['unknown source field', { ...MINIMAL, sources: [{ title: 'T', link: 'x' }] }, /\$\.sources\[0\]\.link: is not a field of a source/],
  ]
  for (const [what, value, message] of cases) {
    t.throws(() => parseTemplate(value, 'x.json'), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID', exitCode: 4, message }, what)
  }
})

t.test('forbidden-principal patterns: * is one SID part', async (t) => {
  t.ok(matchesPrincipal('S-1-5-21-*-*-*-513', 'S-1-5-21-1-2-3-513'))
  t.notOk(matchesPrincipal('S-1-5-21-*-*-*-513', 'S-1-5-21-1-2-3-4-513'))
  t.notOk(matchesPrincipal('S-1-5-21-*-*-*-513', 'S-1-5-21-1-2-3-512'))
  const tpl = parseTemplate({ ...MINIMAL, forbiddenPrincipals: [{ sid: 'S-1-1-0', name: 'Everyone' }, { sid: 'S-1-5-21-*-*-*-513', name: 'Domain Users' }] }, 'f.json')
  const cases: [string, string | undefined][] = [
    ['S-1-1-0', 'Everyone'],
    ['S-1-1-00', undefined],
    ['S-1-5-21-1-2-3-513', 'Domain Users'],
    ['S-1-5-21-1-2-3-4-513', undefined],
    ['S-1-5-21-1-2-3-5130', undefined],
    ['S-1-5-21-x-2-3-513', 'Domain Users'],
  ]
  for (const [sid, name] of cases) {
    t.equal(forbiddenPrincipal(tpl, sid)?.name, name, `compiled: ${sid}`)
    t.equal(tpl.forbiddenPrincipals.find((f) => matchesPrincipal(f.sid, sid))?.name, name, `the same as matchesPrincipal: ${sid}`)
  }
})

const r2 = parseXmlStore(readFileSync(sample('hyperv-2008r2.xml'))).policy.applications[0]
const r1 = parseXmlStore(readFileSync(sample('hyperv-2008.xml'))).policy.applications[0]

t.test('every shipped template loads, cites its sources, and names real Hyper-V operations', async (t) => {
  const files = readdirSync(SHIPPED_TEMPLATES).filter((f) => f.endsWith('.json'))
  const all = await listTemplates()
  t.equal(all.length, files.length)
  t.same(
    all.map((x) => x.name),
    ['hyperv-full-administrator', 'hyperv-it-monitor', 'hyperv-manager-connect', 'hyperv-network-administrator', 'hyperv-vm-administrator', 'hyperv-vm-operator'],
  )
  for (const tpl of all) {
    t.test(tpl.name, async (t) => {
      t.ok(files.includes(`${tpl.name}.json`), 'the file is named after the template')
      t.equal(tpl.application, 'Hyper-V services')
      t.ok(tpl.sources.length > 0 && tpl.sources.some((s) => s.url !== undefined && s.ref !== undefined), 'cites at least one source with its reference ID and URL')
      t.ok(tpl.operations.some((o) => o.required), 'requires at least one operation')
      for (const forbidden of ['S-1-1-0', 'S-1-5-11', 'S-1-5-7', 'S-1-5-32-545', 'S-1-5-21-*-*-*-513']) {
        t.ok(tpl.forbiddenPrincipals.some((f) => f.sid === forbidden), `forbids ${forbidden}`)
      }
      for (const op of tpl.operations) {
        const inR2 = r2?.operations.find((o) => operationNumber(o) === op.id)
        t.equal(inR2?.name, op.name, `${op.id} is "${op.name}" in the 2008 R2 store`)
        const inR1 = r1?.operations.find((o) => operationNumber(o) === op.id)
        if (op.id === 355) t.equal(op.required, false, '355 (2008 R2 only) is never required')
        else t.equal(inR1?.name, op.name, `${op.id} exists in the 2008 store too`)
      }
      const raw: unknown = JSON.parse(readFileSync(join(SHIPPED_TEMPLATES, `${tpl.name}.json`), 'utf8'))
      t.same(parseTemplate(raw, 'again'), tpl, 'parsing is deterministic')
    })
  }
})

t.test('the shipped templates say what docs/store-format.md#114-template-sources says', async (t) => {
  const byName = new Map((await listTemplates()).map((x) => [x.name, x]))
  const ops = (name: string, required?: boolean): number[] =>
    (byName.get(name)?.operations ?? []).filter((o) => required === undefined || o.required === required).map((o) => o.id)
  t.same(ops('hyperv-full-administrator').length, 34, 'full administrator: all 34 operations')
  t.same(ops('hyperv-manager-connect'), [100, 295], 'Hyper-V Manager connects with 100 and 295')
  t.same(ops('hyperv-it-monitor', true), [100, 265, 270, 275, 280, 290, 295], "IT monitor: Microsoft's list")
  t.same(ops('hyperv-it-monitor', false), [285, 335], 'and our two readings, not required')
  t.same(ops('hyperv-vm-operator'), [315, 320, 325, 340, 345], 'VM operator: power and console')
  t.equal(byName.get('hyperv-vm-operator')?.assignableAt, 'scope')
  t.equal(byName.get('hyperv-vm-administrator')?.assignableAt, 'scope')
  t.notOk(ops('hyperv-vm-administrator').some((id) => id < 300), 'VM administrator: no service or network operation')
  t.notOk(ops('hyperv-network-administrator').some((id) => id >= 300 && id !== 350), 'network administrator: no VM operation')
  t.equal(byName.get('hyperv-network-administrator')?.assignableAt, 'application')
  t.equal(byName.get('hyperv-full-administrator')?.assignableAt, 'application')
})

t.test('companions: optional names of templates needed at application level', async (t) => {
  t.same(parseTemplate(MINIMAL, 'm.json').companions, [], 'none by default: older files load unchanged')
  t.same(parseTemplate({ ...MINIMAL, companions: ['hyperv-manager-connect'] }, 'm.json').companions, ['hyperv-manager-connect'])
  const bad: [unknown, RegExp][] = [
    ['hyperv-manager-connect', /^template x\.json: \$\.companions: must be an array of template names$/],
    [[''], /^template x\.json: \$\.companions\[0\]: must not be empty$/],
    [[7], /^template x\.json: \$\.companions\[0\]: must be a string \(a template name\)$/],
    [['Minimal'], /^template x\.json: \$\.companions\[0\]: names the template itself$/],
  ]
  for (const [companions, message] of bad) {
    t.throws(() => parseTemplate({ ...MINIMAL, companions }, 'x.json'), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID', exitCode: 4, message }, JSON.stringify(companions))
  }
  t.equal(bad.length, 4, 'four bad companions lists checked')
  const shipped = await listTemplates()
  const scoped = shipped.filter((x) => x.assignableAt !== 'application')
  t.same(
    scoped.map((x) => [x.name, x.companions]),
    [
      ['hyperv-it-monitor', ['hyperv-manager-connect']],
      ['hyperv-vm-administrator', ['hyperv-manager-connect']],
      ['hyperv-vm-operator', ['hyperv-manager-connect']],
    ],
    'every shipped template that may be assigned in a scope names the connect template',
  )
  t.ok(
    shipped.filter((x) => x.assignableAt === 'application').every((x) => x.companions.length === 0),
    'application-level ones need none',
  )
})
