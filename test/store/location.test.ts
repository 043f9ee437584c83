import t from 'tap'
import { isWindowsPath, parseStoreLocation } from '../../src/store/location.js'

/** The file path an XML store reference resolves to. */
function xmlPath(ref: string, platform: NodeJS.Platform = 'linux'): string {
  const location = parseStoreLocation(ref, platform)
  if (location.kind !== 'xml') throw new Error(`${ref} is not an XML store`)
  return location.path
}

t.test('plain paths are XML stores', async (t) => {
  t.same(parseStoreLocation('store-samples/a.xml'), { kind: 'xml', path: 'store-samples/a.xml', windowsPath: false, display: 'store-samples/a.xml' })
  t.equal(xmlPath('/var/lib/a.xml'), '/var/lib/a.xml')
  t.match(parseStoreLocation('C:\\ProgramData\\a.xml'), { windowsPath: true })
})

t.test('msxml:// URLs in every form AzMan documents', async (t) => {
  t.equal(xmlPath('msxml:///var/lib/hyperv/InitialStore.xml'), '/var/lib/hyperv/InitialStore.xml')
  const hv = parseStoreLocation('msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml', 'linux')
  t.same([hv.kind, hv.kind === 'xml' && hv.path, hv.kind === 'xml' && hv.windowsPath], ['xml', 'C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml', true])
  t.equal(parseStoreLocation('MSXML://c:/abc/test.xml').kind, 'xml', 'the scheme is case-insensitive')
  t.same(parseStoreLocation('msxml://d|/dir1/dir2/abc.xml', 'win32'), { kind: 'xml', path: 'd:/dir1/dir2/abc.xml', windowsPath: true, display: 'msxml://d|/dir1/dir2/abc.xml' })
  t.equal(xmlPath('msxml://\\\\server\\share\\abc.xml'), '\\\\server\\share\\abc.xml')
  t.equal(xmlPath('msxml://c:/Documents%20and%20Settings/test%2exml'), 'c:/Documents and Settings/test.xml', 'percent-escapes decoded')
  t.equal(xmlPath('msxml://abc.xml', 'linux'), '/abc.xml', 'no relative paths: the root of the drive')
  t.equal(xmlPath('msxml://abc.xml', 'win32'), '\\abc.xml')
})

t.test('other schemes', async (t) => {
  t.same(parseStoreLocation('msldap://dc1/CN=Store,DC=lab,DC=test'), { kind: 'ldap', url: 'msldap://dc1/CN=Store,DC=lab,DC=test', display: 'msldap://dc1/CN=Store,DC=lab,DC=test' })
  t.throws(() => parseStoreLocation('mssql://Driver={SQL Server};Server={x};/db/store'), { code: 'AZMAN_ERR_STORE_UNSUPPORTED', exitCode: 2 })
  t.throws(() => parseStoreLocation('ftp://host/store.xml'), { code: 'AZMAN_ERR_STORE_UNSUPPORTED', message: /unknown store URL scheme/ })
  t.throws(() => parseStoreLocation('msxml://'), { code: 'AZMAN_ERR_STORE_UNSUPPORTED' })
  t.throws(() => parseStoreLocation('msxml://c:/bad%zz.xml'), { code: 'AZMAN_ERR_STORE_UNSUPPORTED', message: /percent/ })
})

t.test('isWindowsPath', async (t) => {
  t.ok(isWindowsPath('C:\\x'))
  t.ok(isWindowsPath('c:/x'))
  t.ok(isWindowsPath('\\\\server\\share'))
  t.notOk(isWindowsPath('/var/x'))
  t.notOk(isWindowsPath('relative/x.xml'))
})
