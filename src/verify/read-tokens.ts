import { VerifyTokensError } from '../errors/input-errors.js'
import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { schemaProblem } from '../json/schema-check.js'
import { ExtraTokensSchema, type ExtraTokens } from './decision-table.js'

/** A `--tokens FILE`: `{"tokens": [["S-1-...", ...], ...]}`, read strictly (16 MiB at most, the JSON path of a problem named). */
export async function readExtraTokens(path: string): Promise<ExtraTokens['tokens']> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    throw new VerifyTokensError(`cannot read the tokens file ${path}: ${ioReason(e)}`, { cause: e })
  }
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new VerifyTokensError(`${path}: is not JSON (${(e as Error).message})`)
  }
  const problem = schemaProblem(ExtraTokensSchema, value, '$', 'is not a field of a tokens file (it holds "tokens")')
  if (problem !== undefined) throw new VerifyTokensError(`${path}: ${problem.path} ${problem.message}`)
  return (value as ExtraTokens).tokens
}
