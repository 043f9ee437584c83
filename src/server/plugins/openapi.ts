import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

/** The docs page. */
export const DOCS_PREFIX = '/docs'

/**
 * The OpenAPI 3.1 document, built from the route schemas and served at
 * `/openapi.json`, and a Swagger UI page at `/docs`, both without a token.
 * Shared schemas keep their `$id` as their component name.
 */
export const openapi = fp<{ version: string }>(
  async (app, options) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'azman',
          version: options.version,
          description:
            "Read, change, explain and audit Microsoft Authorization Manager (AzMan) stores over HTTP. Every route but /health, /openapi.json and /docs needs `Authorization: Bearer <token>`. Errors are RFC 9457 problem details (application/problem+json) with a stable `code`. Names in paths are URL-encoded and held to AzMan's limit for their kind (applications 512 characters, scopes 65,536, other objects 64); an object whose name is too long for a URL (Node reads 16 KB of request line and headers) is addressed by GUID: its GUID in the path and `?byGuid=` listing the parameters that hold GUIDs (`scope`, or `app,scope,name` ...).",
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `azman token add`' } } },
        security: [{ bearer: [] }],
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    })
    // The docs page and its assets need no token.
    app.addHook('onRoute', (route) => {
      if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) route.config = { ...route.config, access: 'public' }
    })
    await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: false } })
    app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public', rateLimit: false } }, async () => app.swagger())
  },
  { name: 'azman-openapi' },
)
