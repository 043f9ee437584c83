import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { SHIPPED_TEMPLATES } from '../../src/templates/load-template.js'
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
