import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildExtractedDocument,
  type FixtureCase,
  resolveFixtureFile,
} from '../../fixtures/tagging/build-extracted-document.ts';
import { hashSecret } from '../../src/auth/tokens.ts';
import { readDocketFile } from '../../src/docket/docket-file.ts';
import { importDocket, listQuestions } from '../../src/docket/docket-repository.ts';
import type { Passage } from '../../src/tagging/passage.ts';
import { type RetagProgress, retagPassages } from '../../src/tagging/retag-passages.ts';
import { segmentPassages } from '../../src/tagging/segment-passages.ts';
import { createTagger } from '../../src/tagging/tag-passages.ts';
import { createTestEnv, DOCKET, resetData, type TestEnv } from '../support/test-env.ts';

/**
 * `retag` against the real database: files whose stored tags are stale (wrong questions, missing,
 * off confidences) end up with exactly what the current tagger gives for their stored passages,
 * batch boundaries and a second docket change nothing about that, and a second run writes nothing.
 */
const OTHER_DOCKET = 'TEST-RETAG-SECOND';
let env: TestEnv;
/** Passages as segmentation produced them, per stored file id. */
const filePassages = new Map<string, Passage[]>();

async function storeFile(docketId: string, name: string, passages: Passage[], pagesAreReal: boolean) {
  const submission = await env.db
    .insertInto('submissions')
    .values({
      docket_id: docketId,
      submitter_name: `Retag ${name}`,
      email: 'retag@example.com',
      organization: null,
      submitter_type: null,
      bc_justification: null,
      acknowledge_public: false,
      receipt_token_hash: hashSecret(`${docketId}/${name}`),
      received_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = await env.db
    .insertInto('files')
    .values({
      submission_id: submission.id,
      filename: name,
      confidentiality: 'public',
      media_type: 'application/pdf',
      format: 'pdf',
      sha256: 'e'.repeat(64),
      size_bytes: 1,
      page_count: 1,
      error: null,
      released_at: null,
      released_by: null,
      release_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Stored out of reading order on purpose: retag must order by ordinal, not by id.
  for (const p of [...passages].reverse()) {
    const row = await env.db
      .insertInto('passages')
      .values({
        docket_id: docketId,
        submission_id: submission.id,
        file_id: file.id,
        page: pagesAreReal ? p.page : null,
        ordinal: p.order,
        heading_path: p.headingPath,
        text: p.text,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Stale in three ways: a wrong question, no tag at all, the right question at a wrong confidence.
    const stale =
      p.order % 3 === 0
        ? [{ question_number: 28, confidence: 0.2, evidence: 'semantic' as const }]
        : p.order % 3 === 1
          ? []
          : [{ question_number: 17, confidence: 0.123, evidence: 'heading' as const }];
    if (stale.length > 0)
      await env.db
        .insertInto('passage_tags')
        .values(stale.map((t) => ({ passage_id: row.id, ...t })))
        .execute();
  }
  filePassages.set(file.id, passages);
  return file.id;
}

/** Stored tags of every passage, by file and ordinal, sorted: comparable across runs. */
async function storedTags(docketId?: string) {
  let q = env.db
    .selectFrom('passages')
    .leftJoin('passage_tags', 'passage_tags.passage_id', 'passages.id')
    .select([
      'passages.file_id',
      'passages.ordinal',
      'passage_tags.question_number',
      'passage_tags.confidence',
      'passage_tags.evidence',
    ])
    .orderBy('passages.file_id')
    .orderBy('passages.ordinal')
    .orderBy('passage_tags.question_number');
  if (docketId) q = q.where('passages.docket_id', '=', docketId);
  return q.execute();
}

/** What the tagger gives for a file's passages, in the shape of `storedTags`. */
async function expectedTags(docketId: string, fileIds: string[]) {
  const tagger = createTagger(await listQuestions(env.db, docketId));
  const rows: Awaited<ReturnType<typeof storedTags>> = [];
  for (const fileId of [...fileIds].sort()) {
    for (const t of tagger.tag(filePassages.get(fileId) ?? [])) {
      const tags = [...t.tags].sort((a, b) => a.question - b.question);
      if (tags.length === 0)
        rows.push({
          file_id: fileId,
          ordinal: t.order,
          question_number: null,
          confidence: null,
          evidence: null,
        });
      for (const tag of tags)
        rows.push({
          file_id: fileId,
          ordinal: t.order,
          question_number: tag.question,
          // Stored as a 4-byte real.
          confidence: Math.fround(tag.confidence),
          evidence: tag.evidence,
        });
    }
  }
  return rows;
}

const atRealPrecision = (rows: Awaited<ReturnType<typeof storedTags>>) =>
  rows.map((r) => ({ ...r, confidence: r.confidence === null ? null : Math.fround(r.confidence) }));

const mainFiles: string[] = [];
let otherFile = '';

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
  const docket = await readDocketFile('dockets/ita-ita-2025-0070.json');
  await importDocket(env.db, { ...docket, id: OTHER_DOCKET });
  const dir = 'fixtures/tagging/cases';
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  // Labelled answers, section headings, plain prose and a DOCX: every layer, and carried labels.
  for (const name of names.slice(0, 5)) {
    const c = JSON.parse(await readFile(join(dir, name), 'utf8')) as FixtureCase;
    const file = c.files.map((f) => resolveFixtureFile(c, f)).find((f) => f.pages && f.format !== 'raw');
    if (!file) continue;
    const document = buildExtractedDocument(file);
    mainFiles.push(
      await storeFile(DOCKET, `${c.id}-${file.name}`, segmentPassages(document), document.pagesAreReal),
    );
  }
  const c = JSON.parse(await readFile(join(dir, names[0] ?? ''), 'utf8')) as FixtureCase;
  const document = buildExtractedDocument(resolveFixtureFile(c, c.files[0] as FixtureCase['files'][number]));
  otherFile = await storeFile(OTHER_DOCKET, 'other.pdf', segmentPassages(document), true);
});

afterAll(async () => {
  await env.db.deleteFrom('submissions').where('docket_id', '=', OTHER_DOCKET).execute();
  await env.db.deleteFrom('dockets').where('id', '=', OTHER_DOCKET).execute();
  await env.close();
});

describe('retag', () => {
  it('the stored tags start out stale', async () => {
    expect(mainFiles.length).toBe(5);
    expect(atRealPrecision(await storedTags(DOCKET))).not.toEqual(await expectedTags(DOCKET, mainFiles));
  });

  it('re-tags one docket in batches of files to exactly what the tagger gives, leaving other dockets alone', async () => {
    const otherBefore = await storedTags(OTHER_DOCKET);
    const progress: RetagProgress[] = [];
    const summary = await retagPassages(env.db, {
      docketId: DOCKET,
      batchFiles: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(atRealPrecision(await storedTags(DOCKET))).toEqual(await expectedTags(DOCKET, mainFiles));
    expect(await storedTags(OTHER_DOCKET)).toEqual(otherBefore);

    const passages = mainFiles.reduce((n, id) => n + (filePassages.get(id)?.length ?? 0), 0);
    expect(progress.map((p) => p.files)).toEqual([2, 4, 5]);
    expect(progress.at(-1)).toMatchObject({ files: 5, filesTotal: 5, passages, passagesTotal: passages });
    expect(summary).toMatchObject({ files: 5, passages });
    expect(summary.changed).toBeGreaterThan(0);
    expect(summary.changed).toBeLessThanOrEqual(passages);
  });

  it('a second run over every docket fixes the other docket, and a third changes nothing', async () => {
    const all = await retagPassages(env.db, { batchFiles: 500 });
    expect(all.dockets.map((d) => d.docketId).sort()).toEqual([DOCKET, OTHER_DOCKET].sort());
    expect(all.dockets.find((d) => d.docketId === DOCKET)?.changed).toBe(0);
    expect(atRealPrecision(await storedTags(OTHER_DOCKET))).toEqual(
      await expectedTags(OTHER_DOCKET, [otherFile]),
    );

    const before = await storedTags();
    const again = await retagPassages(env.db);
    expect(again.changed).toBe(0);
    expect(again.passages).toBe(all.passages);
    expect(await storedTags()).toEqual(before);
  });

  it('runs from the command line: progress on stderr, the summary as the last line of stdout', async () => {
    await env.db.deleteFrom('passage_tags').execute();
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'src/cli/main.ts', 'retag', '--docket', DOCKET, '--batch', '3'],
      { env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL } },
    );
    expect(stderr).toMatch(/retag ITA-ITA-2025-0070: 3\/5 files, [\d,]+\/[\d,]+ passages/);
    expect(stderr).toMatch(/retag ITA-ITA-2025-0070: 5\/5 files/);
    expect(stdout.trim().split('\n').at(-1)).toMatch(
      /^Re-tagged [\d,]+ passages in 5 files of 1 docket\(s\): [\d,]+ changed, [\d,]+ tags now; [\d.]+ s \([\d,]+ passages\/s\)\.$/,
    );
    expect(atRealPrecision(await storedTags(DOCKET))).toEqual(await expectedTags(DOCKET, mainFiles));
  });

  it('refuses an unknown docket and a bad batch size', async () => {
    const run = (args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'retag', ...args], {
        env: { ...process.env, DATABASE_URL: env.config.DATABASE_URL },
      });
    await expect(run(['--docket', 'NO-SUCH-DOCKET'])).rejects.toMatchObject({
      stderr: expect.stringContaining('no docket "NO-SUCH-DOCKET"'),
    });
    await expect(run(['--batch', '0'])).rejects.toMatchObject({
      stderr: expect.stringContaining('--batch'),
    });
  });
});
