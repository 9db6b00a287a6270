import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { RouteContext } from '../app-context.ts';
import { requireStaff } from '../auth/authenticate.ts';
import type { Evidence } from '../db/database.ts';
import { docketExists } from '../docket/docket-repository.ts';
import { AppError, notFound } from '../errors.ts';
import { ErrorSchema, isUuid, ListOf, Nullable, PageOf } from '../http/schemas.ts';
import { answersPage, coveragePage, exportAnswers, questionsWithCounts } from './answers.ts';
import { csvRow } from './csv.ts';
import { searchPage } from './search.ts';
import { submissionPassages } from './submission-passages.ts';
import type { Viewer } from './viewer.ts';

const READERS = ['analyst', 'confidentiality_officer'] as const;
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 }));
const IncludeConfidential = Type.Optional(Type.Boolean({ default: false }));
/**
 * Every text query starts the same way: a reader's token, and whether they asked for BC text. For
 * docket reads, whether the docket exists is asked only when a read comes back empty (`requireDocket`):
 * any row proves it, and each round trip saved is about a fifth of a fast read.
 */
async function textReader(
  ctx: RouteContext,
  request: FastifyRequest,
  includeConfidential: boolean | undefined,
): Promise<Viewer> {
  const staff = await requireStaff(ctx.staffTokens, request, READERS);
  return {
    actor: `${staff.role}:${staff.name}`,
    role: staff.role,
    includeConfidential: includeConfidential === true,
  };
}

async function requireDocket(ctx: RouteContext, docketId: string): Promise<void> {
  if (!(await docketExists(ctx.db, docketId))) {
    throw new AppError(404, 'not_found', `There is no docket "${docketId}". Check the docket id.`);
  }
}

async function requireQuestion(ctx: RouteContext, docketId: string, number: number): Promise<void> {
  await requireDocket(ctx, docketId);
  const question = await ctx.db
    .selectFrom('questions')
    .select('number')
    .where('docket_id', '=', docketId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!question) throw new AppError(404, 'not_found', `Docket ${docketId} has no question ${number}.`);
}

const AnswerSchema = Type.Object({
  passage_id: Type.Integer(),
  submission_id: Type.String(),
  file_id: Type.String(),
  filename: Type.String(),
  confidentiality: Type.String(),
  page: Nullable(Type.Integer()),
  text: Type.String(),
  confidence: Type.Number(),
  evidence: Type.String(),
  submitter_name: Type.String(),
  organization: Nullable(Type.String()),
  submitter_type: Nullable(Type.String()),
  heading_path: Type.Array(Type.String()),
});

