import { ConflictError, InvalidChangeError } from '../../errors/change-errors.js'
import { StoreIoError, UnsupportedStoreError } from '../../errors/input-errors.js'
import { assertSafeEdit } from '../../model/edit/check-edit.js'
import { diffPolicies } from '../../model/edit/diff-policies.js'
import type { PolicyStore } from '../../model/policy.js'
import type { JournalEntry, StorePort, StoreSnapshot, UpdateOptions, UpdateResult } from '../port.js'
import * as fs from './file-system.js'
import { parseXmlStore, versionOf, type ParsedXmlStore } from './parse-xml-store.js'
import { renderStore } from './render-store.js'
import { writeEdits } from './write-edits.js'

/** Words for the I/O failures people meet, without a stack trace. */
const IO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links (a link loop?)',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on this system',
  EROFS: 'the file system is read-only',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EAGAIN: 'the file is temporarily unavailable; try again',
  EINVAL: 'the path is not valid here',
}

/** Words for the I/O failures people meet, without a stack trace. */
export function describeIoError(e: unknown, action: string, path: string): StoreIoError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  const reason = (code !== undefined ? IO_REASONS[code] : undefined) ?? `the system refused${code === undefined ? '' : ` (${code})`}`
  return new StoreIoError(`cannot ${action} ${path}: ${reason}`, { cause: e, source: path })
}

/**
 * An AzMan store in an XML file. Reads are strict (see {@link parseXmlStore});
 * writes change only the bytes of the objects that differ, keep the file's
 * layout and newline style, are checked by reading the result back, and
 * replace the file atomically.
 */
export class XmlStore implements StorePort {
  constructor(
    readonly path: string,
    readonly displayName: string = path,
    private readonly windowsPath = false,
  ) {}

  /** The file's exact bytes; `azman copy` writes them unchanged. */
  async bytes(): Promise<Buffer> {
    this.assertReachable()
    try {
      return await fs.readBytes(this.path)
    } catch (e) {
      throw describeIoError(e, 'read', this.displayName)
    }
  }

  /** The parsed store, with what the lossless writer needs. */
  async parse(): Promise<ParsedXmlStore> {
    return parseXmlStore(await this.bytes(), this.displayName)
  }

  async load(): Promise<StoreSnapshot> {
    const { policy, version } = await this.parse()
    return { policy, version }
  }

  async update(change: (current: StoreSnapshot) => PolicyStore, options: UpdateOptions = {}): Promise<UpdateResult> {
    const parsed = await this.parse()
    const { version } = parsed
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new ConflictError(
        'AZMAN_ERR_CONFLICT_STALE',
        `${this.displayName} changed since the plan was made (expected ${options.expectedVersion}, found ${version}); plan again`,
      )
    }
    const next = change({ policy: parsed.policy, version })
    const edits = diffPolicies(parsed.policy, next)
    if (edits.length === 0) return { before: version, after: version, edits }
    assertSafeEdit(parsed.policy, next, edits)
    const text = writeEdits(parsed.doc, parsed.index, parsed.layout, edits)
    const bytes = Buffer.from(text, 'utf8')
    this.verify(bytes, next)
    await this.write(bytes)
    return { before: version, after: versionOf(bytes), edits }
  }

  async create(policy: PolicyStore, options: { overwrite?: boolean } = {}): Promise<StoreSnapshot> {
    const bytes = Buffer.from(renderStore(policy), 'utf8')
    this.verify(bytes, policy)
    await this.write(bytes, !options.overwrite)
    return { policy, version: versionOf(bytes) }
  }

  async history(): Promise<readonly JournalEntry[]> {
    return []
  }

  async rollback(id: string): Promise<UpdateResult> {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY', `${this.displayName} has no journal entry ${id}`)
  }

  /** Writes bytes that are already known to be a store, such as an unchanged copy. */
  async writeBytes(bytes: Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.write(bytes, !options.overwrite)
  }

  /** What is about to be written must read back as exactly the policy meant; otherwise nothing is written. */
  private verify(bytes: Uint8Array, expected: PolicyStore): void {
    const reread = parseXmlStore(bytes, this.displayName).policy
    const drift = diffPolicies(reread, expected)
    if (drift.length > 0) {
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_UNWRITABLE',
        `the change cannot be written faithfully to ${this.displayName} (${drift.length} difference(s) on reading it back, first: ${JSON.stringify(drift[0])}); nothing was written`,
      )
    }
  }

  private async write(bytes: Uint8Array, exclusive = false): Promise<void> {
    this.assertReachable()
    try {
      await fs.writeAtomic(this.path, bytes, { exclusive })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${this.displayName} already exists; pass --force to replace it`)
      }
      throw describeIoError(e, 'write', this.displayName)
    }
  }

  private assertReachable(): void {
    if (this.windowsPath && process.platform !== 'win32') {
      throw new UnsupportedStoreError(`${this.displayName} is a Windows path; run azman on that Windows host, or copy the file here and name its local path`)
    }
  }
}
