/**
 * `hostScript`: the request checked against the store, and the values written into the template as
 * string literals only (checked on the ES3 parse tree), whatever they hold.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'acorn'
import t from 'tap'
import { hostScript, hostScriptPlan, MAX_PRINCIPALS, MAX_VMS, type HostScriptRequest } from '../../../src/host/script/host-script.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT } from '../../cli/run-cli.js'
import { ES3, laterBuiltIns, walk } from '../collector/es3-rules.js'
import { hyperVHost } from '../collector/hosts/base.js'
import { runWsh } from '../collector/wsh/sandbox.js'

const policy = parseXmlStore(readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`)).policy
const STORE = { reference: 'lab.xml', version: 'sha256:00' }
const GROUP = 'S-1-5-21-1004336348-1177238915-682003330-1108'

const HOSTILE = [
  'x"); WScript.Quit(0); ("',
  "x'); WScript.Quit(0); ('",
  'a\\b\\',
  'line\nbreak\r\u2028\u2029',
  '</script><!--',
  '${x} `y` $(z)',
  'zero\u0000width\u200b',
  'lone \ud800 surrogate',
  'caf\u00e9 \u6f22',
]

async function text(request: Partial<HostScriptRequest>): Promise<string> {
  return (await hostScript(policy, STORE, { scope: 'Lab VMs', vms: ['lab-01'], grant: [], ...request })).text
}

/** The string literals of a script's PLAN object, and whether every other node is the template's. */
function planStrings(source: string): string[] {
  const ast = parse(source, ES3)
  const out: string[] = []
  walk(ast, (n) => {
    if (n.type !== 'VariableDeclarator' || (n.id as { name?: string }).name !== 'PLAN') return
    walk(n.init, (m) => {
      if (m.type === 'Literal' && typeof m.value === 'string') out.push(m.value)
      else if (!['ObjectExpression', 'ArrayExpression', 'Property', 'Literal'].includes(m.type)) out.push(`<<${m.type}>>`)
    })
  })
  return out
}

t.test('a generated script parses as ES3, uses nothing JScript lacks, and is ASCII', async (t) => {
  const source = await text({ grant: [GROUP] })
  const { later, statements } = laterBuiltIns(source)
  t.same(later, [])
  t.ok(statements > 30)
  t.notMatch(source, /[^\n\x20-\x7e]/, 'printable ASCII and LF only')
  t.notMatch(source, /@AZMAN_(PLAN|VERSION)@/, 'the markers are filled in')
  t.match(source, /^var SCRIPT = 'azman-host-script\.js \d+\.\d+\.\d+[^']*';$/m)
})

t.test('hostile VM names stay string literals: the parse tree holds them as values, and the script treats them as names', async (t) => {
  const source = await text({ vms: HOSTILE })
  const strings = planStrings(source)
  t.notOk(
    strings.some((s) => s.startsWith('<<')),
    'the PLAN holds only literals',
  )
  HOSTILE.forEach((vm, i) => t.ok(strings.includes(vm), `hostile name ${i} is one literal, read back exactly`))
  t.equal(HOSTILE.length, 9)
  // Run: every hostile name is looked for as a VM name, and none is there.
  const run = runWsh(source, hyperVHost(), { scriptName: 'azman-host-script.js' })
  t.equal(run.exitCode, 1)
  t.match(run.stderr, /FAILED before any change: no VM named "x"\); WScript\.Quit\(0\); \(""/)
})

t.test('the plan: the store spells the application and the scope; bad requests are refused', async (t) => {
  const plan = hostScriptPlan(policy, STORE, { app: 'hyper-v services', scope: 'lab vms', vms: ['a', 'a', 'b'], grant: [GROUP, GROUP] })
  t.same([plan.app, plan.scope, plan.vms, plan.principals], ['Hyper-V services', 'Lab VMs', ['a', 'b'], [{ sid: GROUP, label: GROUP }]])
  t.same(hostScriptPlan(policy, STORE, { scope: 'Lab VMs', vms: [], grant: ['S-1-5-20'] }).principals, [{ sid: 'S-1-5-20', label: 'S-1-5-20 (NT AUTHORITY\\NETWORK SERVICE)' }])
  t.same(hostScriptPlan(policy, STORE, { scope: 'Lab VMs', vms: [], grant: ['S-1-5-32-544'], revoke: true }).principals.length, 1, 'a BUILTIN group can be revoked')
  const refused: [string, HostScriptRequest, string, RegExp][] = [
    ['no such scope', { scope: 'Web VMs', vms: ['a'], grant: [] }, 'AZMAN_ERR_NOT_FOUND', /has no scope "Web VMs", so no VM can be bound to it \(scopes: "Lab VMs", "Production VMs"\)/],
    ['no such app', { app: 'Other', scope: 'Lab VMs', vms: ['a'], grant: [] }, 'AZMAN_ERR_NOT_FOUND', /no application "Other"/],
    ['nothing to do', { scope: 'Lab VMs', vms: [], grant: [] }, 'AZMAN_ERR_USAGE', /nothing to do/],
    ['not a SID', { scope: 'Lab VMs', vms: [], grant: ['CONTOSO\\x'] }, 'AZMAN_ERR_CHANGE_INVALID_SID', /is not a SID/],
    ['Everyone', { scope: 'Lab VMs', vms: [], grant: ['S-1-1-0'] }, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL', /S-1-1-0 \(Everyone\) stands for every user, including guests: .*--allow-broad/],
    ['Domain Users', { scope: 'Lab VMs', vms: [], grant: ['S-1-5-21-1004336348-1177238915-682003330-513'] }, 'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL', /Domain Users/],
    ['empty VM name', { scope: 'Lab VMs', vms: [' '], grant: [] }, 'AZMAN_ERR_USAGE', /1 to 256 characters/],
    ['long VM name', { scope: 'Lab VMs', vms: ['v'.repeat(257)], grant: [] }, 'AZMAN_ERR_USAGE', /1 to 256 characters/],
    ['too many VMs', { scope: 'Lab VMs', vms: Array.from({ length: MAX_VMS + 1 }, (_, i) => `vm${i}`), grant: [] }, 'AZMAN_ERR_USAGE', /at most 1000/],
    ['a BUILTIN group', { scope: 'Lab VMs', vms: [], grant: ['S-1-5-32-555'] }, 'AZMAN_ERR_USAGE', /is a BUILTIN group, which cannot be a member of Distributed COM Users/],
    ['too many principals', { scope: 'Lab VMs', vms: [], grant: Array.from({ length: MAX_PRINCIPALS + 1 }, (_, i) => `S-1-5-21-1-2-3-${i + 1000}`) }, 'AZMAN_ERR_USAGE', /at most 100/],
  ]
  for (const [name, request, code, message] of refused) t.throws(() => hostScriptPlan(policy, STORE, request), { code, message }, name)
  t.equal(refused.length, 11)
  t.same(
    hostScriptPlan(policy, STORE, { scope: 'Lab VMs', vms: [], grant: ['S-1-1-0'], allowBroad: true }).principals.map((p) => p.sid),
    ['S-1-1-0'],
    '--allow-broad',
  )
})