/** The analyst's side of the contract: questions, answers by question (JSON or CSV), search, coverage. */
export function queryRoutes(ctx: RouteContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/dockets/:docket_id/questions',
      {
        schema: {
          summary: 'The docket’s questions with how many answers each has',
          params: Type.Object({ docket_id: Type.String() }),
          querystring: Type.Object({ include_confidential: IncludeConfidential }),
          response: {
            200: ListOf(
              Type.Object({
                number: Type.Integer(),
                section: Type.String(),
                section_title: Type.String(),
                text: Type.String(),
                answer_count: Type.Integer(),
                submission_count: Type.Integer(),
              }),
            ),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        const viewer = await textReader(ctx, request, request.query.include_confidential);
        const items = await questionsWithCounts(ctx.db, viewer, request.params.docket_id);
        if (items.length === 0) await requireDocket(ctx, request.params.docket_id);
        return { items };
      },
    );

    app.get(
      '/api/v1/dockets/:docket_id/questions/:number/answers',
      {
        schema: {
          summary:
            'Every passage that answers one question, most confident first (JSON, or CSV with ?format=csv or Accept: text/csv)',
          params: Type.Object({ docket_id: Type.String(), number: Type.Integer({ minimum: 1 }) }),
          querystring: Type.Object({
            limit: Limit,
            cursor: Type.Optional(Type.String()),
            q: Type.Optional(Type.String({ maxLength: 500 })),
            include_confidential: IncludeConfidential,
            submitter_type: Type.Optional(Type.String()),
            organization: Type.Optional(Type.String({ maxLength: 200 })),
            evidence: Type.Optional(
              Type.Union([Type.Literal('explicit'), Type.Literal('heading'), Type.Literal('semantic')]),
            ),
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          }),
          response: {
            200: PageOf(AnswerSchema),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const { docket_id: docketId, number } = request.params;
        const query = request.query;
        const viewer = await textReader(ctx, request, query.include_confidential);
        const filters = {
          ...(query.q?.trim() ? { q: query.q.trim() } : {}),
          ...(query.submitter_type ? { submitterType: query.submitter_type } : {}),
          ...(query.organization?.trim() ? { organization: query.organization.trim() } : {}),
          ...(query.evidence ? { evidence: query.evidence as Evidence } : {}),
        };
        const wantsCsv =
          query.format === 'csv' ||
          (query.format !== 'json' && /\btext\/csv\b/.test(request.headers.accept ?? ''));
        if (wantsCsv) {
          // A stream cannot turn into a 404 once it has started: ask first.
          await requireQuestion(ctx, docketId, number);
          const endpoint = `GET /api/v1/dockets/${docketId}/questions/${number}/answers.csv`;
          reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="${docketId}-question-${number}-answers.csv"`,
            );
          // The response schema describes the JSON form; the CSV form is a stream the schema does not cover.
          const csv = Readable.from(
            csvExport(ctx, viewer, endpoint, { docketId, question: number, filters }),
          );
          return reply.send(csv as never);
        }
        const page = await answersPage(
          ctx.db,
          viewer,
          `GET /api/v1/dockets/${docketId}/questions/${number}/answers`,
          {
            docketId,
            question: number,
            filters,
            limit: query.limit ?? 20,
            ...(query.cursor ? { cursor: query.cursor } : {}),
          },
        );
        if (page.items.length === 0) await requireQuestion(ctx, docketId, number);
        return {
          items: page.items.map(({ quarantined: _q, ...item }) => item),
          next_cursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/api/v1/dockets/:docket_id/search',
      {
        schema: {
          summary: 'Ranked full-text search over passages; snippets are HTML with matches in <mark>',
          params: Type.Object({ docket_id: Type.String() }),
          querystring: Type.Object({
            q: Type.String({ minLength: 1, maxLength: 500 }),
            limit: Limit,
            cursor: Type.Optional(Type.String()),
            include_confidential: IncludeConfidential,
          }),
          response: {
            200: PageOf(
              Type.Object({
                passage_id: Type.Integer(),
                submission_id: Type.String(),
                file_id: Type.String(),
                page: Nullable(Type.Integer()),
                snippet: Type.String(),
                questions: Type.Array(Type.Integer()),
                confidentiality: Type.String(),
                rank: Type.Number(),
              }),
            ),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        const { docket_id: docketId } = request.params;
        const viewer = await textReader(ctx, request, request.query.include_confidential);
        const page = await searchPage(
          ctx.db,
          viewer,
          `GET /api/v1/dockets/${docketId}/search`,
          {
            docketId,
            q: request.query.q,
            limit: request.query.limit ?? 20,
            ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          },
          ctx.searchRanking,
        );
        if (page.items.length === 0) await requireDocket(ctx, docketId);
        return {
          items: page.items.map(({ quarantined: _q, ...item }) => item),
          next_cursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/api/v1/dockets/:docket_id/coverage',
      {
        schema: {
          summary: 'For each submission, the questions its passages answer',
          params: Type.Object({ docket_id: Type.String() }),
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            cursor: Type.Optional(Type.String()),
            include_confidential: IncludeConfidential,
          }),
          response: {
            200: PageOf(
              Type.Object({
                submission_id: Type.String(),
                submitter_name: Type.String(),
                organization: Nullable(Type.String()),
                submitter_type: Nullable(Type.String()),
                questions: Type.Array(Type.Integer()),
              }),
            ),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        const { docket_id: docketId } = request.params;
        const viewer = await textReader(ctx, request, request.query.include_confidential);
        const page = await coveragePage(ctx.db, viewer, {
          docketId,
          limit: request.query.limit ?? 100,
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        });
        if (page.items.length === 0) await requireDocket(ctx, docketId);
        return { items: page.items, next_cursor: page.nextCursor };
      },
    );
    app.get(
      '/api/v1/submissions/:id/passages',
      {
        schema: {
          summary: 'A submission’s passages in order, each with the questions it answers (staff)',
          params: Type.Object({ id: Type.String() }),
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
            cursor: Type.Optional(Type.String()),
            include_confidential: IncludeConfidential,
          }),
          response: {
            200: PageOf(
              Type.Object({
                passage_id: Type.Integer(),
                file_id: Type.String(),
                filename: Type.String(),
                confidentiality: Type.String(),
                page: Nullable(Type.Integer()),
                heading_path: Type.Array(Type.String()),
                text: Type.String(),
                questions: Type.Array(
                  Type.Object({
                    number: Type.Integer(),
                    confidence: Type.Number(),
                    evidence: Type.String(),
                  }),
                ),
              }),
              {
                withheld_file_ids: Type.Array(Type.String(), {
                  description: 'Files of this submission whose text your role or request does not show',
                }),
              },
            ),
            '4xx': ErrorSchema,
          },
        },
      },
      async (request) => {
        const viewer = await textReader(ctx, request, request.query.include_confidential);
        const { id } = request.params;
        const submission = isUuid(id)
          ? await ctx.db.selectFrom('submissions').select('id').where('id', '=', id).executeTakeFirst()
          : undefined;
        if (!submission) throw notFound('submission');
        const page = await submissionPassages(ctx.db, viewer, `GET /api/v1/submissions/${id}/passages`, {
          submissionId: id,
          limit: request.query.limit ?? 200,
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        });
        return {
          items: page.items.map((p) => ({
            passage_id: p.passage_id,
            file_id: p.file_id,
            filename: p.filename,
            confidentiality: p.confidentiality,
            page: p.page,
            heading_path: p.heading_path,
            text: p.text,
            questions: p.questions,
          })),
          withheld_file_ids: page.withheldFileIds,
          next_cursor: page.nextCursor,
        };
      },
    );
  };
}

/** Streams a question's answers as CSV, read through the audited export. */
async function* csvExport(
  ctx: RouteContext,
  viewer: Viewer,
  endpoint: string,
  args: Parameters<typeof exportAnswers>[3],
): AsyncGenerator<string> {
  yield '\uFEFF'; // so spreadsheet programs read UTF-8
  yield csvRow([
    'submission_id',
    'submitter',
    'organization',
    'submitter_type',
    'file',
    'confidentiality',
    'page',
    'evidence',
    'confidence',
    'text',
  ]);
  for await (const row of exportAnswers(ctx.db, viewer, endpoint, args)) {
    yield csvRow([
      row.submission_id,
      row.submitter_name,
      row.organization,
      row.submitter_type,
      row.filename,
      row.confidentiality,
      row.page,
      row.evidence,
      row.confidence,
      row.text,
    ]);
  }
}
