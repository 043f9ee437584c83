import { join } from 'node:path'
import t from 'tap'
import { parseStoreFlag, readConfigFile, serverConfig } from '../../src/service-config/server-config.js'

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
