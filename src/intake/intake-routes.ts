import { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../app-context.ts';
import { findDocketRules } from '../docket/docket-repository.ts';
import { AppError } from '../errors.ts';
import { ErrorSchema, FindingSchema, toFindingBody } from '../http/schemas.ts';
import { offerNow } from '../queue/outbox.ts';
import { SizeLimitExceeded, type StagedFile } from '../storage/content-store.ts';
import { detectFormat } from './content-type.ts';
import { checkIntake, cleanFilename, type IntakeFields, type ReceivedFile } from './intake-rules.ts';
import { type StagedUpload, storeSubmission, TYPED_COMMENT_FILENAME } from './submission-intake.ts';

const KNOWN_FIELDS = new Set([
  'submitter_name',
  'email',
  'comment',
  'organization',
  'submitter_type',
  'bc_justification',
  'acknowledge_public',
]);

const ReceiptSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  docket_id: Type.String(),
  status: Type.Literal('received'),
  receipt_token: Type.String({
    description: 'Keep it: it is the only way to read this submission’s status.',
  }),
  received_at: Type.String({ format: 'date-time' }),
  files: Type.Array(
    Type.Object({
      id: Type.String(),
      filename: Type.String(),
      confidentiality: Type.String(),
      sha256: Type.String(),
      size_bytes: Type.Integer(),
      media_type: Type.String(),
    }),
  ),
  findings: Type.Array(FindingSchema),
});

/** POST a submission: the docket's naming and confidentiality rules are enforced here, at the door. */
export function intakeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/dockets/:docket_id/submissions',
      {
        schema: {
          summary: 'Submit a response (multipart/form-data: fields and parts named "files")',
          consumes: ['multipart/form-data'],
          params: Type.Object({ docket_id: Type.String() }),
          response: { 201: ReceiptSchema, '4xx': ErrorSchema },
        },
      },
      async (request, reply) => {
        const docket = await findDocketRules(ctx.db, request.params.docket_id);
        if (!docket)
          throw new AppError(
            404,
            'not_found',
            `There is no docket "${request.params.docket_id}". Check the docket id.`,
          );
        if (!request.isMultipart()) {
          throw new AppError(
            415,
            'not_multipart',
            'Send the submission as multipart/form-data, with your files in parts named "files".',
          );
        }
        const receivedAt = new Date();
        const fields: IntakeFields = {};
        const uploads: StagedUpload[] = [];
        const received: ReceivedFile[] = [];
        try {
          const parts = request.parts({
            limits: {
              // One byte over the docket's limit lets the stream tell "too large" from "exactly the limit".
              fileSize: docket.maxFileBytes + 1,
              files: docket.maxFiles,
              fields: KNOWN_FIELDS.size + 8,
              parts: docket.maxFiles + KNOWN_FIELDS.size + 8,
              fieldSize: 64 * 1024,
            },
          });
          for await (const part of parts) {
            if (part.type === 'file') {
              if (part.fieldname !== 'files') {
                part.file.resume();
                throw new AppError(
                  422,
                  'invalid_field',
                  `Put files in parts named "files" (got "${part.fieldname}").`,
                );
              }
              const staged = await stagePart(ctx, part, docket.maxFileBytes);
              const filename = cleanFilename(part.filename);
              uploads.push({ filename, staged });
              received.push({ filename, sizeBytes: staged.sizeBytes, format: await detectFormat(staged) });
            } else if (KNOWN_FIELDS.has(part.fieldname) && typeof part.value === 'string') {
              fields[part.fieldname as keyof IntakeFields] = part.value;
            }
          }
          const accepted = checkIntake(fields, received);
          if (accepted.comment) {
            const staged = await ctx.store.stage(
              Readable.from(Buffer.from(accepted.comment, 'utf8')),
              docket.maxFileBytes,
            );
            uploads.push({ filename: TYPED_COMMENT_FILENAME, staged });
          }
          const receipt = await storeSubmission(ctx.db, ctx.store, docket, accepted, uploads, receivedAt);
          // After commit: hand the job to Redis now if it is there; the outbox sweeper covers it if not.
          await offerNow(ctx.db, ctx.queue, [receipt.outboxId]);
          request.log.info({ submissionId: receipt.id, files: receipt.files.length }, 'submission accepted');
          return reply.status(201).send({
            id: receipt.id,
            docket_id: receipt.docketId,
            status: 'received' as const,
            receipt_token: receipt.receiptToken,
            received_at: receipt.receivedAt.toISOString(),
            files: receipt.files.map((f) => ({
              id: f.id,
              filename: f.filename,
              confidentiality: f.confidentiality,
              sha256: f.sha256,
              size_bytes: f.sizeBytes,
              media_type: f.mediaType,
            })),
            findings: receipt.findings.map(toFindingBody),
          });
        } finally {
          // Staged temp files are moved on success and left over on any failure: either way, none remain.
          await Promise.all(uploads.map((u) => ctx.store.discard(u.staged)));
        }
      },
    );
  };
}

async function stagePart(ctx: AppContext, part: MultipartFile, maxBytes: number): Promise<StagedFile> {
  try {
    return await ctx.store.stage(part.file, maxBytes);
  } catch (error) {
    if (
      error instanceof SizeLimitExceeded ||
      (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
    ) {
      throw new AppError(
        413,
        'file_too_large',
        `"${cleanFilename(part.filename)}" is larger than this docket accepts (${Math.round(maxBytes / 1048576)} MiB per file). Reduce its size or split it, and upload again.`,
      );
    }
    throw error;
  }
}
