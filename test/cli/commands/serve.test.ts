import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample, STACK_LINE } from '../run-cli.js'

t.test('serve refuses what it cannot serve, before listening', async (t) => {
  const dir = t.testdir({ 'bad.json': '{"stores": {"lab": 3}}', 'odd.json': '{"stores": {}, "colour": "red"}' })
  copyFileSync(sample('hyperv-2008r2.xml'), join(dir, 'lab.xml'))
  writeFileSync(join(dir, 'tokens.json'), '{"format": "azman-tokens/1", "tokens": []}')
  const tokens = join(dir, 'tokens.json')
  const cases: [string[], number, RegExp][] = [
    [['serve', '--tokens', tokens], 3, /name the stores to serve/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`], 3, /every request needs a token: give --tokens FILE/],
    [['serve', '--store', 'lab', '--tokens', tokens], 3, /--store takes name=<store>/],
    [['serve', '--store', `la b=${join(dir, 'lab.xml')}`, '--tokens', tokens], 3, /store name "la b" is not allowed/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--store', `LAB=${join(dir, 'lab.xml')}`, '--tokens', tokens], 3, /given twice/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--tokens', tokens, '--port', 'eighty'], 3, /--port takes a number/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--tokens', tokens, '--tls-cert', 'c.pem'], 3, /--tls-cert and --tls-key together/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--tokens', tokens, '--log-level', 'loud'], 3, /--log-level is one of/],
    [['serve', '--config', join(dir, 'bad.json')], 3, /"stores.lab" must be a store reference/],
    [['serve', '--config', join(dir, 'odd.json')], 3, /unknown setting "colour"/],
    [['serve', '--config', join(dir, 'missing.json')], 2, /cannot read the config file/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--tokens', join(dir, 'none.json')], 2, /cannot read .*none\.json/],
    [['serve', '--store', `lab=${join(dir, 'nowhere.xml')}`, '--tokens', tokens, '--port', '0'], 2, /cannot read lab: no such file/],
    [['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--tokens', tokens, '--port', '0', '--tls-cert', join(dir, 'c.pem'), '--tls-key', join(dir, 'k.pem')], 2, /cannot read the TLS certificate/],
  ]
  for (const [args, code, message] of cases) {
    const r = await runCli(args)
    t.equal(r.code, code, `${args.slice(1).join(' ').slice(0, 90)}: exit ${code}`)
    t.match(r.stderr, message)
    t.notMatch(r.stderr, STACK_LINE, 'no stack trace')
  }
})

t.test('the expiry period: only 0 (never) or 1 to 86400 seconds, from the flag and the config file', async (t) => {
  const dir = t.testdir()
  copyFileSync(sample('hyperv-2008r2.xml'), join(dir, 'lab.xml'))
  writeFileSync(join(dir, 'tokens.json'), '{"format": "azman-tokens/1", "tokens": []}')
  const bad = ['-1', '0.5', '86401', '2147484', '1e10']
  const runs: [string[], RegExp][] = [
    ...bad.map((v): [string[], RegExp] => [
      ['serve', '--store', `lab=${join(dir, 'lab.xml')}`, '--tokens', join(dir, 'tokens.json'), `--expire-every=${v}`],
      /--expire-every takes 0 \(never\) or 1 to 86400 seconds/,
    ]),
    ...bad.map((v, i): [string[], RegExp] => {
      const file = join(dir, `c${i}.json`)
      writeFileSync(file, JSON.stringify({ stores: { lab: 'lab.xml' }, tokens: 'tokens.json', expireEverySeconds: Number(v) }))
      return [['serve', '--config', file], /"expireEverySeconds" must be 0 \(never\) or 1 to 86400 seconds/]
    }),
  ]
  for (const [args, message] of runs) {
    const r = await runCli(args)
    t.equal(r.code, 3, `${args.at(-1) ?? ''}: exit 3`)
    t.match(r.stderr, message)
    t.notMatch(r.stderr, STACK_LINE, 'no stack trace')
  }
  t.equal(runs.length, 10, 'every bad value, both ways')
})
