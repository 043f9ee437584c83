import type { Directory } from '../directory/directory.js'

/**
 * Opens the directory a piece of work resolves accounts with, or gives
 * undefined when none is configured. Opening does not connect: a directory
 * connects on its first question.
 */
export type DirectoryOpener = () => Directory | undefined

/**
 * Runs `work` with the directory `open` gives (or undefined when there is
 * none), and closes the directory afterwards, whether `work` succeeds or throws.
 */
export async function withDirectory<T>(open: DirectoryOpener, work: (directory: Directory | undefined) => Promise<T>): Promise<T> {
  const directory = open()
  try {
    return await work(directory)
  } finally {
    await directory?.close()
  }
}
