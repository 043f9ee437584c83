import { Type } from '@sinclair/typebox'
import { SEVERITIES } from '../../audit/severity.js'
import type { HostReport } from '../../host/check/host-report.js'
import { HostCode } from '../../host/check/host-finding.js'
import { HostFactsSchema } from '../../host/facts/schema.js'
import { ReportMetaSchema } from '../../report/report-meta.js'
import { List, Nullable } from './types.js'

/** The most hosts one fleet request names (the server's body limit applies too: `--body-limit`). */
export const MAX_REQUEST_HOSTS = 1000

const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)))

/** One host finding, as `azman host check --json` prints it. */
const HostFindingSchema = Type.Object(
  {
    severity: Severity,
    code: Type.Union(
      Object.values(HostCode).map((c) => Type.Literal(c)),
      { description: 'HOST_* about one host, FLEET_* across hosts (docs/host-check.md, docs/host-fleet.md)' },
    ),
    host: Nullable(Type.String(), { description: 'The host; null for fleet findings (see hosts)' }),
    app: Nullable(Type.String()),
    scope: Nullable(Type.String()),
    principal: Nullable(Type.Object({ sid: Nullable(Type.String()), name: Nullable(Type.String()) }, { additionalProperties: false })),
    operations: List(Type.Object({ id: Nullable(Type.Integer()), name: Type.String() }, { additionalProperties: false })),
    vms: List(Type.String()),
    hosts: List(Type.String(), { description: 'The hosts concerned (fleet findings)' }),
    message: Type.String(),
  },
  { additionalProperties: false },
)

/** A host check report (`azman host check --json`). */
export const HostReportSchema = Type.Unsafe<HostReport>(
  Type.Object(
    {
      report: Type.Optional(ReportMetaSchema),
      hosts: List(Type.String(), { description: 'The hosts judged, in input order' }),
      findings: List(HostFindingSchema, { description: 'Most severe first' }),
      counts: Type.Record(Type.String(), Type.Integer(), { description: 'Findings per severity' }),
    },
    { $id: 'HostReport', additionalProperties: false },
  ),
)

/** The body of `POST /stores/{store}/host-checks`: one host's facts, or a fleet's. */
export const HostCheckBody = Type.Object(
  {
    facts: Type.Optional(HostFactsSchema),
    hosts: Type.Optional(
      List(
        Type.Object(
          {
            // Each host's facts are held to the facts schema (HostFacts, as `facts` above) when its turn comes, so that one bad
            // document is a FLEET_FACTS_UNREADABLE finding about that host, not the refusal of the whole fleet.
            facts: Type.Unknown({
              description:
                'The host’s facts (the schema of facts above); a fleet reports a document that is not valid facts as FLEET_FACTS_UNREADABLE, naming its JSON path ($.hosts[3].facts.vms), and checks the other hosts; a fleet of one host refuses it (400, AZMAN_ERR_HOST_FACTS)',
            }),
            store: Type.Optional(Type.String({ minLength: 1, description: 'The host’s own store (a store name of this server); default: the store of the URL' })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: MAX_REQUEST_HOSTS, description: 'A fleet: one entry per host' },
      ),
    ),
    reference: Type.Optional(Type.String({ minLength: 1, description: 'A store name of this server: hosts whose store grants other access get FLEET_STORE_DRIFT' })),
    expect: Type.Optional(List(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 10_000, description: 'Computer names expected to report (FLEET_HOST_NOT_REPORTING)' })),
    app: Type.Optional(Type.String({ minLength: 1, description: 'The application; default each host’s ServiceApplication, else "Hyper-V services"' })),
  },
  { additionalProperties: false, description: 'Give facts (one host) or hosts (a fleet), not both' },
)
