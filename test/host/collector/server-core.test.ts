/**
 * Server Core from the SKU (up to 2008 R2, where the ServerLevels registry values do not exist):
 * every OperatingSystemSKU of a Server Core installation, as GetProductInfo, Win32_OperatingSystem
 * and winnt.h name them, is serverCore; full installations, Nano Server and 64
 * (PRODUCT_CLUSTER_SERVER_V, Compute Cluster Server without Hyper-V) are not.
 */
import t from 'tap'
import { readHostFacts } from '../../../src/host/facts/read-facts.js'
import { COLLECTOR_SOURCE } from './collector-source.js'
import { hyperVHost } from './hosts/base.js'
import { runWsh } from './wsh/sandbox.js'

function serverCore(sku: number): boolean | undefined {
  const host = hyperVHost({ os: { caption: `SKU ${sku}`, version: '6.1.7601', sku } })
  return readHostFacts(runWsh(COLLECTOR_SOURCE, host).stdout, `sku-${sku}.json`).os?.serverCore
}

t.test('the Server Core SKUs are serverCore, others are not', async (t) => {
  const core = [12, 13, 14, 29, 39, 40, 41, 42, 43, 44, 45, 46, 53, 63, 145, 146, 147, 148, 159, 160, 168, 406]
  const notCore = [7, 8, 10, 17, 18, 36, 37, 38, 48, 64, 79, 80, 143, 144]
  let checked = 0
  for (const sku of core) {
    t.equal(serverCore(sku), true, `SKU ${sku} is Server Core`)
    checked++
  }
  for (const sku of notCore) {
    t.equal(serverCore(sku), false, `SKU ${sku} is not`)
    checked++
  }
  t.equal(checked, 36, 'twenty-two core and fourteen other SKUs checked')
})
