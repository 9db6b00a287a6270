import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../app-context.ts';
import { requireStaff } from '../auth/authenticate.ts';
import { notFound } from '../errors.ts';
import {
  ErrorSchema,
  FindingSchema,
  isUuid,
  ListOf,
  Nullable,
  PageOf,
  toFindingBody,
} from '../http/schemas.ts';
import { decodeCursor, encodeCursor } from '../query/cursor.ts';
import { listAuditEvents } from './audit-log.ts';
import { confidentialityOverview } from './confidentiality-overview.ts';
import { releaseQuarantinedFile } from './file-release.ts';

/** The confidentiality officer's audit views: how BC material was handled, and who read it. */
export function auditRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/audit/events',
      {
        schema: {
          summary: 'Every read of business-confidential or quarantined text and every release, newest first',
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            cursor: Type.Optional(Type.String()),
          }),
          response: {
            200: PageOf(
              Type.Object({
                at: Type.String({ format: 'date-time' }),
                actor: Type.String(),
                action: Type.String(),
                submission_id: Nullable(Type.String()),
                file_ids: Type.Array(Type.String()),
                endpoint: Type.String(),
                detail: Type.Record(Type.String(), Type.Unknown(), {
                  description: 'What else the event records, such as a release reason',
                }),
              }),
            ),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        await requireStaff(ctx.staffTokens, request, ['confidentiality_officer']);
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
            detail: e.detail,
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
            200: ListOf(
              Type.Object({
                submission_id: Type.String(),
                submitter_name: Type.String(),
                organization: Nullable(Type.String()),
                received_at: Type.String({ format: 'date-time' }),
                files: Type.Array(
                  Type.Object({
                    file_id: Type.String(),
                    filename: Type.String(),
                    confidentiality: Type.String(),
                    status: Type.String(),
                    quarantined: Type.Boolean(),
                    released_at: Nullable(Type.String({ format: 'date-time' })),
                    released_by: Nullable(Type.String()),
                    release_reason: Nullable(Type.String()),
                  }),
                ),
                findings: Type.Array(FindingSchema),
              }),
            ),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        await requireStaff(ctx.staffTokens, request, ['confidentiality_officer']);
        const overview = await confidentialityOverview(ctx.db);
        return {
          items: overview.map((s) => ({
            submission_id: s.submissionId,
            submitter_name: s.submitterName,
            organization: s.organization,
            received_at: s.receivedAt.toISOString(),
            files: s.files.map((f) => ({
              file_id: f.id,
              filename: f.filename,
              confidentiality: f.confidentiality,
              status: f.status,
              quarantined: f.quarantined,
              released_at: f.releasedAt?.toISOString() ?? null,
              released_by: f.releasedBy,
              release_reason: f.releaseReason,
            })),
            findings: s.findings.map(toFindingBody),
          })),
        };
      },
    );
    app.post(
      '/api/v1/files/:file_id/release',
      {
        schema: {
          summary: 'Release a quarantined file so its text can be read (officer; the reason is audited)',
          params: Type.Object({ file_id: Type.String() }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
          response: {
            200: Type.Object({
              file_id: Type.String(),
              submission_id: Type.String(),
              quarantined: Type.Literal(false),
              released_at: Type.String({ format: 'date-time' }),
              released_by: Type.String(),
              reason: Type.String(),
            }),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        const officer = await requireStaff(ctx.staffTokens, request, ['confidentiality_officer']);
        if (!isUuid(request.params.file_id)) throw notFound('file');
        const release = await releaseQuarantinedFile(ctx.db, {
          fileId: request.params.file_id,
          actor: `${officer.role}:${officer.name}`,
          reason: request.body.reason,
          endpoint: 'POST /api/v1/files/{file_id}/release',
        });
        return {
          file_id: release.fileId,
          submission_id: release.submissionId,
          quarantined: false as const,
          released_at: release.releasedAt.toISOString(),
          released_by: release.releasedBy,
          reason: release.reason,
        };
      },
    );
  };
}
