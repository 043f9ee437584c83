// azman-host-script.js: the host half of a Hyper-V delegation, for one host, as azman planned it.
//
// Review it, then run it on the host, as a member of the local Administrators group:
//
//   cscript //nologo azman-host-script.js            what it would change (a dry run: changes nothing)
//   cscript //nologo azman-host-script.js /apply     make the changes
//
// /force also runs it on a host that System Center VMM manages (VMM rewrites the store and may undo
// scope work). When the script installs a store (PLAN.install), /restart-vmms also restarts the
// Hyper-V Virtual Machine Management service so that it reads the new store; without it, vmms is
// left alone. The store is installed only over the exact file azman planned from (its SHA-256),
// after a copy of it is kept beside it (<store>.azman-backup-<UTC time>). It refuses a host where Hyper-V does not use AzMan (Windows Server 2012 R2 and later,
// or no root\virtualization namespace). It first finds everything it needs (every VM, group and
// namespace) and changes nothing when one is missing; then it makes one change at a time, printing
// each before making it, and stops at the first that fails, saying what was already done. A change
// already in place is left alone, so a second run changes nothing and says so.
//
// Exit codes: 0 done (or nothing to change, or a dry run), 1 a change or a lookup failed, 2 the host
// is refused, 3 wrong arguments.
//
// The values it works on (VMs, the scope, principals, the store's hashes) are the PLAN below, and
// the store's bytes the STORE (Base64), written by azman as string literals; the rest is the same in
// every script azman writes. This is Windows Script Host JScript (JScript 5.x, ECMAScript 3), so
// that it runs on Server Core 2008, which has no PowerShell.
//
// Written by azman (azman host script); docs/host-script.md says what each change is and how to undo it.

var SCRIPT = 'azman-host-script.js @AZMAN_VERSION@';
var PLAN = null; // @AZMAN_PLAN@

var EXIT_OK = 0;
var EXIT_FAILED = 1;
var EXIT_REFUSED = 2;
var EXIT_USAGE = 3;

var HKLM = 0x80000002;
var VIRTUALIZATION_KEY = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization';

// The namespaces whose security Hyper-V Manager's remote connection needs, and the rights granted on
// them: Enable Account (WBEM_ENABLE, 0x1, CC) and Remote Enable (WBEM_REMOTE_ACCESS, 0x20, WP),
// inherited by child namespaces (CI), as WMI Control's "This namespace and subnamespaces" does.
// https://learn.microsoft.com/en-us/windows/win32/wmisdk/namespace-access-rights-constants
var NAMESPACES = ['root\\cimv2', 'root\\virtualization'];
var WMI_RIGHTS = 'CCWP';

// BUILTIN\Distributed COM Users, by SID (its name is localized).
var DCOM_USERS = 'S-1-5-32-562';

// The firewall rule group "Windows Management Instrumentation (WMI)", by its indirect string, which is
// the same on every language of Windows.
var WMI_RULE_GROUP = '@FirewallAPI.dll,-34251';

// Msvm_ConcreteJob.JobState: 2 New, 3 Starting, 4 Running, 7 Completed; the others end in failure.
// https://learn.microsoft.com/en-us/previous-versions/windows/desktop/virtual/msvm-concretejob
var JOB_RUNNING = [2, 3, 4];
var JOB_COMPLETED = 7;
var JOB_WAIT_MS = 500;
var JOB_WAIT_TRIES = 600;

// ---------------------------------------------------------------------------------------------
// Small helpers ECMAScript 3 lacks

function present(value) {
  return value !== null && value !== undefined;
}

