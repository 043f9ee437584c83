import { auditStore } from '../../audit/audit-store.js'
import { reaches } from '../../audit/severity.js'
import type { Template } from '../../templates/template.js'
import type { TestContext } from '../context.js'
import { fail, pass, shownLines, type TestOutcome } from '../outcome.js'
import type { AuditTest } from '../schema/test-file.js'

/**
 * An `audit` test, resolved (its templates and binding read, errors at their
 * JSON paths), ready to run: the audit of the whole store has no finding at
 * or above `failOn`. A failure lists those findings.
 */
export async function prepareAudit(test: AuditTest, at: string, context: TestContext): Promise<() => TestOutcome> {
  const templates: Template[] = []
  for (const [i, ref] of test.templates.entries()) {
    const path = `${at}.templates[${i}]`
    templates.push(...(await context.using(path, () => context.templates.templates(ref, path))))
  }
  const binding = test.binding === undefined ? undefined : await context.using(`${at}.binding`, () => context.templates.binding(test.binding ?? {}, `${at}.binding`, templates))
  return () => {
    const report = auditStore(context.policy, { store: context.source, templates, ...(binding === undefined ? {} : { binding }), failOn: test.failOn })
    const over = report.findings.filter((f) => reaches(f.severity, test.failOn))
    if (over.length === 0) return pass(test.name, at, 'audit')
    const message = `${over.length} audit finding${over.length === 1 ? '' : 's'} at ${test.failOn} or above`
    return fail(
      test.name,
      at,
      'audit',
      message,
      shownLines(over, (f) => [`${f.severity.toUpperCase()} ${f.code}: ${f.message}`]),
    )
  }
}
