import { withSidNames } from '../../views/sid-names.js'
import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { auditStore } from '../../audit/audit-store.js'
import { parseBinding } from '../../audit/binding.js'
import { AUDIT_MEDIA_TYPES, renderAudit } from '../../audit/render/formats.js'
import { SEVERITIES } from '../../audit/severity.js'
import { loadShippedTemplate } from '../../templates/load-template.js'
import { inlineTemplate, isTemplateInvalid, MAX_INLINE_TEMPLATES } from '../../templates/inline-template.js'
import type { Template } from '../../templates/template.js'
import { HttpError } from '../http-status.js'
import { reportMeta } from '../../report/report-meta.js'
import { redactStoreRef } from '../../report/redact-ref.js'
import { sendVersioned } from '../replies.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { AuditReportSchema, ReportFormatQuery } from '../schemas/audit.js'
import { List } from '../schemas/types.js'

/** The templates of an audit request: shipped names, or inline documents (a bad one is a 400 naming its JSON path). */
async function requestTemplates(items: readonly (string | Record<string, unknown>)[]): Promise<Template[]> {
  const out: Template[] = []
  for (const [i, item] of items.entries()) {
    if (typeof item === 'string') out.push(await loadShippedTemplate(item))
    else {
      try {
        out.push(inlineTemplate(item, `$.templates[${i}]`))
      } catch (e) {
        if (isTemplateInvalid(e)) throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', e.message)
        throw e
      }
    }
  }
  return out
}

/** `azman audit`: every role assignment held against least-privilege templates (auditor), in the CLI's formats. */
export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post(
    '/stores/:store/audit',
    {
      config: { access: 'auditor' },
      schema: {
        summary: 'Audit the store against shipped templates; JSON, or text, md, csv or html with format',
        tags: ['audit'],
        params: StoreParams,
        querystring: ReportFormatQuery,
        body: Type.Object(
          {
            templates: List(
              Type.Union([Type.String({ minLength: 1 }), Type.Object({}, { additionalProperties: true, description: 'An inline template document (format azman-template/1; templates/README.md)' })]),
              {
                minItems: 1,
                maxItems: MAX_INLINE_TEMPLATES,
                description: 'Shipped template names (GET /templates) or inline template documents',
              },
            ),
            binding: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'An audit binding document (format azman-audit-binding/1; docs/templates-and-audit.md)' })),
            failOn: Type.Optional(Type.Union([...SEVERITIES.map((s) => Type.Literal(s)), Type.Literal('none')], { description: 'Default high' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Union([Type.Ref(AuditReportSchema), Type.String({ description: 'The report as text, Markdown, CSV or HTML (format)' })]), ...problems(...READ_PROBLEMS, 413) },
      },
    },
    async (request, reply) => {
      const templates = await requestTemplates(request.body.templates)
      const binding = request.body.binding === undefined ? undefined : parseBinding(request.body.binding, 'in the request', templates)
      const store = app.azman.store(request.params.store)
      const snapshot = await store.load()
      const meta = reportMeta({ stores: [{ ref: store.displayName, version: snapshot.version }], templates })
      const report = withSidNames(
        auditStore(snapshot.policy, {
          store: redactStoreRef(store.displayName),
          report: meta,
          templates,
          ...(binding === undefined ? {} : { binding }),
          failOn: request.body.failOn ?? 'high',
        }),
        fastify.azman.config.names?.names,
      )
      const format = request.query.format ?? 'json'
      if (format === 'json') return sendVersioned(request, reply, snapshot.version, report)
      reply.header('etag', `"${snapshot.version}"`).type(AUDIT_MEDIA_TYPES[format])
      return reply.send(renderAudit(report, format))
    },
  )
}
