import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { ErrorSchema } from '../http/schemas.ts';
import type { DocketRules } from './docket.ts';
import { findDocketRules, listQuestions } from './docket-repository.ts';

const DocketSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  agency: Type.String(),
  caption: Type.String(),
  deadline: Type.String({ format: 'date-time' }),
  accepting_on_time: Type.Boolean(),
  max_files: Type.Integer(),
  max_file_bytes: Type.Integer(),
  min_font_pt: Type.Number(),
  question_count: Type.Integer(),
  rules: Type.Array(Type.String(), { description: 'The submission rules in plain words, for a submit page' }),
});

/**
 * The RFI's submission rules as a commenter needs to hear them before uploading, filled in from the
 * docket's own settings (caption, deadline, limits), so another docket reads its own.
 */
export function rulesInPlainWords(docket: DocketRules): string[] {
  const mib = Math.round(docket.maxFileBytes / 1048576);
  return [
    `Upload PDF, Word (DOCX) or plain-text files: up to ${docket.maxFiles} files, ${mib} MiB each. You may type a short comment instead.`,
    'A file whose name begins with "BC" is business confidential and will not be published. A file whose name begins with "P" is its public version. Any other name is assumed public and will be published.',
    'If you upload a BC file you must also upload its public version (P…) and give a statement justifying why the information should not be disclosed, citing the legal authority (for example 5 U.S.C. 552(b)(4)).',
    'Mark every page that holds business confidential information "BUSINESS CONFIDENTIAL" at its top, and mark the public version "PUBLIC".',
    `Caption your response "${docket.caption}", use a font of ${docket.minFontPt} pt or larger, and number the pages.`,
    'Remove confidential text from the public version; do not just cover it with black boxes, which can leave the text readable.',
    'Submit one response per person or institution.',
    `Comments are due by ${docket.commentDeadline.toISOString()}.`,
  ];
}

/** Public facts about a docket: what the submit page shows before anyone uploads. */
export function docketRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/dockets/:docket_id',
      {
        schema: {
          summary: 'A docket’s title, deadline, limits and submission rules (public)',
          params: Type.Object({ docket_id: Type.String() }),
          response: { 200: DocketSchema, '4xx': ErrorSchema },
        },
      },
      async (request) => {
        const docket = await findDocketRules(ctx.db, request.params.docket_id);
        if (!docket) {
          throw new AppError(
            404,
            'not_found',
            `There is no docket "${request.params.docket_id}". Check the docket id.`,
          );
        }
        const questions = await listQuestions(ctx.db, docket.id);
        return {
          id: docket.id,
          title: docket.title,
          agency: docket.agency,
          caption: docket.caption,
          deadline: docket.commentDeadline.toISOString(),
          accepting_on_time: Date.now() <= docket.commentDeadline.getTime(),
          max_files: docket.maxFiles,
          max_file_bytes: docket.maxFileBytes,
          min_font_pt: docket.minFontPt,
          question_count: questions.length,
          rules: rulesInPlainWords(docket),
        };
      },
    );
  };
}
