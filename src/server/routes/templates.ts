import { Type } from '@sinclair/typebox'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { listTemplates } from '../../templates/list-templates.js'
import { loadShippedTemplate } from '../../templates/load-template.js'
import { problems, READ_PROBLEMS } from '../route-kit.js'
import { Template, TemplateList } from '../schemas/templates.js'

/** The shipped least-privilege templates (`azman templates --json`). */
export async function templateRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.get('/templates', { schema: { summary: 'The shipped least-privilege templates', tags: ['templates'], response: { 200: TemplateList, ...problems(401, 403, 429, 500) } } }, async () => ({
    templates: await listTemplates(),
  }))
  app.get(
    '/templates/:name',
    {
      schema: {
        summary: 'One shipped template',
        tags: ['templates'],
        params: Type.Object({ name: Type.String({ minLength: 1 }) }),
        response: { 200: Type.Ref(Template), ...problems(...READ_PROBLEMS) },
      },
    },
    async (request) => loadShippedTemplate(request.params.name),
  )
}
