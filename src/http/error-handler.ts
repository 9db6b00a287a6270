import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** Multipart limits surface as library errors; each becomes the contract's code and a next step. */
const LIBRARY_ERRORS: Record<string, (err: FastifyError) => AppError> = {
  FST_REQ_FILE_TOO_LARGE: () =>
    new AppError(
      413,
      'file_too_large',
      'A file is larger than this docket accepts. Reduce its size (for example, save images at a lower resolution) or split it, and upload again.',
    ),
  FST_FILES_LIMIT: () =>
    new AppError(
      422,
      'too_many_files',
      'Too many files for one submission on this docket. Combine documents into fewer files and upload again.',
    ),
  FST_PARTS_LIMIT: () =>
    new AppError(
      422,
      'too_many_parts',
      'The upload has too many form parts. Send only the documented fields and your files.',
    ),
  FST_FIELDS_LIMIT: () =>
    new AppError(
      422,
      'too_many_parts',
      'The upload has too many form fields. Send only the documented fields and your files.',
    ),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () =>
    new AppError(
      415,
      'not_multipart',
      'Send the submission as multipart/form-data, with your files in parts named "files".',
    ),
  FST_PROTO_VIOLATION: () =>
    new AppError(400, 'invalid_request', 'The multipart body could not be read. Send it again.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new AppError(415, 'unsupported_media_type', 'This endpoint does not accept that content type.'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError(413, 'body_too_large', 'The request body is too large.'),
};

/** The one place errors become `{ error: { code, message } }`; 5xx details stay in the log. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError, request, reply) => {
    let error: AppError | null = raw instanceof AppError ? raw : null;
    if (!error && raw.code && LIBRARY_ERRORS[raw.code]) error = LIBRARY_ERRORS[raw.code]!(raw);
    if (!error && raw.validation) {
      error = new AppError(
        400,
        'invalid_request',
        `The request is not valid: ${raw.message}. Check the parameters and try again.`,
      );
    }
    if (!error && raw.statusCode === 429) {
      error = new AppError(
        429,
        'rate_limited',
        'Too many failed sign-in attempts from this address. Wait a minute and try again with a valid token.',
      );
    }
    if (!error && raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) {
      error = new AppError(raw.statusCode, 'invalid_request', raw.message);
    }
    if (!error) {
      request.log.error({ err: raw }, 'request failed');
      error = new AppError(
        500,
        'internal_error',
        'Something went wrong on our side. Your data is safe; try again in a minute.',
      );
    }
    reply.status(error.status).send({ error: { code: error.code, message: error.message } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `There is no ${request.method} ${request.url.split('?')[0]}. See /api/v1/openapi.json for the API.`,
      },
    });
  });
}
