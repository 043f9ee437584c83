import type { TSchema } from '@sinclair/typebox'
import { ACCESS_SCHEMAS } from './access.js'
import { AuditReportSchema } from './audit.js'
import { HostReportSchema } from './host-check.js'
import { CHANGE_SCHEMAS } from './change.js'
import { CHANGES_SCHEMAS } from './changes.js'
import { OperationRef, PrincipalRef, Problem } from './common.js'
import { PLAN_SCHEMAS } from './plan.js'
import { Template } from './templates.js'
import { VIEW_SCHEMAS } from './views.js'

/** Every schema with an `$id` that routes refer to (`Type.Ref`); the OpenAPI document lists them under components. */
export const SHARED_SCHEMAS: readonly TSchema[] = [
  Problem,
  PrincipalRef,
  OperationRef,
  ...VIEW_SCHEMAS,
  ...CHANGE_SCHEMAS,
  ...PLAN_SCHEMAS,
  Template,
  ...ACCESS_SCHEMAS,
  ...CHANGES_SCHEMAS,
  AuditReportSchema,
  HostReportSchema,
]
