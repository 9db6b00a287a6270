import { readFile } from 'node:fs/promises';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * A docket is data: `dockets/<id>.json` holds the notice's questions, caption, deadline and limits;
 * `dockets/<id>.vocabulary.json` the curated words per question. A second docket is a second pair of files
 * imported with `npm run cli -- docket import FILE`, no code change.
 */
const DocketFileSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  title: Type.String(),
  agency: Type.String(),
  caption: Type.String(),
  comment_deadline: Type.String({ description: 'ISO 8601 instant, with offset' }),
  limits: Type.Object({
    max_files: Type.Integer({ minimum: 1 }),
    max_file_bytes: Type.Integer({ minimum: 1 }),
    min_font_pt: Type.Number({ minimum: 1 }),
  }),
  sections: Type.Array(
    Type.Object({
      letter: Type.String(),
      title: Type.String(),
      introduction: Type.Optional(Type.String()),
      questions: Type.Array(
        Type.Object({
          number: Type.Integer({ minimum: 1 }),
          text: Type.String(),
          parts: Type.Array(Type.Object({ label: Type.String(), text: Type.String() })),
        }),
      ),
    }),
  ),
});

const VocabularySchema = Type.Record(Type.String(), Type.Array(Type.String()));

export type DocketFile = Static<typeof DocketFileSchema> & { vocabulary: Record<string, string[]> };

export async function readDocketFile(path: string): Promise<DocketFile> {
  const docket = parseOrExplain(DocketFileSchema, JSON.parse(await readFile(path, 'utf8')), path);
  if (Number.isNaN(Date.parse(docket.comment_deadline))) {
    throw new Error(`${path}: comment_deadline "${docket.comment_deadline}" is not an ISO 8601 date`);
  }
  const vocabularyPath = path.replace(/\.json$/, '.vocabulary.json');
  let vocabulary: Record<string, string[]> = {};
  try {
    vocabulary = parseOrExplain(
      VocabularySchema,
      JSON.parse(await readFile(vocabularyPath, 'utf8')),
      vocabularyPath,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { ...docket, vocabulary };
}

function parseOrExplain<T extends Parameters<typeof Value.Check>[0]>(
  schema: T,
  value: unknown,
  path: string,
) {
  if (Value.Check(schema, value)) return value as Static<T>;
  const first = [...Value.Errors(schema, value)][0];
  throw new Error(`${path}: ${first?.path || '/'} ${first?.message ?? 'is not a valid docket file'}`);
}
