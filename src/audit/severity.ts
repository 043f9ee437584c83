/** How much a finding matters, from least to most. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const

export type Severity = (typeof SEVERITIES)[number]

/** `--fail-on` takes a severity, or `none` to never fail. */
export type FailOn = Severity | 'none'

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/** True when `severity` is at least `threshold`. */
export function reaches(severity: Severity, threshold: FailOn): boolean {
  return threshold !== 'none' && severityRank(severity) >= severityRank(threshold)
}

export function isSeverity(text: string): text is Severity {
  return (SEVERITIES as readonly string[]).includes(text)
}

/** The most severe of a list, or undefined for an empty one. */
export function worst(severities: Iterable<Severity>): Severity | undefined {
  let out: Severity | undefined
  for (const s of severities) if (out === undefined || severityRank(s) > severityRank(out)) out = s
  return out
}
