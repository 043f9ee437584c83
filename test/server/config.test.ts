import { join } from 'node:path'
import t from 'tap'
import { readConfigFile } from '../../src/service-config/config-file.js'
import { resolveServiceConfig } from '../../src/service-config/resolve-service-config.js'
import { parseStoreFlag, serverConfig } from '../../src/service-config/server-config.js'

t.test('config file: relative paths against its folder, URLs as they are, every setting', async (t) => {
  const dir = t.testdir({
    'serve.json': JSON.stringify({
      host: '0.0.0.0',
      port: 8443,
      stores: { lab: 'stores/lab.xml', prod: 'msxml:///srv/InitialStore.xml', abs: '/var/lib/a.xml' },
      tokens: 'tokens.json',
      tls: { cert: 'cert.pem', key: '/etc/key.pem' },
      bodyLimit: 4096,
      rateLimit: { max: 10, windowSeconds: 2 },
      lockTimeoutSeconds: 3,
      readCacheMs: 0,
    }),
    'off.json': JSON.stringify({ rateLimit: false }),
  })
  const read = await readConfigFile(join(dir, 'serve.json'))
  t.same(read, {
    host: '0.0.0.0',
    port: 8443,
    stores: [
      { name: 'lab', ref: join(dir, 'stores/lab.xml') },
      { name: 'prod', ref: 'msxml:///srv/InitialStore.xml' },
      { name: 'abs', ref: '/var/lib/a.xml' },
    ],
    tokensFile: join(dir, 'tokens.json'),
    tls: { certFile: join(dir, 'cert.pem'), keyFile: '/etc/key.pem' },
    bodyLimit: 4096,
    rateLimit: { max: 10, windowMs: 2000 },
    lockTimeoutMs: 3000,
    readCacheMs: 0,
  })
  t.same(await readConfigFile(join(dir, 'off.json')), { rateLimit: false })
})

t.test('defaults and checks', async (t) => {
  const config = serverConfig({ stores: [parseStoreFlag('lab=a=b.xml')], tokensFile: 't.json' })
  t.match(config, { host: '127.0.0.1', port: 8080, bodyLimit: 1048576, rateLimit: { max: 600, windowMs: 60000 }, lockTimeoutMs: 10000, readCacheMs: 100 })
  t.same(config.stores, [{ name: 'lab', ref: 'a=b.xml' }], 'the first = splits')
  t.throws(() => serverConfig({ stores: [], tokensFile: 't' }), { code: 'AZMAN_ERR_USAGE' })
  t.throws(() => serverConfig({ stores: [{ name: 'a', ref: 'x' }], tokensFile: 't', port: 70000 }), /port must be 0 to 65535/)
  t.throws(() => serverConfig({ stores: [{ name: 'a', ref: 'x' }], tokensFile: 't', bodyLimit: 0 }), /body limit/)
  t.throws(() => parseStoreFlag('=x.xml'), /store name "" is not allowed/)
  t.throws(() => parseStoreFlag('../x=x.xml'), /not allowed/)
})

t.test('config file: each wrong setting is refused with its own message (the schema keeps the hand-written words)', async (t) => {
  const cases: [unknown, RegExp][] = [
    [[], /: not a JSON object; docs\/rest\.md \("Serving"\) shows the format$/],
    [{ colour: 'red', port: 'x' }, /: unknown setting "colour";/],
    [{ host: 1 }, /: "host" must be a string;/],
    [{ port: '80' }, /: "port" must be a number;/],
    [{ stores: ['lab.xml'] }, /: "stores" must be an object \{"name": "store.xml"\};/],
    [{ stores: { lab: 1 } }, /: "stores\.lab" must be a store reference \(a string\);/],
    [{ stores: { 'bad name': 'a.xml' }, tokens: 1 }, /store name "bad name" is not allowed/],
    [{ tokens: 1 }, /: "tokens" must be a file path;/],
    [{ tls: { cert: 'c.pem' } }, /: "tls" must be \{"cert": "cert.pem", "key": "key.pem"\};/],
    [{ bodyLimit: '1' }, /: "bodyLimit" must be a number of bytes;/],
    [{ rateLimit: true }, /: "rateLimit" must be \{"max": 600, "windowSeconds": 60\} or false;/],
    [{ rateLimit: { max: 1, windowSeconds: '1' } }, /: "rateLimit" must be/],
    [{ readCacheMs: null }, /: "readCacheMs" must be a number of milliseconds;/],
    [{ lockTimeoutSeconds: '3' }, /: "lockTimeoutSeconds" must be a number;/],
    [{ directory: 389 }, /: "directory" must be a domain controller URL \(a string\);/],
    [{ port: 'x', host: 1 }, /: "host" must be a string;/],
  ]
  const dir = t.testdir(Object.fromEntries(cases.map(([value], i) => [`c${i}.json`, JSON.stringify(value)])))
  for (const [i, [value, message]] of cases.entries()) await t.rejects(readConfigFile(join(dir, `c${i}.json`)), { code: 'AZMAN_ERR_USAGE', message }, JSON.stringify(value))
})

t.test('config file: "directory" names the DC that resolves accounts; --directory and AZMAN_LDAP_URL win over it', async (t) => {
  const dir = t.testdir({ 'serve.json': JSON.stringify({ stores: { lab: 'lab.xml' }, tokens: 'tokens.json', directory: 'ldaps://dc1.example.com' }) })
  const file = join(dir, 'serve.json')
  t.same(await readConfigFile(file), { stores: [{ name: 'lab', ref: join(dir, 'lab.xml') }], tokensFile: join(dir, 'tokens.json'), directoryUrl: 'ldaps://dc1.example.com' })
  const resolved = await resolveServiceConfig({ flags: { config: file }, storeOptions: {}, notice: () => undefined })
  t.equal(resolved.config.storeOptions?.ldap?.directoryUrl, 'ldaps://dc1.example.com')
  const flagged = await resolveServiceConfig({ flags: { config: file }, storeOptions: { ldap: { directoryUrl: 'ldap://dc2:389' } }, notice: () => undefined })
  t.equal(flagged.config.storeOptions?.ldap?.directoryUrl, 'ldap://dc2:389', 'the flag or the environment wins')
})
