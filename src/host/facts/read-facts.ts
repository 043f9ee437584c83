import { constants } from 'node:fs'
import { HostFactsError } from '../../errors/input-errors.js'
import { readBytes, refuseSymlink } from '../../fs/file-system.js'
import { ioReason } from '../../fs/io-error.js'
import { schemaProblem } from '../../json/schema-check.js'
import type { JsonProblem } from '../../json/schema-messages.js'
import { escapeControls } from '../../model/quote.js'
import { decodeFacts } from './decode-facts.js'
import { factsProblem } from './facts-rules.js'
import { scanJson } from './json-scan.js'
import { FACTS_LIMITS, HOST_FACTS_FORMAT, HostFactsSchema, type HostFacts } from './schema.js'

/** The facts formats this azman reads, newest last. */
export const HOST_FACTS_FORMATS: readonly string[] = [HOST_FACTS_FORMAT]

/** The longest JSON path a message quotes before it is cut (an unknown field's name may be 64 KiB). */
const MAX_PATH_SHOWN = 200

/** A path fit for a one-line message: control characters escaped, cut at {@link MAX_PATH_SHOWN}. */
function shown(path: string): string {
  const safe = escapeControls(path)
  return safe.length > MAX_PATH_SHOWN ? `${safe.slice(0, MAX_PATH_SHOWN)}...` : safe
}

function refused(source: string, problem: JsonProblem): HostFactsError {
  return new HostFactsError(`${source}: ${shown(problem.path)} ${problem.message}`, { source })
}

/** An unknown `azman-host-facts/N` named as such (a newer collector), rather than as a wrong value. */
function versionProblem(value: unknown): JsonProblem | undefined {
  const format = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).format : undefined
  if (typeof format !== 'string' || HOST_FACTS_FORMATS.includes(format) || !/^azman-host-facts\/\d{1,9}$/.test(format)) return undefined
  return { path: '$.format', message: `is "${format}", a version this azman does not read: it reads ${HOST_FACTS_FORMATS.map((f) => `"${f}"`).join(', ')} (a newer azman may read it)` }
}

/**
 * A parsed facts document (a REST body, or JSON read elsewhere) checked
 * strictly: the `azman-host-facts/1` schema (types, required fields, no
 * unknown fields, {@link FACTS_LIMITS}), then what the schema cannot say
 * (see {@link factsProblem}).
 *
 * @param source how to name the input in messages (a file name, `request body`)
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS` (exit 2, HTTP 400), naming the JSON path
 */
export function hostFactsFromJson(value: unknown, source: string): HostFacts {
  const problem = versionProblem(value) ?? schemaProblem(HostFactsSchema, value, '$', `is not a field of host facts (${HOST_FACTS_FORMAT})`)
  if (problem !== undefined) throw refused(source, problem)
  const facts = value as HostFacts
  const rule = factsProblem(facts)
  if (rule !== undefined) throw refused(source, rule)
  return facts
}

/**
 * Reads a host facts document strictly from its text: JSON (a leading byte
 * order mark is skipped) of at most {@link FACTS_LIMITS}.maxBytes characters,
 * nested at most {@link FACTS_LIMITS}.maxDepth deep, without a field given twice
 * in one object (all refused before the text is parsed), then as
 * {@link hostFactsFromJson} reads it.
 *
 * @param source how to name the input in messages (a file name)
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS` (exit 2), naming the JSON path
 */
export function readHostFacts(text: string, source: string): HostFacts {
  if (text.length > FACTS_LIMITS.maxBytes) throw new HostFactsError(`${source}: is over the ${FACTS_LIMITS.maxBytes.toLocaleString('en-US')}-byte limit of a facts document`, { source })
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const scanned = scanJson(body, FACTS_LIMITS.maxDepth)
  if (scanned?.kind === 'too-deep') {
    throw new HostFactsError(`${source}: nests arrays and objects deeper than ${FACTS_LIMITS.maxDepth} levels (at character ${scanned.at}); host facts nest at most 5`, { source })
  }
  if (scanned !== undefined) throw refused(source, { path: scanned.path, message: 'is given twice in one object: a field appears once (readers disagree on which one counts)' })
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (e) {
    const reason = e instanceof Error ? escapeControls(e.message).slice(0, MAX_PATH_SHOWN) : 'parse error'
    throw new HostFactsError(`${source}: is not JSON (${reason})`, { source })
  }
  return hostFactsFromJson(value, source)
}

/**
 * Reads a host facts document from its bytes (a file's, or a request body's):
 * refused over {@link FACTS_LIMITS}.maxBytes, decoded as UTF-8 or UTF-16
 * ({@link decodeFacts}), then as {@link readHostFacts} reads text.
 *
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS` (exit 2, HTTP 400)
 */
export function readHostFactsBytes(bytes: Uint8Array, source: string): HostFacts {
  if (bytes.length > FACTS_LIMITS.maxBytes) {
    throw new HostFactsError(`${source}: is ${bytes.length.toLocaleString('en-US')} bytes, over the ${FACTS_LIMITS.maxBytes.toLocaleString('en-US')}-byte limit of a facts document`, { source })
  }
  const decoded = decodeFacts(bytes)
  if ('problem' in decoded) throw new HostFactsError(`${source}: ${decoded.problem}`, { source })
  return readHostFacts(decoded.text, source)
}

/** Why a facts file could not be read, in words about facts files (not stores). */
function readReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EAZMAN_SYMLINK' || code === 'ELOOP') return 'it is a symbolic link, which azman does not follow for facts files (name the file itself)'
  if (code === 'EAZMAN_NOT_REGULAR') return 'it is not a regular file (a device, FIFO or socket); facts are read from regular files only'
  if (code === 'EAZMAN_TOO_LARGE') return `the file is over the ${FACTS_LIMITS.maxBytes.toLocaleString('en-US')}-byte limit of a facts document`
  return ioReason(e)
}

/**
 * Reads a host facts file (what `cscript //nologo azman-host-facts.js > FILE`
 * wrote): a regular file, not a symbolic link, device or FIFO, of at most
 * {@link FACTS_LIMITS}.maxBytes bytes, as {@link readHostFactsBytes} reads it.
 * The CLI (`--facts FILE`) and the service read facts files through it.
 *
 * @throws HostFactsError `AZMAN_ERR_HOST_FACTS` (exit 2) when it cannot be read or used
 */
export async function readHostFactsFile(path: string): Promise<HostFacts> {
  let bytes: Buffer
  try {
    await refuseSymlink(path)
    bytes = await readBytes(path, FACTS_LIMITS.maxBytes, constants.O_NOFOLLOW)
  } catch (e) {
    throw new HostFactsError(`cannot read the facts file ${path}: ${readReason(e)}`, { cause: e, source: path })
  }
  return readHostFactsBytes(bytes, path)
}
