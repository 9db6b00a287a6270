import { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { receiptMatches, receiptToken } from '../auth/authenticate.ts';
import type { DocketRules } from '../docket/docket.ts';
import { findDocketRules } from '../docket/docket-repository.ts';
import { AppError, notFound } from '../errors.ts';
import { ErrorSchema, FindingSchema, isUuid, toFindingBody } from '../http/schemas.ts';
import { offerNow } from '../queue/outbox.ts';
import { SizeLimitExceeded, type StagedFile } from '../storage/content-store.ts';
import { detectFormat } from './content-type.ts';
import {
  checkAddedFiles,
  checkIntake,
  cleanFilename,
  type IntakeFields,
  type ReceivedFile,
} from './intake-rules.ts';
import {
  type AcceptedReceipt,
  type StagedUpload,
  storeAddedFiles,
  storeSubmission,
  TYPED_COMMENT_FILENAME,
} from './submission-intake.ts';

const SUBMISSION_FIELDS = [
  'submitter_name',
  'email',
  'comment',
  'organization',
  'submitter_type',
  'bc_justification',
  'acknowledge_public',
] as const;
const ADDED_FILE_FIELDS = ['bc_justification', 'acknowledge_public'] as const;

const ReceiptFileSchema = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  confidentiality: Type.String(),
  sha256: Type.String(),
  size_bytes: Type.Integer(),
  media_type: Type.String(),
});

const ReceiptSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  docket_id: Type.String(),
  status: Type.Literal('received'),
  receipt_token: Type.String({
    description: 'Keep it: it is the only way to read this submission’s status.',
  }),
  received_at: Type.String({ format: 'date-time' }),
  files: Type.Array(ReceiptFileSchema),
  findings: Type.Array(FindingSchema),
});

const AddedFilesSchema = Type.Object({
  submission_id: Type.String(),
  status: Type.Literal('received'),
  files: Type.Array(ReceiptFileSchema),
  findings: Type.Array(FindingSchema),
});

const toReceiptFileBody = (f: AcceptedReceipt['files'][number]) => ({
  id: f.id,
  filename: f.filename,
  confidentiality: f.confidentiality,
  sha256: f.sha256,
  size_bytes: f.sizeBytes,
  media_type: f.mediaType,
});

