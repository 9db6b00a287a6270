import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../app-context.ts';
import { bearerToken, receiptMatches, receiptToken, requireStaff } from '../auth/authenticate.ts';
import { AppError, notFound } from '../errors.ts';
import { ErrorSchema, FindingSchema, isUuid, toFindingBody } from '../http/schemas.ts';
import { loadSubmissionStatus, submitterNextSteps } from './submission-status.ts';

const StatusSchema = Type.Object({
  id: Type.String(),
  docket_id: Type.String(),
  status: Type.String(),
  received_at: Type.String({ format: 'date-time' }),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      filename: Type.String(),
      confidentiality: Type.String(),
      status: Type.String(),
      page_count: Type.Union([Type.Integer(), Type.Null()]),
      error: Type.Union([Type.String(), Type.Null()]),
      quarantined: Type.Boolean(),
    }),
  ),
  findings: Type.Array(FindingSchema),
  next_steps: Type.Array(Type.String(), {
    description: 'What the submitter should do next, such as upload a corrected public version',
  }),
});

/** GET a submission's status: with its receipt token (the submitter), or a staff token. */
export function statusRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/submissions/:id',
      {
        schema: {
          summary: 'A submission’s status, files and findings',
          params: Type.Object({ id: Type.String() }),
          querystring: Type.Object({ receipt_token: Type.Optional(Type.String()) }),
          response: { 200: StatusSchema, '4xx': ErrorSchema },
        },
      },
      async (request) => {
        const { id } = request.params;
        const receipt = receiptToken(request);
        if (!receipt || bearerToken(request)) {
          await requireStaff(ctx.staffTokens, request, ['analyst', 'confidentiality_officer', 'admin']);
        }
        const view = isUuid(id) ? await loadSubmissionStatus(ctx.db, id) : null;
        if (!view) throw notFound('submission');
        if (receipt && !bearerToken(request) && !receiptMatches(receipt, view.receiptTokenHash)) {
          request.authFailed = true;
          throw new AppError(
            401,
            'unauthenticated',
            'That receipt token does not open this submission. Use the token you were given when you uploaded it.',
          );
        }
        return {
          id: view.id,
          docket_id: view.docketId,
          status: view.status,
          received_at: view.receivedAt.toISOString(),
          files: view.files.map((f) => ({
            id: f.id,
            filename: f.filename,
            confidentiality: f.confidentiality,
            status: f.status,
            page_count: f.pageCount,
            error: f.error,
            quarantined: f.quarantined,
          })),
          findings: view.findings.map(toFindingBody),
          next_steps: submitterNextSteps(view),
        };
      },
    );
  };
}
