import { defaultFacts, hyperVHost, type Fixture, type FixtureVm } from './base.js'

/** A VM name with every character a hand-written JSON writer can get wrong. */
export const HOSTILE_NAME = 'He said "hi" \\ C:\\VMs\\ \u0000\u0001\b\t\n\r\u001f\u007f </script><script>alert(1)</script> \u2028\u2029 caf\u00e9 \u65e5\u672c \ud83d\ude00 lone:\ud800 \udc00 end'

const vms: FixtureVm[] = [
  { name: HOSTILE_NAME, guid: 'BADC0DE0-0000-4000-8000-0000000000AA', state: 2, scope: 'Lab "quoted" \\ scope\n' },
  { name: '', guid: 'BADC0DE0-0000-4000-8000-0000000000BB', state: 3, scope: '' },
]

/** Windows Server 2008 R2 with a VM whose name holds quotes, backslashes, control characters, `</script>`, non-ASCII and lone surrogates, and a VM with an empty name. */
export const fixture: Fixture = {
  name: 'hostile-vm-name',
  description: 'a VM whose name holds quotes, backslashes, control characters, </script> and lone surrogates',
  host: hyperVHost({ vms }),
  expected: defaultFacts(vms),
}
