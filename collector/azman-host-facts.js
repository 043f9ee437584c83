// azman-host-facts.js: what one Hyper-V host says about itself, as azman-host-facts/1 JSON on stdout.
//
// Run it on the host, as a member of the local Administrators group, with the console script host:
//
//   cscript //nologo azman-host-facts.js > host.json
//
// It only reads: WMI (root\cimv2, root\default:StdRegProv, root\virtualization), the Windows Firewall
// policy (HNetCfg.FwPolicy2) and the policy store file named by StoreLocation. It writes nothing but
// its output. Each fact is gathered on its own: one that cannot be read is left out and its reason is
// listed in "errors"; the exit code is 0 unless no fact at all could be read (then 1).
//
// This is Windows Script Host JScript (JScript 5.x, ECMAScript 3), so that it runs on every host that
// enforces AzMan, Windows Server 2008 Server Core included (no PowerShell, no .NET there): no JSON
// object, no Array.prototype.forEach or indexOf, no String.prototype.trim. It writes the JSON itself,
// in ASCII (every other character as a \uXXXX escape), so that the console's code page cannot change it.
//
// Written by azman (azman host collector); docs/host-collector.md says what each fact is read from.

var COLLECTOR = 'azman-host-facts.js @AZMAN_VERSION@';
var FORMAT = 'azman-host-facts/1';

var HKLM = 0x80000002;
var VIRTUALIZATION_KEY = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization';
var OLE_KEY = 'SOFTWARE\\Microsoft\\Ole';
var SERVER_LEVELS_KEY = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Server\\ServerLevels';

// OperatingSystemSKU values of Server Core installations: those GetProductInfo and Win32_OperatingSystem
// describe as "core installation" (12-14, 29, 39-41, 43-46, 53, 63, 145-148), PRODUCT_HYPERV (42,
// Microsoft Hyper-V Server, a Server Core installation), and the winnt.h PRODUCT_*_SERVER_CORE values
// the tables leave out (159, 160 evaluation; 168 Azure; 406 Azure Stack HCI). Not 64: it is
// PRODUCT_CLUSTER_SERVER_V, "Windows Compute Cluster Server without Hyper-V".
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/nf-sysinfoapi-getproductinfo
// https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-operatingsystem (OperatingSystemSKU)
var SERVER_CORE_SKUS = [12, 13, 14, 29, 39, 40, 41, 42, 43, 44, 45, 46, 53, 63, 145, 146, 147, 148, 159, 160, 168, 406];

// The local groups a delegation depends on, by their well-known SIDs (names are localized):
// Administrators, Users (WMI namespace and DCOM security may grant rights to BU), Distributed COM
// Users, Hyper-V Administrators (2012 and later).
var LOCAL_GROUPS = ['S-1-5-32-544', 'S-1-5-32-545', 'S-1-5-32-562', 'S-1-5-32-578'];

// The WMI namespaces whose security Hyper-V Manager's remote connection needs.
var NAMESPACES = ['root\\cimv2', 'root\\virtualization'];

// The firewall rule groups Hyper-V Manager needs, by the English name and the indirect strings
// (resource references) rules carry in their Grouping on every language of Windows.
var FIREWALL_GROUPS = [
  { name: 'Windows Management Instrumentation (WMI)', aliases: ['@FirewallAPI.dll,-34251'] },
  { name: 'Hyper-V', aliases: ['@%systemroot%\\system32\\vmms.exe,-210', '@%SystemRoot%\\system32\\vmms.exe,-210'] }
];

// ---------------------------------------------------------------------------------------------
// Small helpers ECMAScript 3 lacks

function trim(s) {
  return String(s).replace(/^\s+|\s+$/g, '');
}

