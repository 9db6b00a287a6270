import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../app-context.ts';
import { requireStaff } from '../auth/authenticate.ts';
import { ErrorSchema, FindingSchema, Nullable, toFindingBody } from '../http/schemas.ts';
import { decodeCursor, encodeCursor } from '../query/cursor.ts';
import { listAuditEvents } from './audit-log.ts';
import { confidentialityOverview } from './confidentiality-overview.ts';

/** The confidentiality officer's audit views: how BC material was handled, and who read it. */
export function auditRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/audit/events',
      {
        schema: {
          summary: 'Every read of business-confidential or quarantined text, newest first',
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            cursor: Type.Optional(Type.String()),
          }),
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  at: Type.String({ format: 'date-time' }),
                  actor: Type.String(),
                  action: Type.String(),
                  submission_id: Nullable(Type.String()),
                  file_ids: Type.Array(Type.String()),
                  endpoint: Type.String(),
                }),
              ),
              next_cursor: Nullable(Type.String()),
            }),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        await requireStaff(ctx.db, request, ['confidentiality_officer']);
        const limit = request.query.limit ?? 20;
        const before = decodeCursor(request.query.cursor, ['number']);
        const events = await listAuditEvents(ctx.db, {
          limit: limit + 1,
          beforeId: before ? (before[0] as number) : null,
        });
        const items = events.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map((e) => ({
            at: e.at.toISOString(),
            actor: e.actor,
            action: e.action,
            submission_id: e.submissionId,
            file_ids: e.fileIds,
            endpoint: e.endpoint,
          })),
          next_cursor: events.length > limit && last ? encodeCursor([last.id]) : null,
        };
      },
    );

    app.get(
      '/api/v1/audit/confidentiality',
      {
        schema: {
          summary: 'Submissions with BC or quarantined files, their files and confidentiality findings',
          response: {
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  submission_id: Type.String(),
                  files: Type.Array(
                    Type.Object({
                      file_id: Type.String(),
                      filename: Type.String(),
                      confidentiality: Type.String(),
                      quarantined: Type.Boolean(),
                    }),
                  ),
                  findings: Type.Array(FindingSchema),
                }),
              ),
            }),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        await requireStaff(ctx.db, request, ['confidentiality_officer']);
        const overview = await confidentialityOverview(ctx.db);
        return {
          items: overview.map((s) => ({
            submission_id: s.submissionId,
            files: s.files.map((f) => ({
              file_id: f.id,
              filename: f.filename,
              confidentiality: f.confidentiality,
              quarantined: f.quarantined,
            })),
            findings: s.findings.map(toFindingBody),
          })),
        };
      },
    );
  };
}
