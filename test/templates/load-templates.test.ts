import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { loadTemplate, SHIPPED_TEMPLATES } from '../../src/templates/load-template.js'
import { loadTemplates } from '../../src/templates/load-templates.js'

t.test('by name, by path, or a folder of templates', async (t) => {
  const byName = await loadTemplates(['hyperv-vm-operator'])
  t.same(byName.map((x) => x.name), ['hyperv-vm-operator'])
  const folder = await loadTemplates([SHIPPED_TEMPLATES])
  t.equal(folder.length, 6, 'every *.json of the folder')
  const same = await loadTemplates(['hyperv-vm-operator', join(SHIPPED_TEMPLATES, 'hyperv-vm-operator.json'), SHIPPED_TEMPLATES])
  t.equal(same.length, 6, 'one file named twice counts once')
})

t.test('two different templates with one name are refused; an empty folder too', async (t) => {
  const dir = t.testdir({ empty: {} })
  const copy = join(dir, 'copy.json')
  copyFileSync(join(SHIPPED_TEMPLATES, 'hyperv-vm-operator.json'), copy)
  await t.rejects(loadTemplates(['hyperv-vm-operator', copy]), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID', message: /two templates are named "hyperv-vm-operator"/ })
  await t.rejects(loadTemplates([join(dir, 'empty')]), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', message: /holds no template/ })
  writeFileSync(join(dir, 'broken.json'), '{')
  await t.rejects(loadTemplates([join(dir, 'broken.json')]), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID', message: /not valid JSON/ })
  await t.rejects(loadTemplates(['no-such-template']), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND' })
})

t.test('a path relative to the current folder first, then a shipped name, from any folder', async (t) => {
  const dir = t.testdir({ mine: {}, other: {} })
  copyFileSync(join(SHIPPED_TEMPLATES, 'hyperv-it-monitor.json'), join(dir, 'mine', 'only.json'))
  const home = process.cwd()
  t.teardown(() => process.chdir(home))
  process.chdir(join(dir, 'other'))
  const cases: [string, number][] = [
    ['templates/', 6],
    ['templates', 6],
    ['./templates/', 6],
    ['templates/hyperv-vm-operator.json', 1],
    ['hyperv-vm-operator.json', 1],
    ['hyperv-vm-operator', 1],
    ['../mine', 1],
    ['../mine/only.json', 1],
  ]
  for (const [ref, count] of cases) t.equal((await loadTemplates([ref])).length, count, `${ref} from another folder`)
  t.equal(cases.length, 8, 'every case checked')

  // A folder of the current one is taken before the shipped one of the same name.
  process.chdir(dir)
  copyFileSync(join(SHIPPED_TEMPLATES, 'hyperv-it-monitor.json'), join(dir, 'other', 'it.json'))
  writeFileSync(join(dir, 'templates'), '')
  t.same(
    (await loadTemplates(['other'])).map((x) => x.name),
    ['hyperv-it-monitor'],
    'the local folder, not a shipped name',
  )
  await t.rejects(loadTemplates(['templates']), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID' }, 'the local (empty) file templates is read, not the shipped folder')
})

t.test('a reference that matches nothing names every path tried; a folder is not one template', async (t) => {
  const dir = t.testdir({})
  const home = process.cwd()
  t.teardown(() => process.chdir(home))
  process.chdir(dir)
  await t.rejects(loadTemplates(['no-such-template']), {
    code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND',
    message: `no template no-such-template (tried no-such-template, ${join(SHIPPED_TEMPLATES, 'no-such-template.json')}); azman templates lists the shipped ones`,
  })
  await t.rejects(loadTemplates(['./no/such.json']), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', message: /^no template \.\/no\/such\.json \(tried \.\/no\/such\.json\)/ })
  await t.rejects(loadTemplate('templates/'), { code: 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', message: /is a folder; give one template/ })
  t.equal((await loadTemplate('templates/hyperv-vm-operator')).name, 'hyperv-vm-operator', 'one template by its shipped path, from anywhere')
})