function contains(list, value) {
  for (var i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

function isArray(value) {
  return Object.prototype.toString.call(value) === '[object Array]';
}

/** A date as ISO 8601 UTC (Date.prototype.toISOString is ES5). */
function isoUtc(d) {
  return (
    pad(d.getUTCFullYear(), 4) + '-' + pad(d.getUTCMonth() + 1, 2) + '-' + pad(d.getUTCDate(), 2) + 'T' +
    pad(d.getUTCHours(), 2) + ':' + pad(d.getUTCMinutes(), 2) + ':' + pad(d.getUTCSeconds(), 2) + '.' +
    pad(d.getUTCMilliseconds(), 3) + 'Z'
  );
}

/** Whether a WMI value is there: WMI gives null for a property without a value. */
function present(value) {
  return value !== null && value !== undefined;
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

// ---------------------------------------------------------------------------------------------
// JSON, written by hand

var HEX = '0123456789abcdef';

function u4(code) {
  return '\\u' + HEX.charAt((code >> 12) & 15) + HEX.charAt((code >> 8) & 15) + HEX.charAt((code >> 4) & 15) + HEX.charAt(code & 15);
}

/**
 * A JSON string literal, in ASCII: quotes and backslashes escaped, every control character and
 * every character outside printable ASCII as \uXXXX (a lone surrogate too, which stays the same
 * code unit when read back), and < > & too, so that the text is safe to paste into HTML or XML.
 */
function jsonString(s) {
  var out = '"';
  var text = String(s);
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 32 && c < 127 && c !== 60 && c !== 62 && c !== 38) out += text.charAt(i);
    else out += u4(c);
  }
  return out + '"';
}

/** JSON for null, booleans, finite numbers, strings, arrays and plain objects (in insertion order). */
function toJson(value, indent) {
  var inner = indent + '  ';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string') return jsonString(value);
  var parts = [];
  if (isArray(value)) {
    if (value.length === 0) return '[]';
    for (var i = 0; i < value.length; i++) parts[parts.length] = inner + toJson(value[i], inner);
    return '[\n' + parts.join(',\n') + '\n' + indent + ']';
  }
  for (var key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined) parts[parts.length] = inner + jsonString(key) + ': ' + toJson(value[key], inner);
  }
  if (parts.length === 0) return '{}';
  return '{\n' + parts.join(',\n') + '\n' + indent + '}';
}

// ---------------------------------------------------------------------------------------------
// WMI

var services = {};

/** The WMI services of a namespace of this computer (connected once). */
function wmi(namespace) {
  if (!services[namespace]) services[namespace] = GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\' + namespace);
  return services[namespace];
}

// WBEM_E_INVALID_NAMESPACE (0x8004100E) as JScript gives err.number: a signed 32-bit integer.
// https://learn.microsoft.com/en-us/windows/win32/wmisdk/wmi-error-constants
var WBEM_E_INVALID_NAMESPACE = 0x8004100E | 0;

/**
 * Whether a namespace is on this host: true when it can be connected to, false when WMI answers
 * WBEM_E_INVALID_NAMESPACE, the one error that means it is not there. Any other error (access
 * denied, 0x80041003 or 0x80070005; the RPC server unavailable, 0x800706BA) says nothing about the
 * namespace and is thrown, for the fact to list it in "errors" rather than answer wrongly.
 */
function namespaceExists(namespace) {
  try {
    wmi(namespace);
    return true;
  } catch (e) {
    if (e !== null && typeof e === 'object' && (e.number | 0) === WBEM_E_INVALID_NAMESPACE) return false;
    throw e;
  }
}

/** The objects of a query, as a JScript array. */
function query(namespace, wql) {
  var list = [];
  for (var items = new Enumerator(wmi(namespace).ExecQuery(wql)); !items.atEnd(); items.moveNext()) list[list.length] = items.item();
  return list;
}

/** The first object of a query, or null. */
function first(namespace, wql) {
  var list = query(namespace, wql);
  return list.length > 0 ? list[0] : null;
}

