import { Type } from '@sinclair/typebox'
import type { AuditReport } from '../../audit/report.js'
import { SEVERITIES } from '../../audit/severity.js'
import { AUDIT_FORMATS } from '../../audit/render/formats.js'
import { List, Nullable } from './types.js'
import { ReportMetaSchema } from '../../report/report-meta.js'

/** `?format=` of the report routes (audit, host checks): the audit's formats, JSON by default. */
export const ReportFormatQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union(
        AUDIT_FORMATS.map((f) => Type.Literal(f)),
        { description: 'json (default), text, md, csv or html' },
      ),
    ),
  },
  { additionalProperties: false },
)

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)))
const Operation = Type.Object({}, { additionalProperties: true, description: 'An operation: {id, name}' })
const Principal = Type.Object({}, { additionalProperties: true, description: 'A principal: SID, name and kind' })

/**
 * An audit report (`azman audit --json`): every role assignment held against
 * a template, the findings by severity, and a matrix per application.
 * Findings are described field by field; assignments and matrices at their
 * top level.
 */
export const AuditReportSchema = Type.Unsafe<AuditReport>(
  Type.Object(
    {
      report: Type.Optional(ReportMetaSchema),
      store: Type.String(),
      templates: List(Type.String()),
      failOn: Type.Union([Severity, Type.Literal('none')]),
      counts: Type.Object(Object.fromEntries(SEVERITIES.map((s) => [s, Type.Integer()])), { additionalProperties: false }),
      failed: Type.Boolean({ description: 'A finding reaches failOn (azman audit exits 1)' }),
      assignments: List(
        Type.Object(
          {
            app: Type.String(),
            scope: Nullable(Type.String()),
            roleAssignment: Type.String(),
            guid: Type.String(),
            template: Nullable(Type.String()),
            chosenBy: Type.String(),
            reason: Type.String(),
            holders: List(Principal),
            runTimeGroups: List(Type.Object({}, { additionalProperties: true })),
            granted: List(Operation),
            conditional: List(Operation),
            severity: Nullable(Severity),
          },
          { additionalProperties: false },
        ),
      ),
      findings: List(
        Type.Object(
          {
            severity: Severity,
            code: Type.String(),
            app: Type.String(),
            scope: Nullable(Type.String()),
            roleAssignment: Nullable(Type.String()),
            principal: Nullable(Principal),
            operations: List(Operation),
            template: Nullable(Type.String()),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
      ),
      matrices: List(Type.Object({}, { additionalProperties: true })),
    },
    { $id: 'AuditReport', additionalProperties: false },
  ),
)
