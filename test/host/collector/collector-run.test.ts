/**
 * How the collector behaves as a program: its exit codes (1 only when nothing could be read), its
 * arguments, and its JSON string writer over every UTF-16 code unit.
 */
import t from 'tap'
import { readHostFacts } from '../../../src/host/facts/read-facts.js'
import { COLLECTOR_SOURCE } from './collector-source.js'
import { hyperVHost, MACHINE_SID, type HostOptions } from './hosts/base.js'
import { runWsh } from './wsh/sandbox.js'

t.test('a host where nothing can be read: valid facts listing every reason, and exit code 1', async (t) => {
  const host = hyperVHost({
    failures: {
      'query:Win32_ComputerSystem': '0x80041003 Access denied',
      'query:Win32_OperatingSystem': '0x80041003 Access denied',
      'query:Win32_Service': '0x80041003 Access denied',
      'query:Win32_Group': '0x80041003 Access denied',
      'query:Msvm_VirtualSystemGlobalSettingData': '0x80041003 Access denied',
      registry: '0x80041003 Access denied',
      'method:GetSD': '0x80041003 Access denied',
      'activex:HNetCfg.FwPolicy2': 'no firewall service',
    },
  })
  const run = runWsh(COLLECTOR_SOURCE, host)
  t.equal(run.exitCode, 1, 'exit code 1: nothing collected')
  const facts = readHostFacts(run.stdout, 'nothing.json')
  const facts_ = Object.keys(facts).filter((k) => !['format', 'collectedAt', 'collector', 'errors'].includes(k))
  t.same(facts_, [], 'no fact')
  t.same([...new Set(facts.errors.map((e) => e.fact))], ['computer', 'os', 'virtualization', 'store', 'vmm', 'hyperV', 'vms', 'wmiNamespaces', 'dcom', 'localGroups', 'firewall'], 'each of the eleven facts says why')
})

t.test('arguments: /? prints the usage (exit 0); anything else is refused (exit 3) with nothing on stdout', async (t) => {
  const help = runWsh(COLLECTOR_SOURCE, hyperVHost(), { args: ['/?'] })
  t.equal(help.exitCode, 0)
  t.match(help.stdout, /^usage: cscript \/\/nologo azman-host-facts\.js > host\.json/)
  const wrong = runWsh(COLLECTOR_SOURCE, hyperVHost(), { args: ['C:\\out.json'] })
  t.equal(wrong.exitCode, 3)
  t.equal(wrong.stdout, '')
  t.match(wrong.stderr, /takes no arguments \(C:\\out\.json\)/)
})

t.test('the JSON string writer: every UTF-16 code unit, alone and around others, reads back as itself, in ASCII', async (t) => {
  const run = runWsh(COLLECTOR_SOURCE, hyperVHost(), { args: ['/?'] })
  const jsonString = run.globals.jsonString as (s: string) => string
  let checked = 0
  const bad: number[] = []
  for (let c = 0; c <= 0xffff; c++) {
    const s = `a${String.fromCharCode(c)}b`
    const literal = jsonString(s)
    if (JSON.parse(literal) !== s || !/^"[\x20-\x7e]*"$/.test(literal) || /[<>&]/.test(literal)) bad.push(c)
    checked++
  }
  t.same(bad, [], 'no code unit comes back different, or unescaped outside printable ASCII')
  t.equal(checked, 65_536, 'all 65,536 code units checked')
  t.equal(jsonString('\ud83d\ude00'), '"\\ud83d\\ude00"', 'a surrogate pair is two escapes, read back as the pair')
})

t.test('a group whose members cannot be listed is left out with its reason; the others are there', async (t) => {
  const host = hyperVHost({ failures: { 'query:Win32_GroupUser': '0x80041003 Access denied' } })
  const facts = readHostFacts(runWsh(COLLECTOR_SOURCE, host).stdout, 'groups.json')
  t.same(facts.localGroups, [], 'no group could be listed')
  t.same(
    facts.errors.map((e) => e.reason),
    ['S-1-5-32-544: Access denied (0x80041003)', 'S-1-5-32-545: Access denied (0x80041003)', 'S-1-5-32-562: Access denied (0x80041003)'],
    'one reason a group; Hyper-V Administrators is not on a 2008 R2 host, which is no error',
  )
  const none = readHostFacts(runWsh(COLLECTOR_SOURCE, hyperVHost({ failures: { 'query:Win32_Group': '0x80041003 Access denied' } })).stdout, 'none.json')
  t.equal(none.localGroups, undefined, 'no group query answered: the fact is left out')
  t.equal(none.errors[0]?.reason, 'no local group could be read')
  t.equal(none.errors.length, 5, 'and each of the four groups says why')
})

t.test('a StoreLocation stored as REG_EXPAND_SZ is read through GetExpandedStringValue', async (t) => {
  const key = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization'
  const host = hyperVHost({ registry: { [key]: { StoreLocation: { type: 'REG_EXPAND_SZ', value: 'msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml' } } } })
  const facts = readHostFacts(runWsh(COLLECTOR_SOURCE, host).stdout, 'expand.json')
  t.same(facts.virtualization, { storeLocation: 'msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml', serviceApplication: null })
  t.same(facts.errors, [])
})

t.test("the machine SID is a local account's SID without its RID; when it cannot be read, computer.machineSid says why", async (t) => {
  const collect = (options: HostOptions) => readHostFacts(runWsh(COLLECTOR_SOURCE, hyperVHost(options)).stdout, 'sid.json')
  t.equal(collect({}).computer?.machineSid, MACHINE_SID, 'from the built-in Administrator (MACHINE_SID-500)')
  t.equal(collect({ localAccountSids: ['S-1-5-21-1-2-3-1001'] }).computer?.machineSid, 'S-1-5-21-1-2-3', 'any local account will do')
  const none = collect({ localAccountSids: [] })
  t.equal(none.computer?.machineSid, undefined)
  t.equal(none.computer?.name, 'HV01', 'the rest of the computer fact is there')
  t.same(none.errors, [{ fact: 'computer.machineSid', reason: 'no local account has a SID of this computer' }])
  const refused = collect({ failures: { 'query:Win32_UserAccount': '0x80041003 Access denied' } })
  t.same(refused.errors, [{ fact: 'computer.machineSid', reason: 'Access denied (0x80041003)' }])
})