function contains(list, value) {
  for (var i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

/** A value for a message: in double quotes, control characters shown as ?. */
function shown(value) {
  var s = String(value);
  var out = '';
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    out += c < 32 || c === 127 ? '?' : s.charAt(i);
  }
  return '"' + out + '"';
}

/** The text of an error: a COM error's description and its HRESULT. */
function reasonOf(e) {
  if (e === null || e === undefined) return 'unknown error';
  if (typeof e !== 'object') return String(e);
  var text = present(e.description) && e.description !== '' ? String(e.description) : present(e.message) ? String(e.message) : String(e);
  if (typeof e.number === 'number' && e.number !== 0) {
    var code = e.number < 0 ? e.number + 4294967296 : e.number;
    text = text + ' (0x' + code.toString(16).toUpperCase() + ')';
  }
  return text;
}

function say(line) {
  WScript.StdOut.WriteLine(line);
}

// ---------------------------------------------------------------------------------------------
// WMI

var services = {};

function wmi(namespace) {
  if (!services[namespace]) services[namespace] = GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\' + namespace);
  return services[namespace];
}

var WBEM_E_INVALID_NAMESPACE = 0x8004100E | 0;

function namespaceExists(namespace) {
  try {
    wmi(namespace);
    return true;
  } catch (e) {
    if (e !== null && typeof e === 'object' && (e.number | 0) === WBEM_E_INVALID_NAMESPACE) return false;
    throw e;
  }
}

/** Every instance of a class, as a JScript array (queries name no value, so no value can change one). */
function instances(namespace, className) {
  var list = [];
  for (var items = new Enumerator(wmi(namespace).ExecQuery('SELECT * FROM ' + className)); !items.atEnd(); items.moveNext()) list[list.length] = items.item();
  return list;
}

/** Calls a method with named in-parameters; throws unless ReturnValue is 0 or listed in `allowed`. */
function callMethod(object, method, params, allowed) {
  var inParams = null;
  if (params) {
    inParams = object.Methods_.Item(method).InParameters.SpawnInstance_();
    for (var name in params) if (Object.prototype.hasOwnProperty.call(params, name)) inParams.Properties_.Item(name).Value = params[name];
  }
  var out = inParams === null ? object.ExecMethod_(method) : object.ExecMethod_(method, inParams);
  var rv = out.ReturnValue;
  if (rv !== 0 && !(allowed && contains(allowed, rv))) throw new Error(method + ' returned ' + rv);
  return out;
}

function registryString(key, value) {
  var registry = GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\default:StdRegProv');
  var out = callMethod(registry, 'GetStringValue', { hDefKey: HKLM, sSubKeyName: key, sValueName: value }, [1, 2]);
  return out.ReturnValue === 0 && present(out.sValue) ? String(out.sValue) : null;
}

/** Waits for a Hyper-V job a method started (ReturnValue 4096); throws when it does not complete. */
function waitForJob(namespace, jobPath) {
  for (var tries = 0; tries < JOB_WAIT_TRIES; tries++) {
    var job = wmi(namespace).Get(jobPath);
    var state = Number(job.JobState);
    if (state === JOB_COMPLETED) return;
    if (!contains(JOB_RUNNING, state)) throw new Error('the job ended in state ' + state + ': ' + (present(job.ErrorDescription) ? job.ErrorDescription : 'no description') + ' (error code ' + job.ErrorCode + ')');
    WScript.Sleep(JOB_WAIT_MS);
  }
  throw new Error('the job did not end within ' + (JOB_WAIT_MS * JOB_WAIT_TRIES) / 1000 + ' seconds');
}

// ---------------------------------------------------------------------------------------------
// The host: whether this script may run here

/** Why the script refuses this host, or null. */
function refusal(force) {
  var os = instances('root\\cimv2', 'Win32_OperatingSystem')[0];
  var version = String(os.Version).split('.');
  var major = Number(version[0]);
  var minor = Number(version[1]);
  if (major > 6 || (major === 6 && minor >= 3)) return 'this host runs Windows ' + os.Version + ' (Windows Server 2012 R2 or later): Hyper-V does not use AzMan here, so a scope or store change governs nothing';
  if (!namespaceExists('root\\virtualization')) return 'this host has no root\\virtualization (WMI v1) namespace: the Hyper-V role is not installed, or Hyper-V does not use AzMan here';
  if (force) return null;
  var location = registryString(VIRTUALIZATION_KEY, 'StoreLocation');
  if (location !== null && /hypervauthstore\.xml\s*$/i.test(location)) return 'System Center VMM manages this host (StoreLocation names HyperVAuthStore.xml): VMM rewrites the store and keeps only root-scope changes; run with /force to go on anyway';
  var agents = instances('root\\cimv2', 'Win32_Service');
  for (var i = 0; i < agents.length; i++) {
    var name = String(agents[i].Name).toLowerCase();
    if (name === 'scvmmagent' || name === 'vmmagent') return 'System Center VMM manages this host (service ' + agents[i].Name + ' is installed): VMM rewrites the store and keeps only root-scope changes; run with /force to go on anyway';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Changes: each is { text, done, run }; `done` says it is already in place.

var GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** The VM a plan entry names: by GUID, else by its name (exactly, else without case when only one matches). */
function findVm(systems, wanted) {
  var guid = GUID.exec(wanted);
  var exact = [];
  var loose = [];
  for (var i = 0; i < systems.length; i++) {
    var s = systems[i];
    if (!GUID.test(String(s.Name))) continue; // the host's own instance: its Name is the computer name
    if (guid !== null && String(s.Name).toLowerCase() === guid[1].toLowerCase()) return s;
    if (String(s.ElementName) === wanted) exact[exact.length] = s;
    else if (String(s.ElementName).toLowerCase() === wanted.toLowerCase()) loose[loose.length] = s;
  }
  var found = exact.length > 0 ? exact : loose;
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new Error('no VM named ' + shown(wanted) + ' on this host');
  throw new Error(found.length + ' VMs are named ' + shown(wanted) + ': give the GUID of the one meant');
}

function settingOf(settings, vm) {
  for (var i = 0; i < settings.length; i++) if (String(settings[i].SystemName).toLowerCase() === String(vm.Name).toLowerCase()) return settings[i];
  throw new Error('VM ' + shown(vm.ElementName) + ' has no Msvm_VirtualSystemGlobalSettingData');
}

function setScope(vm, setting, scope) {
  setting.Properties_.Item('ScopeOfResidence').Value = scope;
  var service = instances('root\\virtualization', 'Msvm_VirtualSystemManagementService')[0];
  // SystemSettingData is the setting as an embedded instance: GetText_(1), wbemObjectTextFormatCIMDTD20.
  var out = callMethod(service, 'ModifyVirtualSystem', { ComputerSystem: vm.Path_.Path, SystemSettingData: setting.GetText_(1) }, [4096]);
  if (out.ReturnValue === 4096) waitForJob('root\\virtualization', out.Job);
}

/** Binding each VM to the plan's scope (or, revoking, unbinding those bound to it). */
function vmChanges() {
  var changes = [];
  if (PLAN.vms.length === 0) return changes;
  var systems = instances('root\\virtualization', 'Msvm_ComputerSystem');
  var settings = instances('root\\virtualization', 'Msvm_VirtualSystemGlobalSettingData');
  for (var i = 0; i < PLAN.vms.length; i++) {
    var vm = findVm(systems, PLAN.vms[i]);
    var setting = settingOf(settings, vm);
    var current = present(setting.ScopeOfResidence) ? String(setting.ScopeOfResidence) : '';
    changes[changes.length] = PLAN.revoke ? unbindChange(vm, setting, current) : bindChange(vm, setting, current);
  }
  return changes;
}

function bindChange(vm, setting, current) {
  return {
    text: 'bind VM ' + shown(vm.ElementName) + ' (' + vm.Name + ') to scope ' + shown(PLAN.scope) + (current === PLAN.scope ? '' : ' (now: ' + (current === '' ? 'application level' : 'scope ' + shown(current)) + ')'),
    done: current === PLAN.scope,
    run: function () {
      setScope(vm, setting, PLAN.scope);
    }
  };
}

function unbindChange(vm, setting, current) {
  return {
    text: 'unbind VM ' + shown(vm.ElementName) + ' (' + vm.Name + ') from scope ' + shown(PLAN.scope) + (current === PLAN.scope ? '' : ' (it is not bound to it)'),
    done: current !== PLAN.scope,
    run: function () {
      setScope(vm, setting, '');
    }
  };
}

// --- WMI namespace security

function namespaceSddl(namespace) {
  var out = callMethod(GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\' + namespace + ':__SystemSecurity=@'), 'GetSD');
  var helper = wmi('root\\cimv2').Get('Win32_SecurityDescriptorHelper');
  return String(callMethod(helper, 'BinarySDToSDDL', { BinarySD: out.SD }).SDDL);
}

function setNamespaceSddl(namespace, sddl) {
  var helper = wmi('root\\cimv2').Get('Win32_SecurityDescriptorHelper');
  var binary = callMethod(helper, 'SDDLToBinarySD', { SDDL: sddl }).BinarySD;
  callMethod(GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\' + namespace + ':__SystemSecurity=@'), 'SetSD', { SD: binary });
}

/**
 * The DACL of an SDDL string: where its ACEs start and end, and each ACE (its text, where it is, and
 * its fields: type, flags, rights, object GUID, inherited object GUID, SID). Parentheses nest in
 * conditional ACEs, so they are counted.
 */
function dacl(sddl) {
  var depth = 0;
  var d = -1;
  for (var i = 0; i < sddl.length && d < 0; i++) {
    var c = sddl.charAt(i);
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && sddl.substr(i, 2) === 'D:') d = i;
  }
  if (d < 0) throw new Error('the namespace security descriptor has no DACL: ' + sddl);
  var start = d + 2;
  while (start < sddl.length && sddl.charAt(start) !== '(' && sddl.substr(start, 2) !== 'S:') start++;
  var aces = [];
  var end = start;
  while (end < sddl.length && sddl.charAt(end) === '(') {
    var at = end;
    depth = 0;
    do {
      if (sddl.charAt(end) === '(') depth++;
      else if (sddl.charAt(end) === ')') depth--;
      end++;
    } while (end < sddl.length && depth > 0);
    if (depth !== 0) throw new Error('the namespace security descriptor does not parse: ' + sddl);
    var text = sddl.substring(at, end);
    aces[aces.length] = { text: text, at: at, fields: text.substring(1, text.length - 1).split(';') };
  }
  return { start: start, end: end, aces: aces };
}

function daclAces(sddl) {
  return dacl(sddl).aces;
}

var RIGHT_BITS = { CC: 0x1, DC: 0x2, LC: 0x4, SW: 0x8, RP: 0x10, WP: 0x20, RC: 0x20000, WD: 0x40000, GA: 0x10000000 };

function rightsMask(rights) {
  if (/^0x[0-9a-f]+$/i.test(rights)) return parseInt(rights, 16);
  var mask = 0;
  for (var i = 0; i + 1 < rights.length; i += 2) {
    var bit = RIGHT_BITS[rights.substr(i, 2).toUpperCase()];
    if (present(bit)) mask = mask | bit;
  }
  return mask;
}

var trusteeForms = {};

/**
 * How this host writes a SID as an ACE's trustee in SDDL: Windows writes a well-known SID as its
 * two-letter code (S-1-5-32-555 as RD, the domain's Domain Users as DU), so the script asks the
 * host's own conversion, through a one-ACE descriptor, instead of keeping a table.
 */
function trusteeOf(sid) {
  if (!Object.prototype.hasOwnProperty.call(trusteeForms, sid)) {
    var helper = wmi('root\\cimv2').Get('Win32_SecurityDescriptorHelper');
    var binary = callMethod(helper, 'SDDLToBinarySD', { SDDL: 'D:(A;;CC;;;' + sid + ')' }).BinarySD;
    var aces = daclAces(String(callMethod(helper, 'BinarySDToSDDL', { BinarySD: binary }).SDDL));
    trusteeForms[sid] = aces.length === 1 && aces[0].fields.length >= 6 ? aces[0].fields[5].toUpperCase() : sid.toUpperCase();
  }
  return trusteeForms[sid];
}

/** Whether an ACE's trustee field is this SID, as a SID or as the host's code for it. */
function isTrustee(field, sid) {
  var f = field.toUpperCase();
  return f === sid.toUpperCase() || f === trusteeOf(sid);
}

/** Whether the DACL has an allow ACE of this SID that grants Enable Account and Remote Enable here. */
function granted(sddl, sid) {
  var aces = daclAces(sddl);
  for (var i = 0; i < aces.length; i++) {
    var f = aces[i].fields;
    if (f.length < 6 || f[0].toUpperCase() !== 'A' || !isTrustee(f[5], sid) || /IO/i.test(f[1])) continue;
    var mask = rightsMask(f[2]);
    if ((mask & 0x10000000) !== 0 || (mask & 0x21) === 0x21) return true;
  }
  return false;
}

/** A deny ACE of this SID, which an added allow ACE would not override. */
function deniedBy(sddl, sid) {
  var aces = daclAces(sddl);
  for (var i = 0; i < aces.length; i++) {
    var f = aces[i].fields;
    if (f.length >= 6 && f[0].toUpperCase() === 'D' && isTrustee(f[5], sid)) return aces[i].text;
  }
  return null;
}

function grantAce(sid) {
  return '(A;CI;' + WMI_RIGHTS + ';;;' + sid + ')';
}

/** The SDDL with the grant's ACE added after the explicit ACEs (before any inherited one). */
function withAce(sddl, sid) {
  var parsed = dacl(sddl);
  var aces = parsed.aces;
  var at = parsed.end;
  for (var i = 0; i < aces.length; i++) {
    if (/ID/i.test(aces[i].fields[1])) {
      at = aces[i].at;
      break;
    }
  }
  return sddl.substring(0, at) + grantAce(sid) + sddl.substring(at);
}

/** Whether an ACE is the one a grant of this script adds: (A;CI;CCWP;;;<the SID, or the host's code for it>). */
function isGrantAce(ace, sid) {
  var f = ace.fields;
  return f.length === 6 && f[0].toUpperCase() === 'A' && f[1].toUpperCase() === 'CI' && f[2].toUpperCase() === 'CCWP' && f[3] === '' && f[4] === '' && isTrustee(f[5], sid);
}

/** The SDDL without the ACE a grant of this script adds (exactly that ACE; others are left alone). */
function withoutAce(sddl, sid) {
  var aces = daclAces(sddl);
  for (var i = aces.length - 1; i >= 0; i--) {
    if (isGrantAce(aces[i], sid)) sddl = sddl.substring(0, aces[i].at) + sddl.substring(aces[i].at + aces[i].text.length);
  }
  return sddl;
}

function hasOwnAce(sddl, sid) {
  return withoutAce(sddl, sid) !== sddl;
}

function namespaceChange(namespace, principal) {
  var sddl = namespaceSddl(namespace);
  var denied = deniedBy(sddl, principal.sid);
  if (!PLAN.revoke && denied !== null) throw new Error('the security of ' + namespace + ' denies ' + principal.sid + ' (' + denied + '); this script does not remove deny entries: remove it in WMI Control first');
  if (PLAN.revoke) {
    return {
      text: 'remove the Enable Account and Remote Enable entry of ' + principal.label + ' from WMI namespace ' + namespace,
      done: !hasOwnAce(sddl, principal.sid),
      run: function () {
        setNamespaceSddl(namespace, withoutAce(namespaceSddl(namespace), principal.sid));
      }
    };
  }
  return {
    text: 'grant ' + principal.label + ' Enable Account and Remote Enable on WMI namespace ' + namespace,
    done: granted(sddl, principal.sid),
    run: function () {
      setNamespaceSddl(namespace, withAce(namespaceSddl(namespace), principal.sid));
    }
  };
}

// --- Distributed COM Users

function localGroupBySid(sid) {
  var groups = instances('root\\cimv2', 'Win32_Group');
  for (var i = 0; i < groups.length; i++) if (groups[i].LocalAccount && String(groups[i].SID).toUpperCase() === sid) return groups[i];
  throw new Error('this host has no local group ' + sid);
}

/** The WinNT ADsPath of an account, by its SID (Win32_SID gives its domain and name). */
function accountPath(sid) {
  if (!/^S-1-[0-9]+(-[0-9]+)+$/.test(sid)) throw new Error('not a SID: ' + shown(sid));
  var account = wmi('root\\cimv2').Get("Win32_SID.SID='" + sid + "'");
  if (!present(account.AccountName) || String(account.AccountName) === '') throw new Error('this host cannot find the account of ' + sid);
  return 'WinNT://' + account.ReferencedDomainName + '/' + account.AccountName;
}

/** Whether a SID is a local group of this host (a BUILTIN alias, or a group of the computer's own accounts). */
function isLocalGroup(sid) {
  if (/^S-1-5-32-/i.test(sid)) return true;
  var groups = instances('root\\cimv2', 'Win32_Group');
  for (var i = 0; i < groups.length; i++) if (groups[i].LocalAccount && String(groups[i].SID).toUpperCase() === sid.toUpperCase()) return true;
  return false;
}

function dcomChange(principal) {
  // A local group holds users and global groups only (NetLocalGroupAddMembers: ERROR_INVALID_MEMBER).
  if (!PLAN.revoke && isLocalGroup(principal.sid)) throw new Error(principal.label + ' is a local group of this host, and a local group cannot be a member of Distributed COM Users: grant a domain group (or the users) instead');
  var group = localGroupBySid(DCOM_USERS);
  var computer = instances('root\\cimv2', 'Win32_ComputerSystem')[0].Name;
  var ads = GetObject('WinNT://' + computer + '/' + group.Name + ',group');
  var member = accountPath(principal.sid);
  var isMember = ads.IsMember(member);
  if (PLAN.revoke) {
    return {
      text: 'remove ' + principal.label + ' from the local group ' + shown(group.Name) + ' (' + DCOM_USERS + ')',
      done: !isMember,
      run: function () {
        ads.Remove(member);
      }
    };
  }
  return {
    text: 'add ' + principal.label + ' to the local group ' + shown(group.Name) + ' (' + DCOM_USERS + '), for DCOM remote activation',
    done: isMember,
    run: function () {
      ads.Add(member);
    }
  };
}

// --- the firewall

function firewallChange() {
  var policy = new ActiveXObject('HNetCfg.FwPolicy2');
  var profiles = policy.CurrentProfileTypes;
  return {
    text: 'enable the firewall rule group "Windows Management Instrumentation (WMI)" in the current profiles (' + profiles + ')',
    done: policy.IsRuleGroupEnabled(profiles, WMI_RULE_GROUP),
    run: function () {
      policy.EnableRuleGroup(profiles, WMI_RULE_GROUP, true);
    }
  };
}

// --- the store file

// The store azman planned, as Base64 (joined from lines), or null when this script installs no
// store: written by azman, with its SHA-256 and the SHA-256 of the file it replaces in PLAN.install.
var STORE = null; // @AZMAN_STORE@

// ADODB: StreamTypeEnum adTypeBinary (1); SaveOptionsEnum adSaveCreateOverWrite (2).
// https://learn.microsoft.com/en-us/sql/ado/reference/ado-api/savetofile-method
var AD_TYPE_BINARY = 1;
var AD_SAVE_OVERWRITE = 2;

// Win32_Service.State while it stops and starts, and how long to wait for it.
var SERVICE_WAIT_MS = 500;
var SERVICE_WAIT_TRIES = 240;

// The collector's SHA-256 and store-path functions, written in here by azman from azman-host-facts.js:
/* global pad, msxmlPath, fileSha256, streamSha256 -- defined by the part below */
// @AZMAN_SHARED@

/** The path of the store file StoreLocation names; an error when it names no XML file. */
function storeFilePath() {
  var location = registryString(VIRTUALIZATION_KEY, 'StoreLocation');
  if (location === null) throw new Error('StoreLocation is not set (no Hyper-V role, or it never started), so there is no store file to replace');
  if (location.substr(0, 8).toLowerCase() !== 'msxml://') throw new Error('StoreLocation is ' + shown(location) + ', not an XML file (msxml://): this script installs store files only; change an Active Directory store with azman directly');
  return msxmlPath(location);
}

/** The planned store as an open binary stream (MSXML's bin.base64 data type decodes it), checked against its SHA-256. */
function plannedStream() {
  var node = new ActiveXObject('Msxml2.DOMDocument.3.0').createElement('store');
  node.dataType = 'bin.base64';
  node.text = STORE.join('');
  var stream = new ActiveXObject('ADODB.Stream');
  stream.Type = AD_TYPE_BINARY;
  stream.Open();
  stream.Write(node.nodeTypedValue);
  var sha256 = streamSha256(stream);
  if (sha256 !== PLAN.install.sha256) throw new Error('the store this script carries has SHA-256 ' + sha256 + ', not ' + PLAN.install.sha256 + ': the script was changed or damaged; write it again with azman');
  return stream;
}

/** A name for the backup beside the store file that is not taken: <file>.azman-backup-<UTC time>[-n]. */
function backupPath(fso, path) {
  var d = new Date();
  var stamp = pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + 'T' + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2) + 'Z';
  var name = path + '.azman-backup-' + stamp;
  for (var n = 2; fso.FileExists(name); n++) name = path + '.azman-backup-' + stamp + '-' + n;
  return name;
}

/** Writes a stream's bytes over the file (its security is the file's own: the file is written, not replaced). */
function writeOver(stream, path) {
  stream.Position = 0;
  stream.SaveToFile(path, AD_SAVE_OVERWRITE);
}

/** Puts the backup back after a failed install; the error says where things stand. */
function restore(backup, path, why) {
  var stream = new ActiveXObject('ADODB.Stream');
  stream.Type = AD_TYPE_BINARY;
  stream.Open();
  try {
    stream.LoadFromFile(backup);
    writeOver(stream, path);
  } catch (e) {
    return new Error(why + '; putting the backup back failed too (' + reasonOf(e) + '): copy ' + backup + ' over ' + path + ' by hand');
  } finally {
    stream.Close();
  }
  if (fileSha256(path) !== PLAN.install.baseSha256) return new Error(why + '; the backup was written back but the file does not read back as it: copy ' + backup + ' over ' + path + ' by hand');
  return new Error(why + '; the store file was put back as it was (from ' + backup + ')');
}

/** Whether the store file still reads as the version azman planned from. */
function unchanged(path) {
  try {
    return fileSha256(path) === PLAN.install.baseSha256;
  } catch (e) {
    return false;
  }
}

function backupChange(fso, path, current) {
  var backup = backupPath(fso, path);
  return {
    backup: backup,
    text: 'keep a copy of the store file ' + path + ' as ' + backup,
    done: current === PLAN.install.sha256,
    run: function () {
      fso.CopyFile(path, backup, false);
      if (fileSha256(backup) !== PLAN.install.baseSha256) throw new Error('the copy ' + backup + ' does not read back as the store file azman planned from');
    }
  };
}

function installChange(path, current, stream, backup) {
  return {
    install: true,
    text: 'install the store azman planned (' + PLAN.install.size + ' bytes, SHA-256 ' + PLAN.install.sha256 + ') at ' + path + ', replacing the version it was planned from (SHA-256 ' + PLAN.install.baseSha256 + ')',
    done: current === PLAN.install.sha256,
    run: function () {
      if (fileSha256(path) !== PLAN.install.baseSha256) throw new Error('the store file changed while this script ran; nothing was written to it');
      try {
        writeOver(stream, path);
      } catch (e) {
        var why = 'writing the store failed: ' + reasonOf(e);
        // Refused before a byte was written (the file shared, read-only, access denied): nothing to put back.
        if (unchanged(path)) throw new Error(why + '; the store file was not changed');
        throw restore(backup, path, why);
      }
      var written = fileSha256(path);
      if (written !== PLAN.install.sha256) throw restore(backup, path, 'the written store reads back with SHA-256 ' + written);
    }
  };
}

/** The vmms service's Win32_Service instance, or null when it is not installed. */
function vmmsService() {
  var services = instances('root\\cimv2', 'Win32_Service');
  for (var i = 0; i < services.length; i++) if (String(services[i].Name).toLowerCase() === 'vmms') return services[i];
  return null;
}

var CIM_DATETIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{3})\d{3}([+-])(\d{3})$/;

/** A CIM_DATETIME (yyyymmddHHMMSS.mmmmmm+UUU, UUU minutes from UTC) in milliseconds since 1970, or null. */
function cimTime(text) {
  var m = CIM_DATETIME.exec(String(text));
  if (m === null) return null;
  var local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  return local - (m[8] === '-' ? -1 : 1) * Number(m[9]) * 60000;
}

/** When the vmms process started (Win32_Process.CreationDate), in milliseconds since 1970, or null. */
function vmmsStarted(service) {
  var processes = instances('root\\cimv2', 'Win32_Process');
  for (var i = 0; i < processes.length; i++) if (Number(processes[i].ProcessId) === Number(service.ProcessId)) return cimTime(processes[i].CreationDate);
  return null;
}

function waitForService(state) {
  for (var tries = 0; tries < SERVICE_WAIT_TRIES; tries++) {
    var service = vmmsService();
    if (service !== null && String(service.State) === state) return service;
    WScript.Sleep(SERVICE_WAIT_MS);
  }
  throw new Error('vmms did not reach the state ' + state + ' within ' + (SERVICE_WAIT_MS * SERVICE_WAIT_TRIES) / 1000 + ' seconds');
}

/**
 * Restarting vmms (/restart-vmms), so that it reads the installed store: needed when the store is
 * installed by this run, or was written after vmms last started. Running VMs are not stopped by it.
 */
function restartChange(fso, path, installing) {
  var service = vmmsService();
  if (service === null) throw new Error('the service vmms (Hyper-V Virtual Machine Management) is not installed');
  if (String(service.State) !== 'Running') return { text: 'restart vmms: it is ' + String(service.State).toLowerCase() + ', and reads the store when it starts', done: true, run: null };
  var started = vmmsStarted(service);
  var written = new Date(fso.GetFile(path).DateLastModified).getTime();
  var stale = installing || started === null || started < written;
  return {
    text: 'restart the Hyper-V Virtual Machine Management service (vmms), so that it reads the store' + (stale ? '' : ' (it started after the store file was last written)'),
    done: !stale,
    run: function () {
      try {
        callMethod(vmmsService(), 'StopService');
        callMethod(waitForService('Stopped'), 'StartService');
        waitForService('Running');
      } catch (e) {
        var now = vmmsService();
        var state = now === null ? 'not found' : String(now.State);
        throw new Error(reasonOf(e) + '; vmms is now ' + state + (state === 'Running' ? '' : ': start it with sc start vmms (VMs keep running meanwhile, but no one can manage them)'));
      }
    }
  };
}

/**
 * Installing the planned store (a backup first), and with /restart-vmms restarting vmms (made last,
 * after the VM bindings, which need the service's WMI provider); none when the plan installs no store.
 */
function storeChanges(restartVmms) {
  if (PLAN.install === null) return { changes: [], restart: null };
  var path = storeFilePath();
  var fso = new ActiveXObject('Scripting.FileSystemObject');
  if (!fso.FileExists(path)) throw new Error('the store file ' + path + ' (StoreLocation) is not there, so it is not the version azman planned from');
  var stream = plannedStream();
  var current = fileSha256(path);
  if (current !== PLAN.install.sha256 && current !== PLAN.install.baseSha256) {
    throw new Error('the store file ' + path + ' has SHA-256 ' + current + ', neither the version azman planned from (' + PLAN.install.baseSha256 + ') nor the planned one: it was changed since; collect the host again and plan from the store it has');
  }
  var backup = backupChange(fso, path, current);
  return { changes: [backup, installChange(path, current, stream, backup.backup)], restart: restartVmms ? restartChange(fso, path, current !== PLAN.install.sha256) : null };
}

/** What remote Hyper-V Manager needs for each principal (revoking: the same taken away, the firewall left as it is). */
function grantChanges() {
  var changes = [];
  for (var i = 0; i < PLAN.principals.length; i++) {
    var principal = PLAN.principals[i];
    for (var n = 0; n < NAMESPACES.length; n++) changes[changes.length] = namespaceChange(NAMESPACES[n], principal);
    changes[changes.length] = dcomChange(principal);
  }
  if (PLAN.principals.length > 0 && !PLAN.revoke) changes[changes.length] = firewallChange();
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Main

function options() {
  var o = { apply: false, force: false, restartVmms: false, help: false, unknown: null };
  for (var i = 0; i < WScript.Arguments.length; i++) {
    var a = String(WScript.Arguments.Item(i)).toLowerCase();
    if (a === '/apply') o.apply = true;
    else if (a === '/force') o.force = true;
    else if (a === '/restart-vmms') o.restartVmms = true;
    else if (a === '/?' || a === '/help') o.help = true;
    else if (o.unknown === null) o.unknown = String(WScript.Arguments.Item(i));
  }
  return o;
}

function usage() {
  return 'usage: cscript //nologo azman-host-script.js [/apply] [/force] [/restart-vmms]';
}

function describePlan(apply) {
  say(SCRIPT + ': ' + (apply ? 'changing this host' : 'dry run, nothing is changed (run with /apply to change)'));
  say('store ' + PLAN.store + ' (' + PLAN.version + '), application ' + shown(PLAN.app) + (PLAN.scope === null ? '' : ', scope ' + shown(PLAN.scope)) + (PLAN.revoke ? ', revoking' : ''));
}

/** Makes (or, in a dry run, lists) the changes not yet in place; stops at the first failure. */
function run(changes, apply) {
  var made = [];
  var needed = 0;
  for (var i = 0; i < changes.length; i++) {
    var change = changes[i];
    if (change.done) {
      say('in place: ' + change.text);
      continue;
    }
    needed++;
    if (!apply) {
      say('would: ' + change.text);
      continue;
    }
    say('doing: ' + change.text);
    try {
      change.run();
    } catch (e) {
      WScript.StdErr.WriteLine('FAILED: ' + change.text + ': ' + reasonOf(e));
      WScript.StdErr.WriteLine(made.length === 0 ? 'nothing was changed before it' : 'already done (' + made.length + '): ' + made.join('; '));
      return EXIT_FAILED;
    }
    made[made.length] = change.text;
  }
  if (needed === 0) say('nothing to change: every change is in place');
  else if (apply) say('done: ' + made.length + ' change(s) made');
  else say('dry run: ' + needed + ' change(s) to make; run again with /apply to make them');
  return EXIT_OK;
}

function main() {
  var o = options();
  if (o.help) {
    say(usage());
    return EXIT_OK;
  }
  if (o.unknown !== null) {
    WScript.StdErr.WriteLine('unknown argument ' + shown(o.unknown) + '; ' + usage());
    return EXIT_USAGE;
  }
  if (PLAN === null) {
    WScript.StdErr.WriteLine('this is the template azman fills in: write a script with azman host script');
    return EXIT_USAGE;
  }
  describePlan(o.apply);
  var changes;
  try {
    var refused = refusal(o.force);
    if (refused !== null) {
      WScript.StdErr.WriteLine('refused: ' + refused);
      return EXIT_REFUSED;
    }
    var store = storeChanges(o.restartVmms);
    changes = store.changes.concat(vmChanges(), grantChanges(), store.restart === null ? [] : [store.restart]);
  } catch (e) {
    WScript.StdErr.WriteLine('FAILED before any change: ' + reasonOf(e));
    return EXIT_FAILED;
  }
  var code = run(changes, o.apply);
  if (code === EXIT_OK && PLAN.install !== null && !o.restartVmms && storeChanged(changes)) {
    say('note: the Hyper-V Virtual Machine Management service (vmms) may go on using the store it read before; run again with /restart-vmms to restart it (running VMs keep running), or restart it at a quiet time');
  }
  return code;
}

/** Whether this run installs (or, dry, would install) the store. */
function storeChanged(changes) {
  for (var i = 0; i < changes.length; i++) if (changes[i].install === true && !changes[i].done) return true;
  return false;
}

WScript.Quit(main());
