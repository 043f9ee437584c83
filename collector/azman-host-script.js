// azman-host-script.js: the host half of a Hyper-V delegation, for one host, as azman planned it.
//
// Review it, then run it on the host, as a member of the local Administrators group:
//
//   cscript //nologo azman-host-script.js            what it would change (a dry run: changes nothing)
//   cscript //nologo azman-host-script.js /apply     make the changes
//
// /force also runs it on a host that System Center VMM manages (VMM rewrites the store and may undo
// scope work). It refuses a host where Hyper-V does not use AzMan (Windows Server 2012 R2 and later,
// or no root\virtualization namespace). It first finds everything it needs (every VM, group and
// namespace) and changes nothing when one is missing; then it makes one change at a time, printing
// each before making it, and stops at the first that fails, saying what was already done. A change
// already in place is left alone, so a second run changes nothing and says so.
//
// Exit codes: 0 done (or nothing to change, or a dry run), 1 a change or a lookup failed, 2 the host
// is refused, 3 wrong arguments.
//
// The values it works on (VMs, the scope, principals) are the PLAN below, written by azman as string
// literals; the rest is the same in every script azman writes. This is Windows Script Host JScript
// (JScript 5.x, ECMAScript 3), so that it runs on Server Core 2008, which has no PowerShell.
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

/** Whether the DACL has an allow ACE of this SID that grants Enable Account and Remote Enable here. */
function granted(sddl, sid) {
  var aces = daclAces(sddl);
  for (var i = 0; i < aces.length; i++) {
    var f = aces[i].fields;
    if (f.length < 6 || f[0].toUpperCase() !== 'A' || f[5].toUpperCase() !== sid.toUpperCase() || /IO/i.test(f[1])) continue;
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
    if (f.length >= 6 && f[0].toUpperCase() === 'D' && f[5].toUpperCase() === sid.toUpperCase()) return aces[i].text;
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

/** The SDDL without the ACE a grant of this script adds (exactly that ACE; others are left alone). */
function withoutAce(sddl, sid) {
  var aces = daclAces(sddl);
  for (var i = aces.length - 1; i >= 0; i--) {
    if (aces[i].text.toUpperCase() === grantAce(sid).toUpperCase()) sddl = sddl.substring(0, aces[i].at) + sddl.substring(aces[i].at + aces[i].text.length);
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

function dcomChange(principal) {
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
  var o = { apply: false, force: false, help: false, unknown: null };
  for (var i = 0; i < WScript.Arguments.length; i++) {
    var a = String(WScript.Arguments.Item(i)).toLowerCase();
    if (a === '/apply') o.apply = true;
    else if (a === '/force') o.force = true;
    else if (a === '/?' || a === '/help') o.help = true;
    else if (o.unknown === null) o.unknown = String(WScript.Arguments.Item(i));
  }
  return o;
}

function usage() {
  return 'usage: cscript //nologo azman-host-script.js [/apply] [/force]';
}

function describePlan(apply) {
  say(SCRIPT + ': ' + (apply ? 'changing this host' : 'dry run, nothing is changed (run with /apply to change)'));
  say('store ' + PLAN.store + ' (' + PLAN.version + '), application ' + shown(PLAN.app) + ', scope ' + shown(PLAN.scope) + (PLAN.revoke ? ', revoking' : ''));
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
    changes = vmChanges().concat(grantChanges());
  } catch (e) {
    WScript.StdErr.WriteLine('FAILED before any change: ' + reasonOf(e));
    return EXIT_FAILED;
  }
  return run(changes, o.apply);
}

WScript.Quit(main());