/** Uploads: a new submission, and files added to one later. The docket's rules are enforced here, at the door. */
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
        const receivedAt = new Date();
        const upload = await receiveUpload(ctx, request, docket, SUBMISSION_FIELDS);
        try {
          const accepted = checkIntake(upload.fields, upload.received);
          const uploads = upload.staged.map((u, i) => ({ ...u, file: accepted.files[i] ?? null }));
          if (accepted.comment) {
            const staged = await ctx.store.stage(
              Readable.from(Buffer.from(accepted.comment, 'utf8')),
              docket.maxFileBytes,
            );
            upload.staged.push({ filename: TYPED_COMMENT_FILENAME, staged });
            uploads.push({ filename: TYPED_COMMENT_FILENAME, staged, file: null });
          }
          const receipt = await storeSubmission(ctx.db, ctx.store, docket, accepted, uploads, receivedAt);
          // After commit: hand the job to Redis now if it is there; the outbox sweeper covers it if not.
          await offerNow(ctx.db, ctx.queue, [receipt.outbox]);
          request.log.info({ submissionId: receipt.id, files: receipt.files.length }, 'submission accepted');
          return reply.status(201).send({
            id: receipt.id,
            docket_id: receipt.docketId,
            status: 'received' as const,
            receipt_token: receipt.receiptToken,
            received_at: receipt.receivedAt.toISOString(),
            files: receipt.files.map(toReceiptFileBody),
            findings: receipt.findings.map(toFindingBody),
          });
        } finally {
          await upload.discard();
        }
      },
    );

    app.post(
      '/api/v1/submissions/:id/files',
      {
        schema: {
          summary:
            'Add files to your submission, such as a corrected public version (receipt token; multipart parts named "files")',
          consumes: ['multipart/form-data'],
          params: Type.Object({ id: Type.String() }),
          querystring: Type.Object({ receipt_token: Type.Optional(Type.String()) }),
          response: { 201: AddedFilesSchema, '4xx': ErrorSchema },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const token = receiptToken(request);
        if (!token) {
          throw new AppError(
            401,
            'unauthenticated',
            'Send the receipt token you were given at upload (X-Receipt-Token header or ?receipt_token=).',
          );
        }
        const submission = isUuid(id)
          ? await ctx.db
              .selectFrom('submissions')
              .select(['id', 'docket_id', 'receipt_token_hash', 'bc_justification'])
              .where('id', '=', id)
              .executeTakeFirst()
          : undefined;
        if (!submission) throw notFound('submission');
        if (!receiptMatches(token, submission.receipt_token_hash)) {
          request.authFailed = true;
          throw new AppError(
            401,
            'unauthenticated',
            'That receipt token does not open this submission. Use the token you were given when you uploaded it.',
          );
        }
        const docket = await findDocketRules(ctx.db, submission.docket_id);
        if (!docket) throw notFound('docket');
        const upload = await receiveUpload(ctx, request, docket, ADDED_FILE_FIELDS);
        try {
          const existing = await ctx.db
            .selectFrom('files')
            .select('confidentiality')
            .where('submission_id', '=', id)
            .execute();
          const added = checkAddedFiles(upload.fields, upload.received, {
            fileConfidentialities: existing.map((f) => f.confidentiality),
            hasBcJustification: submission.bc_justification !== null,
            maxFiles: docket.maxFiles,
          });
          const uploads = upload.staged.map((u, i) => ({ ...u, file: added.files[i] ?? null }));
          const receipt = await storeAddedFiles(ctx.db, ctx.store, id, added, uploads);
          await offerNow(ctx.db, ctx.queue, [receipt.outbox]);
          request.log.info({ submissionId: id, files: receipt.files.length }, 'files added to submission');
          return reply.status(201).send({
            submission_id: id,
            status: 'received' as const,
            files: receipt.files.map(toReceiptFileBody),
            findings: receipt.findings.map(toFindingBody),
          });
        } finally {
          await upload.discard();
        }
      },
    );
  };
}

interface ReceivedUpload {
  fields: IntakeFields;
  /** Staged bytes in the order the parts arrived, beside `received`, which describes the same files. */
  staged: Omit<StagedUpload, 'file'>[];
  received: ReceivedFile[];
  /** Staged temp files are moved on success and left over on any failure: either way, none remain. */
  discard(): Promise<void>;
}

/**
 * Reads a multipart body within the docket's limits, staging each file part to disk as it streams (so a
 * large file never sits in memory) and collecting the named fields; unknown fields are ignored.
 */
async function receiveUpload(
  ctx: AppContext,
  request: FastifyRequest,
  docket: DocketRules,
  knownFields: readonly (keyof IntakeFields)[],
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      'not_multipart',
      'Send the upload as multipart/form-data, with your files in parts named "files".',
    );
  }
  const upload: ReceivedUpload = {
    fields: {},
    staged: [],
    received: [],
    discard: () => Promise.all(upload.staged.map((u) => ctx.store.discard(u.staged))).then(() => undefined),
  };
  try {
    const parts = request.parts({
      limits: {
        // One byte over the docket's limit lets the stream tell "too large" from "exactly the limit".
        fileSize: docket.maxFileBytes + 1,
        files: docket.maxFiles,
        fields: knownFields.length + 8,
        parts: docket.maxFiles + knownFields.length + 8,
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
        upload.staged.push({ filename, staged });
        upload.received.push({ filename, sizeBytes: staged.sizeBytes, format: await detectFormat(staged) });
      } else if (
        (knownFields as readonly string[]).includes(part.fieldname) &&
        typeof part.value === 'string'
      ) {
        upload.fields[part.fieldname as keyof IntakeFields] = part.value;
      }
    }
    return upload;
  } catch (error) {
    await upload.discard();
    throw error;
  }
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
