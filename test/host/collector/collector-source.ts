/** The collector's source as shipped (collector/azman-host-facts.js), for the sandbox tests. */
import { readFileSync } from 'node:fs'
import { REPO_ROOT } from '../../cli/run-cli.js'

export const COLLECTOR_PATH = `${REPO_ROOT}collector/azman-host-facts.js`
export const COLLECTOR_SOURCE = readFileSync(COLLECTOR_PATH, 'utf8')
