import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, hashSecret } from '../../src/auth/tokens.ts';
import type { Evidence } from '../../src/db/database.ts';
import { createTestEnv, DOCKET, resetData, type TestEnv } from '../support/test-env.ts';

/**
 * The analyst's query side on a docket written straight into the tables (the pipeline is tested
 * elsewhere): paging that neither skips nor repeats, each filter doing what its name says, CSV that a
 * spreadsheet reads, and snippets that cannot carry markup from a commenter's file.
 */
let env: TestEnv;
let analyst: string;

interface Seed {
  submitter: string;
  organization: string | null;
  type: string;
  passages: { text: string; question: number; confidence: number; evidence: Evidence }[];
}

async function seed(s: Seed): Promise<string> {
  const submission = await env.db
    .insertInto('submissions')
    .values({
      docket_id: DOCKET,
      submitter_name: s.submitter,
      email: `${s.submitter.split(' ')[0]!.toLowerCase()}@example.com`,
      organization: s.organization,
      submitter_type: s.type,
      bc_justification: null,
      acknowledge_public: false,
      receipt_token_hash: hashSecret(s.submitter),
      received_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = await env.db
    .insertInto('files')
    .values({
      submission_id: submission.id,
      filename: `P_${s.submitter.replace(/\W/g, '')}.pdf`,
      confidentiality: 'public',
      media_type: 'application/pdf',
      format: 'pdf',
      sha256: 'f'.repeat(64),
      size_bytes: 1,
      page_count: 3,
      error: null,
      released_at: null,
      released_by: null,
      release_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, p] of s.passages.entries()) {
    const row = await env.db
      .insertInto('passages')
      .values({
        docket_id: DOCKET,
        submission_id: submission.id,
        file_id: file.id,
        page: 1 + (i % 3),
        ordinal: i,
        heading_path: [],
        text: p.text,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await env.db
      .insertInto('passage_tags')
      .values({
        passage_id: row.id,
        question_number: p.question,
        confidence: p.confidence,
        evidence: p.evidence,
      })
      .execute();
  }
  return submission.id;
}

/** Splits CSV into records, keeping line breaks inside quoted fields. */
const csvRecords = (csv: string) => csv.trim().split(/\r?\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);

const get = (url: string, accept = 'application/json') =>
  env.app.inject({ url, headers: { authorization: `Bearer ${analyst}`, accept } });
const answers = (query = '', accept?: string) =>
  get(`/api/v1/dockets/${DOCKET}/questions/17/answers${query}`, accept);

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
  analyst = await createApiToken(env.db, 'analyst', 'answers test');
  // 45 answers to Question 17; several share a confidence, so paging must break ties by id.
  const evidences: Evidence[] = ['explicit', 'heading', 'semantic'];
  await seed({
    submitter: 'Avery Chen',
    organization: 'Acme AI',
    type: 'company',
    passages: Array.from({ length: 30 }, (_, i) => ({
      text: `Answer ${i} on EXIM direct loans and concessional financing for data centers.`,
      question: 17,
      confidence: [0.9, 0.9, 0.7, 0.5, 0.5][i % 5]!,
      evidence: evidences[i % 3]!,
    })),
  });
  await seed({
    submitter: 'Morgan Lee',
    organization: 'Compute Exporters Association',
    type: 'trade_association',
    passages: [
      ...Array.from({ length: 15 }, (_, i) => ({
        text: `Member view ${i}: DFC political risk insurance would help consortia enter new markets.`,
        question: 17,
        confidence: 0.8,
        evidence: 'semantic' as const,
      })),
      {
        text: 'Export controls on model weights should be predictable.',
        question: 4,
        confidence: 1,
        evidence: 'explicit',
      },
    ],
  });
  await seed({
    submitter: 'Sam Ortiz',
    organization: null,
    type: 'individual',
    passages: [
      {
        text: 'Financing <script>alert("x")</script> & "quotes", commas, and\na line break should survive export.',
        question: 17,
        confidence: 0.6,
        evidence: 'explicit',
      },
    ],
  });
});
afterAll(async () => {
  await env.close();
});

describe('answers to a question', () => {
  it('pages by cursor through every answer once, most confident first, ties in a stable order', async () => {
    const seen: { passage_id: number; confidence: number }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await answers(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(7);
      seen.push(...body.items);
      cursor = body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(7); // 46 answers at 7 a page
    expect(seen).toHaveLength(46);
    expect(new Set(seen.map((a) => a.passage_id)).size).toBe(46);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(
        a.confidence > b.confidence || (a.confidence === b.confidence && a.passage_id < b.passage_id),
      ).toBe(true);
    }
  });

  it('limits a page to 100 and refuses a made-up cursor with a message saying what to do', async () => {
    expect((await answers('?limit=101')).statusCode).toBe(400);
    const bad = await answers('?cursor=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_cursor' });
    expect(bad.json().error.message).toMatch(/Start again without a cursor/);
  });

  it('q filters by full text, with web-search syntax', async () => {
    const insurance = (await answers('?q=political%20insurance&limit=100')).json().items;
    expect(insurance).toHaveLength(15);
    const notLoans = (await answers('?q=financing%20-loans&limit=100')).json().items;
    expect(notLoans.map((a: { text: string }) => a.text)).toEqual([
      expect.stringContaining('Financing <script>'),
    ]);
  });

  it('filters by submitter type, organization (part of the name, any case) and evidence', async () => {
    const associations = (await answers('?submitter_type=trade_association&limit=100')).json().items;
    expect(associations).toHaveLength(15);
    expect(new Set(associations.map((a: { organization: string }) => a.organization))).toEqual(
      new Set(['Compute Exporters Association']),
    );
    expect((await answers('?organization=acme&limit=100')).json().items).toHaveLength(30);
    const explicit = (await answers('?evidence=explicit&limit=100')).json().items;
    expect(explicit).toHaveLength(11);
    expect(explicit.every((a: { evidence: string }) => a.evidence === 'explicit')).toBe(true);
    expect((await answers('?evidence=rumour')).statusCode).toBe(400);
  });

  it('pages the same answers as one long page under every combination of filters', async () => {
    const filters = ['q=financing', 'organization=acme', 'evidence=semantic', 'submitter_type=company'];
    for (let mask = 1; mask < 1 << filters.length; mask++) {
      const query = filters.filter((_, i) => mask & (1 << i)).join('&');
      const whole = (await answers(`?${query}&limit=100`)).json().items as { passage_id: number }[];
      const paged: { passage_id: number }[] = [];
      let cursor: string | null = null;
      do {
        const response = await answers(`?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const body: { items: { passage_id: number }[]; next_cursor: string | null } = response.json();
        paged.push(...body.items);
        cursor = body.next_cursor;
      } while (cursor);
      expect(
        paged.map((a) => a.passage_id),
        query,
      ).toEqual(whole.map((a) => a.passage_id));
    }
  });

  it('exports as CSV by Accept header or format=csv, every answer, quoted as spreadsheets expect', async () => {
    for (const response of [await answers('?format=csv'), await answers('', 'text/csv')]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/attachment; filename=".*17.*\.csv"/);
      const lines = csvRecords(response.body);
      expect(lines[0]).toMatch(/submitter.*organization.*file.*page.*text/i);
      expect(lines).toHaveLength(47);
    }
    const csv = (await answers('?format=csv')).body;
    expect(csv).toContain(
      '"Financing <script>alert(""x"")</script> & ""quotes"", commas, and\na line break should survive export."',
    );
  });
});

describe('search and the question list', () => {
  it('ranks passages, escapes markup from the files, and marks only the matched words', async () => {
    const response = await get(`/api/v1/dockets/${DOCKET}/search?q=financing%20quotes`);
    expect(response.statusCode).toBe(200);
    const top = response.json().items[0];
    expect(top.questions).toEqual([17]);
    expect(top.snippet).not.toContain('<script>');
    expect(top.snippet).toContain('&lt;script&gt;');
    expect(top.snippet).toMatch(/^<mark>Financing<\/mark> &lt;script&gt;.*<mark>quotes<\/mark>/);
    const ranks = response.json().items.map((i: { rank: number }) => i.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
  });

  it('pages through every match once, best first, ties (the 30 near-identical answers) in a stable order', async () => {
    const seen: { passage_id: number; rank: number }[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        `/api/v1/dockets/${DOCKET}/search?q=financing&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      seen.push(...response.json().items);
      cursor = response.json().next_cursor;
    } while (cursor);
    // Avery Chen's 30 answers and Sam Ortiz's one say "financing"; Morgan Lee's 15 do not.
    expect(seen).toHaveLength(31);
    expect(new Set(seen.map((s) => s.passage_id)).size).toBe(31);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.rank > b.rank || (a.rank === b.rank && a.passage_id < b.passage_id)).toBe(true);
    }
  });

  it('counts answers and answering submissions per question', async () => {
    const items = (await get(`/api/v1/dockets/${DOCKET}/questions`)).json().items;
    expect(items.find((q: { number: number }) => q.number === 17)).toMatchObject({
      answer_count: 46,
      submission_count: 3,
    });
    expect(items.find((q: { number: number }) => q.number === 4)).toMatchObject({
      answer_count: 1,
      submission_count: 1,
    });
  });

  it('coverage says which questions each submission answers', async () => {
    const items = (await get(`/api/v1/dockets/${DOCKET}/coverage?limit=100`)).json().items;
    const byName = Object.fromEntries(
      items.map((i: { submitter_name: string; questions: number[] }) => [i.submitter_name, i.questions]),
    );
    expect(byName).toEqual({ 'Avery Chen': [17], 'Morgan Lee': [4, 17], 'Sam Ortiz': [17] });
  });
});

describe('a docket or question that does not exist', () => {
  const notFound = async (url: string, message: RegExp) => {
    const response = await get(url);
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'not_found' });
    expect(response.json().error.message).toMatch(message);
  };

  it('is a 404 naming what is missing, on every docket read, though existence is only asked on an empty result', async () => {
    await notFound('/api/v1/dockets/NO-SUCH-DOCKET/questions', /no docket "NO-SUCH-DOCKET"/);
    await notFound('/api/v1/dockets/NO-SUCH-DOCKET/questions/17/answers', /no docket/);
    await notFound('/api/v1/dockets/NO-SUCH-DOCKET/search?q=financing', /no docket/);
    await notFound('/api/v1/dockets/NO-SUCH-DOCKET/coverage', /no docket/);
    await notFound(`/api/v1/dockets/${DOCKET}/questions/99/answers`, /has no question 99/);
    await notFound(`/api/v1/dockets/${DOCKET}/questions/99/answers?format=csv`, /has no question 99/);
  });

  it('is not confused with a question or a search that simply has no answers', async () => {
    const unanswered = await get(`/api/v1/dockets/${DOCKET}/questions/5/answers`);
    expect(unanswered.statusCode).toBe(200);
    expect(unanswered.json()).toEqual({ items: [], next_cursor: null });
    const nothing = await get(`/api/v1/dockets/${DOCKET}/search?q=zeppelin`);
    expect(nothing.statusCode).toBe(200);
    expect(nothing.json().items).toEqual([]);
  });
});
