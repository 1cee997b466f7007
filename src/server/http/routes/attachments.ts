import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { actorOf } from '../plugins/auth.js';
import { errorResponses, IdParams } from '../schemas.js';
import { findAttachment } from '../../db/repos/conversations.repo.js';
import { errors } from '../../domain/shared/errors.js';

export function attachmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/attachments/:id',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Download an attachment (always as a download, never rendered inline by the browser)',
        params: IdParams,
        response: { ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const row = await findAttachment(deps.db, actor.accountId, request.params.id);
      if (!row) throw errors.notFound('Attachment');
      const content = await deps.attachments.read(row);
      const asciiName = row.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return reply
        .header('content-type', row.content_type)
        .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(content);
    },
  );
}