/** A string as a WQL string literal in single quotes. */
function wqlString(s) {
  return "'" + String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

/** Calls a method of a WMI object (or class) with named in-parameters; throws when ReturnValue is not 0 unless `allowed` lists it. */
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

var registryProvider = null;

function registry() {
  if (registryProvider === null) registryProvider = GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\root\\default:StdRegProv');
  return registryProvider;
}

// StdRegProv answers 2 (ERROR_FILE_NOT_FOUND) for a missing key or value.
var NOT_FOUND = [1, 2];

// WBEM_E_TYPE_MISMATCH: GetStringValue on a value that is not REG_SZ.
var TYPE_MISMATCH = 2147749893;

/** A registry string (REG_SZ, or REG_EXPAND_SZ expanded), or null when the value or key is absent. */
function registryString(key, value) {
  var params = { hDefKey: HKLM, sSubKeyName: key, sValueName: value };
  var out = callMethod(registry(), 'GetStringValue', params, [1, 2, TYPE_MISMATCH]);
  if (out.ReturnValue === TYPE_MISMATCH) out = callMethod(registry(), 'GetExpandedStringValue', params, NOT_FOUND);
  if (out.ReturnValue === 0) return present(out.sValue) ? String(out.sValue) : null;
  return null;
}

/** A REG_DWORD, or null when absent. */
function registryDword(key, value) {
  var out = callMethod(registry(), 'GetDWORDValue', { hDefKey: HKLM, sSubKeyName: key, sValueName: value }, NOT_FOUND);
  return out.ReturnValue === 0 && present(out.uValue) ? Number(out.uValue) : null;
}

/** A REG_BINARY as the SAFEARRAY WMI returns (left as it is), or null when absent. */
function registryBinary(key, value) {
  var out = callMethod(registry(), 'GetBinaryValue', { hDefKey: HKLM, sSubKeyName: key, sValueName: value }, NOT_FOUND);
  return out.ReturnValue === 0 && present(out.uValue) ? out.uValue : null;
}

/**
 * A binary security descriptor (a SAFEARRAY of bytes, as WMI hands it out: passed on as it is,
 * never converted to a JScript array) as SDDL, by Win32_SecurityDescriptorHelper.BinarySDToSDDL.
 */
function sddlOf(binarySd) {
  var helper = wmi('root\\cimv2').Get('Win32_SecurityDescriptorHelper');
  var out = callMethod(helper, 'BinarySDToSDDL', { BinarySD: binarySd });
  return String(out.SDDL);
}

// ---------------------------------------------------------------------------------------------
// @AZMAN_SHARED_BEGIN@ (azman writes this part, as it is, into azman-host-script.js too)
// Files: SHA-256 (FIPS 180-4) over a file's bytes, and the path of a store URL

function pad(n, width) {
  var s = String(n);
  while (s.length < width) s = '0' + s;
  return s;
}

/** The file path of an msxml:// URL: msxml://C:\dir\store.xml, msxml:///C:/dir/store.xml. */
function msxmlPath(location) {
  var path = location.substr('msxml://'.length);
  if (/^\/[A-Za-z]:/.test(path)) path = path.substr(1);
  return path.replace(/\//g, '\\');
}


var K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
];

function Sha256() {
  this.h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  this.block = [];
  this.length = 0;
  this.w = [];
}

Sha256.prototype.compress = function () {
  var w = this.w;
  var b = this.block;
  var i;
  for (i = 0; i < 16; i++) w[i] = ((b[4 * i] << 24) | (b[4 * i + 1] << 16) | (b[4 * i + 2] << 8) | b[4 * i + 3]) | 0;
  for (i = 16; i < 64; i++) {
    var x = w[i - 15];
    var y = w[i - 2];
    var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  var h = this.h;
  var a = h[0], c1 = h[1], c2 = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (i = 0; i < 64; i++) {
    var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    var ch = (e & f) ^ (~e & g);
    var t1 = (k + S1 + ch + K[i] + w[i]) | 0;
    var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    var maj = (a & c1) ^ (a & c2) ^ (c1 & c2);
    var t2 = (S0 + maj) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c2;
    c2 = c1;
    c1 = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + c1) | 0;
  h[2] = (h[2] + c2) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + k) | 0;
  this.block = [];
};

Sha256.prototype.addByte = function (value) {
  this.block[this.block.length] = value;
  this.length++;
  if (this.block.length === 64) this.compress();
};

/** Adds bytes given as hex digits, two a byte (upper or lower case). */
Sha256.prototype.addHex = function (hex) {
  for (var i = 0; i + 1 < hex.length; i += 2) this.addByte(parseInt(hex.substr(i, 2), 16));
};

Sha256.prototype.digest = function () {
  var bits = this.length * 8;
  var high = Math.floor(bits / 4294967296);
  var low = bits % 4294967296;
  this.addByte(0x80);
  while (this.block.length !== 56) this.addByte(0);
  var tail = [(high >>> 24) & 255, (high >>> 16) & 255, (high >>> 8) & 255, high & 255, (low >>> 24) & 255, (low >>> 16) & 255, (low >>> 8) & 255, low & 255];
  for (var i = 0; i < 8; i++) this.addByte(tail[i]);
  var out = '';
  for (var j = 0; j < 8; j++) out += pad((this.h[j] >>> 0).toString(16), 8);
  return out;
};

/**
 * SHA-256 of a file. ADODB.Stream reads its bytes (Type 1, adTypeBinary) in chunks of 64 KiB as
 * byte arrays; an MSXML element of data type bin.hex turns each into hex digits (its nodeTypedValue
 * takes the byte array, its text is the hex), which is exact for every byte, unlike a text read
 * through a code page.
 */
function fileSha256(path) {
  var stream = new ActiveXObject('ADODB.Stream');
  stream.Type = 1;
  stream.Open();
  try {
    stream.LoadFromFile(path);
    return streamSha256(stream);
  } finally {
    stream.Close();
  }
}

/** SHA-256 of the bytes of an open binary ADODB.Stream, read from its start (as fileSha256 reads them). */
function streamSha256(stream) {
  var hash = new Sha256();
  var node = new ActiveXObject('Msxml2.DOMDocument.3.0').createElement('bytes');
  node.dataType = 'bin.hex';
  stream.Position = 0;
  while (!stream.EOS) {
    node.nodeTypedValue = stream.Read(65536);
    hash.addHex(String(node.text));
  }
  return hash.digest();
}
// @AZMAN_SHARED_END@

// ---------------------------------------------------------------------------------------------
// The facts

var LOCAL_ACCOUNT_SID = /^(S-1-5-21-\d+-\d+-\d+)-\d+$/;

/**
 * The host's machine SID (S-1-5-21-x-y-z), which SDDL's LA and LG are relative to: a local
 * account's SID without its RID (Win32_UserAccount, LocalAccount = TRUE; the built-in
 * Administrator is always there, renamed or disabled).
 */
function machineSid() {
  var accounts = query('root\\cimv2', 'SELECT SID FROM Win32_UserAccount WHERE LocalAccount = TRUE');
  for (var i = 0; i < accounts.length; i++) {
    var m = present(accounts[i].SID) ? LOCAL_ACCOUNT_SID.exec(String(accounts[i].SID)) : null;
    if (m !== null) return m[1];
  }
  throw new Error('no local account has a SID of this computer');
}

function computerFact(problems) {
  var cs = first('root\\cimv2', 'SELECT Name, Domain, DNSHostName, PartOfDomain FROM Win32_ComputerSystem');
  if (cs === null) throw new Error('Win32_ComputerSystem has no instance');
  var fact = { name: String(cs.Name), domain: present(cs.Domain) ? String(cs.Domain) : '', partOfDomain: cs.PartOfDomain === true };
  if (present(cs.DNSHostName) && cs.DNSHostName !== '') fact.dnsHostName = fact.partOfDomain ? cs.DNSHostName + '.' + fact.domain : String(cs.DNSHostName);
  try {
    fact.machineSid = machineSid();
  } catch (e) {
    problems[problems.length] = { fact: 'computer.machineSid', reason: reasonOf(e) };
  }
  return fact;
}

/** Server Core from 2012 on: the ServerLevels registry values (the SKU no longer tells). */
function serverLevelsCore() {
  var core = registryDword(SERVER_LEVELS_KEY, 'ServerCore');
  var shell = registryDword(SERVER_LEVELS_KEY, 'Server-Gui-Shell');
  return core === 1 && shell !== 1;
}

function osFact() {
  var os = first('root\\cimv2', 'SELECT Caption, Version, OperatingSystemSKU, ProductType FROM Win32_OperatingSystem');
  if (os === null) throw new Error('Win32_OperatingSystem has no instance');
  var sku = present(os.OperatingSystemSKU) ? Number(os.OperatingSystemSKU) : null;
  var core = sku !== null && contains(SERVER_CORE_SKUS, sku);
  if (!core) {
    try {
      core = serverLevelsCore();
    } catch (e) {
      core = false;
    }
  }
  return { caption: trim(os.Caption), version: String(os.Version), sku: sku, serverCore: core, productType: Number(os.ProductType) };
}

function virtualizationFact() {
  return { storeLocation: registryString(VIRTUALIZATION_KEY, 'StoreLocation'), serviceApplication: registryString(VIRTUALIZATION_KEY, 'ServiceApplication') };
}

/** The SHA-256 of the store file, or undefined (left out, with the reason) when the file cannot be read: locked, or read denied. */
function storeSha256(path, problems) {
  try {
    return fileSha256(path);
  } catch (e) {
    problems[problems.length] = { fact: 'store.sha256', reason: path + ': ' + reasonOf(e) };
    return undefined;
  }
}

function storeFact(virtualization, problems) {
  if (virtualization === null) throw new Error('the Virtualization registry values could not be read');
  var location = virtualization.storeLocation;
  if (location === null) throw new Error('StoreLocation is not set (no Hyper-V role, or it never started)');
  var scheme = location.substr(0, 8).toLowerCase();
  if (scheme === 'msldap:/') return { kind: 'msldap', location: location };
  if (scheme !== 'msxml://') return { kind: 'other', location: location };
  var path = msxmlPath(location);
  var fso = new ActiveXObject('Scripting.FileSystemObject');
  if (!fso.FileExists(path)) return { kind: 'msxml', location: location, path: path, exists: false };
  var file = fso.GetFile(path);
  return { kind: 'msxml', location: location, path: path, exists: true, size: Number(file.Size), sha256: storeSha256(path, problems), modified: isoUtc(new Date(file.DateLastModified)) };
}

function vmmFact(virtualization) {
  var evidence = [];
  if (virtualization !== null && virtualization.storeLocation !== null && /hypervauthstore\.xml\s*$/i.test(virtualization.storeLocation)) evidence[evidence.length] = 'StoreLocation names HyperVAuthStore.xml';
  var agents = query('root\\cimv2', "SELECT Name FROM Win32_Service WHERE Name = 'SCVMMAgent' OR Name = 'vmmagent'");
  for (var i = 0; i < agents.length; i++) evidence[evidence.length] = 'service ' + agents[i].Name + ' is installed';
  return { managed: evidence.length > 0, evidence: evidence };
}

/** Sets fact[field] to whether a namespace is there; when that cannot be told, leaves it out and says why. */
function namespaceFlag(fact, field, namespace, problems) {
  try {
    fact[field] = namespaceExists(namespace);
  } catch (e) {
    problems[problems.length] = { fact: 'hyperV.' + field, reason: namespace + ': ' + reasonOf(e) };
  }
}

function hyperVFact(problems) {
  var vmms = first('root\\cimv2', "SELECT State, StartMode FROM Win32_Service WHERE Name = 'vmms'");
  var fact = {};
  namespaceFlag(fact, 'v1Namespace', 'root\\virtualization', problems);
  namespaceFlag(fact, 'v2Namespace', 'root\\virtualization\\v2', problems);
  fact.vmms = vmms === null ? null : { state: String(vmms.State), startMode: String(vmms.StartMode) };
  return fact;
}

var GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/**
 * The VMs: every Msvm_ComputerSystem but the host's own. Caption ("Virtual Machine", "Hosting
 * Computer System") is localized ("Virtueller Computer" on a German host), so it is not used: the
 * host's instance has the computer name as its Name, each VM its GUID (Msvm_ComputerSystem, v1:
 * https://learn.microsoft.com/en-us/previous-versions/windows/desktop/virtual/msvm-computersystem).
 */
function vmsFact(problems, hostName) {
  if (!namespaceExists('root\\virtualization')) throw new Error('root\\virtualization (WMI v1, where ScopeOfResidence is) is not on this host');
  var scopes = {};
  var settings = query('root\\virtualization', 'SELECT SystemName, ScopeOfResidence FROM Msvm_VirtualSystemGlobalSettingData');
  for (var i = 0; i < settings.length; i++) scopes['vm:' + String(settings[i].SystemName).toUpperCase()] = present(settings[i].ScopeOfResidence) ? String(settings[i].ScopeOfResidence) : '';
  var vms = [];
  var systems = query('root\\virtualization', 'SELECT ElementName, Name, EnabledState FROM Msvm_ComputerSystem');
  for (var j = 0; j < systems.length; j++) {
    var vm = systems[j];
    var guid = String(vm.Name);
    if (hostName !== null && guid.toUpperCase() === hostName.toUpperCase()) continue;
    if (!GUID.test(guid)) {
      problems[problems.length] = { fact: 'vms', reason: 'left out a Msvm_ComputerSystem whose Name is not a GUID: ' + guid };
      continue;
    }
    var scope = scopes['vm:' + guid.toUpperCase()];
    if (scope === undefined) {
      problems[problems.length] = { fact: 'vms', reason: 'no Msvm_VirtualSystemGlobalSettingData for VM ' + guid + '; its scope is unknown and it is left out' };
      continue;
    }
    vms[vms.length] = { name: present(vm.ElementName) ? String(vm.ElementName) : '', guid: guid, state: Number(vm.EnabledState), scopeOfResidence: scope };
  }
  return vms;
}

function wmiNamespacesFact(problems) {
  var list = [];
  for (var i = 0; i < NAMESPACES.length; i++) {
    var namespace = NAMESPACES[i];
    try {
      if (!namespaceExists(namespace)) continue;
      var security = GetObject('winmgmts:{impersonationLevel=impersonate}!\\\\.\\' + namespace + ':__SystemSecurity=@');
      var out = callMethod(security, 'GetSD', null);
      list[list.length] = { namespace: namespace, sddl: sddlOf(out.SD) };
    } catch (e) {
      problems[problems.length] = { fact: 'wmiNamespaces', reason: namespace + ': ' + reasonOf(e) };
    }
  }
  if (list.length === 0 && problems.length > 0) throw new Error('no namespace security could be read');
  return list;
}

function dcomFact() {
  var launch = registryBinary(OLE_KEY, 'MachineLaunchRestriction');
  var access = registryBinary(OLE_KEY, 'MachineAccessRestriction');
  return { launchRestriction: launch === null ? null : sddlOf(launch), accessRestriction: access === null ? null : sddlOf(access) };
}

var SID = /^S-1-\d+(-\d+)*$/;

function groupMembers(group, problems) {
  var path = 'Win32_Group.Domain=' + wqlString(group.Domain) + ',Name=' + wqlString(group.Name);
  var accounts = query('root\\cimv2', 'ASSOCIATORS OF {' + path + '} WHERE AssocClass = Win32_GroupUser Role = GroupComponent');
  var members = [];
  for (var i = 0; i < accounts.length; i++) {
    var account = accounts[i];
    var sid = present(account.SID) ? String(account.SID) : '';
    var name = (present(account.Domain) ? account.Domain + '\\' : '') + (present(account.Name) ? account.Name : '');
    if (!SID.test(sid)) problems[problems.length] = { fact: 'localGroups', reason: group.SID + ': left out member ' + name + ' without a SID' };
    else members[members.length] = { sid: sid, name: name };
  }
  return members;
}

function localGroupsFact(problems) {
  var groups = [];
  var failed = 0;
  for (var i = 0; i < LOCAL_GROUPS.length; i++) {
    try {
      var group = first('root\\cimv2', 'SELECT Domain, Name, SID FROM Win32_Group WHERE LocalAccount = TRUE AND SID = ' + wqlString(LOCAL_GROUPS[i]));
      if (group !== null) groups[groups.length] = { sid: LOCAL_GROUPS[i], name: String(group.Name), members: groupMembers(group, problems) };
    } catch (e) {
      failed++;
      problems[problems.length] = { fact: 'localGroups', reason: LOCAL_GROUPS[i] + ': ' + reasonOf(e) };
    }
  }
  if (failed === LOCAL_GROUPS.length) throw new Error('no local group could be read');
  return groups;
}

var NET_FW_RULE_DIR_IN = 1;
var PROFILES = [1, 2, 4]; // NET_FW_PROFILE2_DOMAIN, _PRIVATE, _PUBLIC

function groupOf(grouping) {
  if (!present(grouping)) return null;
  var text = String(grouping).toLowerCase();
  for (var i = 0; i < FIREWALL_GROUPS.length; i++) {
    var wanted = FIREWALL_GROUPS[i];
    if (text === wanted.name.toLowerCase()) return i;
    for (var j = 0; j < wanted.aliases.length; j++) if (text === wanted.aliases[j].toLowerCase()) return i;
  }
  return null;
}

function firewallFact() {
  var policy = new ActiveXObject('HNetCfg.FwPolicy2');
  var current = Number(policy.CurrentProfileTypes);
  var enabled = false;
  for (var p = 0; p < PROFILES.length; p++) if ((current & PROFILES[p]) !== 0 && policy.FirewallEnabled(PROFILES[p])) enabled = true;
  var counts = [];
  for (var i = 0; i < FIREWALL_GROUPS.length; i++) counts[i] = { rules: 0, inbound: 0, on: 0 };
  for (var rules = new Enumerator(policy.Rules); !rules.atEnd(); rules.moveNext()) {
    var rule = rules.item();
    var g = groupOf(rule.Grouping);
    if (g === null) continue;
    counts[g].rules++;
    if (rule.Direction !== NET_FW_RULE_DIR_IN || (Number(rule.Profiles) & current) === 0) continue;
    counts[g].inbound++;
    if (rule.Enabled) counts[g].on++;
  }
  var groups = [];
  for (var k = 0; k < FIREWALL_GROUPS.length; k++) {
    var c = counts[k];
    var state = c.inbound > 0 && c.on === c.inbound ? 'all' : c.on > 0 ? 'some' : 'none';
    // No rule of the group matched by name: ask the policy about the group as a whole.
    if (c.rules === 0 && policy.IsRuleGroupEnabled(current, FIREWALL_GROUPS[k].aliases[0])) state = 'all';
    groups[groups.length] = { group: FIREWALL_GROUPS[k].name, enabled: state, rules: c.rules };
  }
  return { enabled: enabled, groups: groups };
}

// ---------------------------------------------------------------------------------------------
// The document

function collect() {
  var doc = { format: FORMAT, collectedAt: isoUtc(new Date()), collector: COLLECTOR };
  var errors = [];
  var gathered = 0;
  function fact(name, read) {
    var problems = [];
    try {
      doc[name] = read(problems);
      gathered++;
    } catch (e) {
      errors[errors.length] = { fact: name, reason: reasonOf(e) };
    }
    for (var i = 0; i < problems.length; i++) errors[errors.length] = problems[i];
  }
  fact('computer', computerFact);
  fact('os', osFact);
  fact('virtualization', virtualizationFact);
  var virtualization = doc.virtualization === undefined ? null : doc.virtualization;
  fact('store', function (problems) {
    return storeFact(virtualization, problems);
  });
  fact('vmm', function () {
    return vmmFact(virtualization);
  });
  fact('hyperV', hyperVFact);
  fact('vms', function (problems) {
    return vmsFact(problems, doc.computer === undefined ? null : doc.computer.name);
  });
  fact('wmiNamespaces', wmiNamespacesFact);
  fact('dcom', dcomFact);
  fact('localGroups', localGroupsFact);
  fact('firewall', firewallFact);
  doc.errors = errors;
  return { doc: doc, gathered: gathered };
}

function usage() {
  return 'usage: cscript //nologo azman-host-facts.js > host.json\r\n\r\nWrites the facts azman host check reads about this Hyper-V host, as JSON on stdout.\r\nRun it as a member of the local Administrators group. It changes nothing.\r\n';
}

function main() {
  if (WScript.Arguments.length > 0) {
    var arg = String(WScript.Arguments.Item(0));
    if (arg === '/?' || arg === '-?' || arg === '-h' || arg === '--help') {
      WScript.StdOut.Write(usage());
      WScript.Quit(0);
      return;
    }
    WScript.StdErr.Write('azman-host-facts.js takes no arguments (' + arg + ')\r\n' + usage());
    WScript.Quit(3);
    return;
  }
  var result = collect();
  WScript.StdOut.Write(toJson(result.doc, '') + '\r\n');
  WScript.Quit(result.gathered > 0 ? 0 : 1);
}

main();
