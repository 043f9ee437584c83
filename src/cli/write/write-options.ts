import { userInfo } from 'node:os'
import type { ParseArgsConfig } from 'node:util'
import { UsageError } from '../../errors/usage-error.js'
import type { WriteSettings } from '../../change-set/run-write.js'
import type { CliIo } from '../io.js'
import type { GlobalOptions } from '../command.js'
import { PLAN_DETAILS, type PlanDetail } from '../../change-set/plan-detail.js'

/** Flags every write command takes. */
export const WRITE_FLAGS = {
  'dry-run': { type: 'boolean' },
  reason: { type: 'string' },
  actor: { type: 'string' },
  'lock-timeout': { type: 'string' },
  force: { type: 'boolean' },
  'allow-broad': { type: 'boolean' },
  detail: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>

export const WRITE_USAGE = `  --dry-run           print the plan; write nothing
  --reason TEXT       why (e.g. a ticket number), recorded in the journal
  --actor NAME        who, recorded in the journal (default: the OS user)
  --lock-timeout S    seconds to wait for another writer (default 30), then exit 5
  --force             allow removing BUILTIN\\Administrators' full access
  --allow-broad       allow granting to Everyone, Domain Users and other broad principals
                      (refused otherwise); the journal records the allowance
  --json              print the plan and result as JSON: edits by kind, name and place
  --detail full       with --json: the model's edits in full, as a saved plan holds them`

export interface WriteFlags {
  readonly 'dry-run'?: boolean
  readonly reason?: string
  readonly actor?: string
  readonly 'lock-timeout'?: string
  readonly force?: boolean
  readonly 'allow-broad'?: boolean
  readonly detail?: string
}

/** A CLI write's settings: the library's, and how much of the plan --json shows. */
export interface CliWriteSettings extends WriteSettings {
  readonly detail: PlanDetail
}

/** `--detail`: `summary` (the default) or `full`; anything else is a usage error (exit 3). */
export function planDetailFlag(command: string, value: string | undefined): PlanDetail {
  if (value === undefined) return 'summary'
  const detail = PLAN_DETAILS.find((d) => d === value)
  if (detail === undefined) throw new UsageError(`${command}: --detail takes ${PLAN_DETAILS.join(' or ')}, not ${JSON.stringify(value)}`)
  return detail
}

function defaultActor(io: CliIo): string {
  try {
    return userInfo().username
  } catch {
    return io.env.USER ?? io.env.USERNAME ?? 'unknown'
  }
}

/** The settings of a CLI write from its flags; accounts in the plan's words are named from the names file (--names). */
export function writeSettings(command: string, flags: WriteFlags, io: CliIo, globals: Pick<GlobalOptions, 'names'>): CliWriteSettings {
  let lockTimeoutMs: number | undefined
  const raw = flags['lock-timeout']
  if (raw !== undefined) {
    // Number('') and Number(' ') are 0: a value must be written as a plain decimal number.
    const seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN
    if (!Number.isFinite(seconds)) throw new UsageError(`${command}: --lock-timeout takes a number of seconds (such as 30 or 2.5), not ${JSON.stringify(raw)}`)
    lockTimeoutMs = Math.round(seconds * 1000)
  }
  return {
    dryRun: flags['dry-run'] === true,
    actor: flags.actor ?? defaultActor(io),
    ...(flags.reason === undefined ? {} : { reason: flags.reason }),
    ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }),
    force: flags.force === true,
    allowBroad: flags['allow-broad'] === true,
    detail: planDetailFlag(command, flags.detail),
    ...(globals.names === undefined ? {} : { names: globals.names.names }),
  }
}
