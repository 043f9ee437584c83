/** The shipped collector is found from the sources, and stamped with a version that cannot break its string literal. */
import { createHash } from 'node:crypto'
import t from 'tap'
import { COLLECTOR_FILE, collectorScript, stampCollector } from '../../../src/host/collector/collector-script.js'
import { COLLECTOR_PATH, COLLECTOR_SOURCE } from './collector-source.js'

t.test('collectorScript reads collector/azman-host-facts.js and stamps the version once', async (t) => {
  t.equal(COLLECTOR_FILE, COLLECTOR_PATH, 'found beside src/ (and, at the same depth, beside dist/)')
  const script = await collectorScript('1.2.3-beta.4')
  t.equal(script.text, COLLECTOR_SOURCE.replace('@AZMAN_VERSION@', '1.2.3-beta.4'))
  t.equal(script.sha256, createHash('sha256').update(script.text).digest('hex'))
  t.notMatch(script.text, /@AZMAN_VERSION@/)
})

t.test('a version that is not letters, digits and .+-_ is stamped "unknown"; a source without exactly one marker is refused', async (t) => {
  const cases = ["1.0'; WScript.Quit(0); '", '1.0\n', '', 'x'.repeat(65), '1.0 beta']
  for (const version of cases) t.match(stampCollector(COLLECTOR_SOURCE, version), /var COLLECTOR = 'azman-host-facts\.js unknown';/, JSON.stringify(version))
  t.equal(cases.length, 5)
  t.throws(() => stampCollector('no marker', '1.0'), /should name @AZMAN_VERSION@ once, not 0 times/)
  t.throws(() => stampCollector('@AZMAN_VERSION@ @AZMAN_VERSION@', '1.0'), /not 2 times/)
})
