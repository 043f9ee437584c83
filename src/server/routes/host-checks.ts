import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { AUDIT_MEDIA_TYPES } from '../../audit/render/formats.js'
import { ReportFormatQuery } from '../schemas/audit.js'
import { renderHostReport } from '../../host/check/render/formats.js'
import { checkFleet } from '../../host/fleet/check-fleet.js'
import { documentHosts, factsProblem } from '../../host/fleet/facts-source.js'
import { fleetReport } from '../../host/fleet/fleet-report.js'
import type { StoreLoader } from '../../host/fleet/fleet-types.js'
import { tokenGroupsOf } from '../../host/fleet/groups-of.js'
import { withDirectory } from '../../principals/directory-scope.js'
import { withSidNames } from '../../views/sid-names.js'
import { HttpError } from '../http-status.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { StoreParams } from '../schemas/common.js'
import { HostCheckBody, HostReportSchema } from '../schemas/host-check.js'

/** `azman host check`: host facts (one host, or a fleet) against the server's stores (auditor), in the CLI's formats. */
export async function hostCheckRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const loadStore: StoreLoader = async (name) => {
    const store = app.azman.store(name)
    const { policy, version } = await store.load()
    return { reference: store.displayName, location: app.azman.storeRef(name), policy, version }
  }
  app.post(
    '/stores/:store/host-checks',
    {
      config: { access: 'auditor' },
      // A facts document that is not valid facts is AZMAN_ERR_HOST_FACTS (as from the CLI), not a generic invalid request.
      attachValidation: true,
      schema: {
        summary: 'Check host facts (one host, or a fleet with a reference store) against the store; the JSON of azman host check --json, or text, md, csv or html with format',
        tags: ['hosts'],
        params: StoreParams,
        querystring: ReportFormatQuery,
        body: HostCheckBody,
        response: { 200: Type.Union([Type.Ref(HostReportSchema), Type.String({ description: 'The report as text, Markdown, CSV or HTML (format)' })]), ...problems(...READ_PROBLEMS, 413) },
      },
    },
    async (request, reply) => {
      if (request.validationError !== undefined) throw factsProblem(request.body) ?? request.validationError
      const { body, params } = request
      if ((body.facts === undefined) === (body.hosts === undefined)) throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', 'give facts (one host) or hosts (a fleet), not both and not neither')
      const hosts = body.facts === undefined ? documentHosts(body.hosts ?? [], (i) => `$.hosts[${i}]`) : documentHosts([{ facts: body.facts }], () => '$')
      const result = await withDirectory(app.azman.directory(params.store), (directory) => {
        const groupsOf = tokenGroupsOf(directory)
        return checkFleet(
          {
            hosts,
            store: params.store,
            ...(body.reference === undefined ? {} : { reference: body.reference }),
            ...(body.expect === undefined ? {} : { expected: body.expect }),
            ...(body.app === undefined ? {} : { app: body.app }),
            ...(groupsOf === undefined ? {} : { groupsOf }),
          },
          { loadStore },
        )
      })
      const report = withSidNames(fleetReport(result), fastify.azman.config.names?.names)
      const format = request.query.format ?? 'json'
      if (format === 'json') return reply.send(report)
      return reply.type(AUDIT_MEDIA_TYPES[format]).send(renderHostReport(report, format))
    },
  )
}
