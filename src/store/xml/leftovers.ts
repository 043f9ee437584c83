import { basename, dirname, join } from 'node:path'
import * as fs from '../../fs/file-system.js'
import { describeIoError } from '../../fs/io-error.js'
import { isProcessAlive } from '../../fs/store-lock.js'
import { archiveDirOf } from './version-archive.js'

/**
 * Temporary files a killed writer left behind. {@link fs.writeAtomic} and the
 * lock name their temporary files `.<target>.<pid>.<random>.tmp`; a crash
 * between creating one and renaming it leaves it. The next writer, holding
 * the store lock, removes those of this store (the store, its backup, its
 * pending journal entry, its lock, its archived versions) whose process no
 * longer runs. Files of live processes are left alone: an unlocked `create`
 * or `copy` may be writing them.
 */

/** Suffixes, after the store's file name, of the files whose temporary files are this store's. */
const FAMILY = ['', '.bak', '.journal.pending.json', '.lock']

/**
 * Removes this store's temporary files left by processes that no longer run.
 * Returns the names removed. Call it holding the store lock.
 */
export async function removeLeftovers(storePath: string, displayName: string = storePath): Promise<string[]> {
  const removed: string[] = []
  const base = basename(storePath)
  const targets = new Set(FAMILY.map((suffix) => `${base}${suffix}`))
  const sweep = async (dir: string, mine: (target: string) => boolean): Promise<void> => {
    for (const name of await fs.listDirectory(dir)) {
      const temp = fs.parseTempName(name)
      if (temp === undefined || !mine(temp.target) || temp.pid === process.pid || isProcessAlive(temp.pid)) continue
      if (await fs.removeIfExists(join(dir, name))) removed.push(name)
    }
  }
  try {
    await sweep(dirname(storePath), (target) => targets.has(target))
    await sweep(archiveDirOf(storePath), (target) => /^[0-9a-f]{64}\.xml\.gz$/.test(target))
  } catch (e) {
    throw describeIoError(e, 'clean up the temporary files of', displayName)
  }
  return removed
}
