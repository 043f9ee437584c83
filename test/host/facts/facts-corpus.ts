import { readdirSync } from 'node:fs'
import { fixture } from '../../cli/run-cli.js'

/**
 * The host facts corpus of test/fixtures/host-facts/ (written by generate.mjs
 * there): the good files every reader must accept, and each bad file with the
 * exact message azman gives for it after `<file>: `. Shared by the reader's
 * test and the CLI's.
 */

/** A bad facts file and what azman says about it. */
export interface BadFacts {
  readonly file: string
  /** The message after `<path>: `: exactly, or (for what Node's JSON parser words, which differs between Node versions) a pattern. */
  readonly message: string | RegExp
}

export const GOOD_DIR = fixture('host-facts/good/')
export const BAD_DIR = fixture('host-facts/bad/')

/** The files of a corpus folder, sorted. */
export function corpusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
}

const V1 = '"azman-host-facts/1"'
const UTF = 'facts files are UTF-8 or UTF-16, and text in an OEM or ANSI code page is not read'

export const BAD_FACTS: readonly BadFacts[] = [
  { file: 'ansi-code-page.json', message: `is not valid UTF-8 (byte 0xE9 at offset 143); ${UTF}` },
  { file: 'binary.json', message: `is not valid UTF-8 (byte 0x9C at offset 10); ${UTF}` },
  { file: 'collected-at-not-a-date.json', message: '$.collectedAt must be a date and time in ISO 8601 (2026-12-04T21:45:00Z)' },
  { file: 'collector-missing.json', message: '$.collector is required (a string of at most 65,536 characters)' },
  { file: 'dcom-number.json', message: '$.dcom.launchRestriction must be an SDDL string, or null' },
  { file: 'dcom-sddl-unreadable.json', message: '$.dcom.launchRestriction is not a security descriptor azman can read: SDDL: an ACE without its closing ")" at character 11 (near "(A;;CCDC;;;")' },
  { file: 'deep-nesting.json', message: 'nests arrays and objects deeper than 16 levels (at character 115); host facts nest at most 5' },
  { file: 'duplicate-field.json', message: '$.vms[1].guid is given twice in one object: a field appears once (readers disagree on which one counts)' },
  { file: 'empty.json', message: /^is not JSON \(Unexpected end of JSON input\)$/ },
  {
    file: 'error-names-no-fact.json',
    message: '$.errors[0].fact names no fact (the facts are computer, os, virtualization, store, vmm, hyperV, vms, wmiNamespaces, dcom, localGroups, firewall; a field of one is named "store.sha256")',
  },
  { file: 'error-names-no-field.json', message: '$.errors[0].fact names no field of store' },
  {
    file: 'fact-and-error.json',
    message: '$.errors[0].fact names dcom, which the facts have: a fact is either there or listed in errors, not both (only a list may be both: some of its items could not be read)',
  },
  { file: 'firewall-enabled-yes.json', message: '$.firewall.groups[0].enabled must be "all", "some" or "none"' },
  { file: 'format-missing.json', message: `$.format is required (${V1})` },
  { file: 'format-other.json', message: `$.format must be ${V1}` },
  { file: 'format-v2.json', message: `$.format is "azman-host-facts/2", a version this azman does not read: it reads ${V1} (a newer azman may read it)` },
  { file: 'group-sid-not-sid.json', message: '$.localGroups[0].sid must be a SID (S-1-5-32-544)' },
  { file: 'group-twice.json', message: '$.localGroups[2].sid is the group SID of $.localGroups[0] too: group SIDs are unique on a host' },
  { file: 'huge-number.json', message: '$.store.size must be an integer from 0 to 9,007,199,254,740,991' },
  {
    file: 'member-sid-leading-zero.json',
    message: '$.localGroups[0].members[0].sid must be a SID as Windows writes it: S-1-5-21-1004336348-1177238915-682003330-1105, without leading zeros',
  },
  {
    file: 'member-sid-overflow.json',
    message: '$.localGroups[1].members[0].sid is not a SID: more than 15 sub-authorities, or a part over its limit (the authority under 2^48, a sub-authority under 2^32)',
  },
  { file: 'namespace-slash-twice.json', message: '$.wmiNamespaces[1].namespace is the namespace of $.wmiNamespaces[0] too: namespaces are unique on a host' },
  { file: 'namespaces-too-many.json', message: '$.wmiNamespaces must have at most 16 entries' },
  { file: 'not-json.json', message: /^is not JSON \(.*position 73.*\)$/ },
  { file: 'root-array.json', message: `$ must be a JSON object: host facts are {"format": ${V1}, "collectedAt", "collector", ..., "errors": [...]}` },
  {
    file: 'sddl-mask-too-large.json',
    message:
      '$.wmiNamespaces[0].sddl is not a security descriptor azman can read: SDDL: access mask "0xffffffffffff" is not a hexadecimal number of at most 8 digits at character 15 (near "0xffffffffffff;;;AU)")',
  },
  {
    file: 'sddl-sid-not-sid.json',
    message: '$.wmiNamespaces[1].sddl is not a security descriptor azman can read: SDDL: "S-1-5-32-999999999999" is neither a SID nor a SID alias at character 24 (near "S-1-5-32-999999999999)")',
  },
  { file: 'state-out-of-range.json', message: '$.vms[0].state must be an integer from 0 to 65,535' },
  {
    file: 'store-location-differs.json',
    message: '$.store.location must be virtualization.storeLocation ("msxml://C:\\\\Other\\\\InitialStore.xml"), the store the host reads: the collector describes that store',
  },
  { file: 'unknown-field.json', message: '$.hostname is not a field of host facts (azman-host-facts/1)' },
  { file: 'unknown-vm-field.json', message: '$.vms[1].owner is not a field of a VM' },
  { file: 'utf16le-odd-length.json', message: 'is not valid UTF-16LE (an odd number of bytes)' },
  { file: 'utf32le-bom.json', message: 'is UTF-32 encoded; facts files are UTF-8 or UTF-16' },
  { file: 'vm-guid-not-guid.json', message: '$.vms[1].guid must be a GUID (8-4-4-4-12 hexadecimal digits)' },
  { file: 'vm-guid-twice.json', message: '$.vms[4].guid is the VM GUID of $.vms[1] too: VM GUIDs are unique on a host' },
  { file: 'vm-name-too-long.json', message: '$.vms[0].name must be a string of at most 65,536 characters' },
  { file: 'vm-state-string.json', message: '$.vms[2].state must be an integer from 0 to 65,535' },
]
