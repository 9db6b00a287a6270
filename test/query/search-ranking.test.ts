import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken, hashSecret } from '../../src/auth/tokens.ts';
import { LISTENER_NAME } from '../../src/query/ranking/live-ranking-index.ts';
import { createTestEnv, DOCKET, resetData, type TestEnv } from '../support/test-env.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * Search ranked in memory must answer as if it were Postgres: every passage committed before the
 * search began, none an analyst may not read, the same matches Postgres ranking finds, and, when the
 * index cannot be trusted (its connection lost, a docket loading), Postgres ranks instead.
 */
let memory: TestEnv;
let postgres: TestEnv;
let analyst: string;
let officer: string;

beforeAll(async () => {
  memory = await createTestEnv();
  postgres = await createTestEnv({ SEARCH_RANKING: 'postgres' });
});
afterAll(async () => {
  await postgres?.close();
  await memory?.close();
});
beforeEach(emptyDocket);

/** No passages and fresh tokens (emptying the tables removes the tokens too). */
async function emptyDocket(): Promise<void> {
  await resetData(memory);
  analyst = await createApiToken(memory.db, 'analyst', 'search ranking test');
  officer = await createApiToken(memory.db, 'confidentiality_officer', 'search ranking test');
  await indexReady();
}

const indexReady = () =>
  waitFor(
    async () =>
      memory.app.searchIndex!.status().dockets.find((d) => d.id === DOCKET)?.ready ? true : undefined,
    {
      what: 'the search index to load',
    },
  );

/** One submission with one file holding these passages; returns the file id. */
async function fileWith(
  texts: string[],
  file: { confidentiality?: 'public' | 'business_confidential'; quarantined?: boolean } = {},
): Promise<string> {
  const submission = await memory.db
    .insertInto('submissions')
    .values({
      docket_id: DOCKET,
      submitter_name: 'Rivera Grid Co',
      email: 'ops@rivera.example',
      organization: 'Rivera',
      submitter_type: 'company',
      bc_justification: null,
      acknowledge_public: true,
      receipt_token_hash: hashSecret(crypto.randomUUID()),
      received_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id } = await memory.db
    .insertInto('files')
    .values({
      submission_id: submission.id,
      filename: file.confidentiality === 'business_confidential' ? 'BC_rivera.pdf' : 'P_rivera.pdf',
      confidentiality: file.confidentiality ?? 'public',
      quarantined: file.quarantined ?? false,
      media_type: 'application/pdf',
      format: 'pdf',
      sha256: 'a'.repeat(64),
      size_bytes: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await memory.db
    .insertInto('passages')
    .values(
      texts.map((text, ordinal) => ({
        docket_id: DOCKET,
        submission_id: submission.id,
        file_id: id,
        page: 1,
        ordinal,
        heading_path: [],
        text,
      })),
    )
    .execute();
  return id;
}

interface Hit {
  passage_id: number;
  file_id: string;
  snippet: string;
}

async function search(
  env: TestEnv,
  q: string,
  options: { token?: string; limit?: number; cursor?: string; confidential?: boolean } = {},
) {
  const params = new URLSearchParams({ q, limit: String(options.limit ?? 20) });
  if (options.cursor) params.set('cursor', options.cursor);
  if (options.confidential) params.set('include_confidential', 'true');
  const response = await env.app.inject({
    url: `/api/v1/dockets/${DOCKET}/search?${params}`,
    headers: { authorization: `Bearer ${options.token ?? analyst}` },
  });
  return {
    status: response.statusCode,
    body: response.json() as { items: Hit[]; next_cursor: string | null; error?: { code: string } },
  };
}

/** Every hit over every page, in order. */
async function everyHit(env: TestEnv, q: string, token = analyst): Promise<Hit[]> {
  const hits: Hit[] = [];
  let cursor: string | undefined;
  do {
    const page = await search(env, q, { token, limit: 3, ...(cursor ? { cursor } : {}) });
    expect(page.status).toBe(200);
    hits.push(...page.body.items);
    cursor = page.body.next_cursor ?? undefined;
  } while (cursor);
  return hits;
}

const rankedBy = (cursor: string | null) =>
  cursor === null
    ? null
    : (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[])[0] === 'bm25'
      ? 'memory'
      : 'postgres';

describe('search ranked in memory', () => {
  it('finds a passage committed just before the search, and ranks it in memory', async () => {
    await fileWith([
      'Grid interconnection queues delay data centers.',
      'Grid upgrades need federal financing.',
      'Talent.',
    ]);
    const page = await search(memory, 'grid', { limit: 1 });
    expect(page.body.items).toHaveLength(1);
    expect(rankedBy(page.body.next_cursor)).toBe('memory');
    expect(page.body.items[0]!.snippet).toContain('<mark>Grid</mark>');
  });

  it('finds the same passages as Postgres ranking, each once, over every page', async () => {
    const texts = [
      'Export controls on chips should be predictable.',
      'Export financing through EXIM supports the full stack.',
      'Controls on model weights are not needed.',
      'Nuclear power and solar energy supply the data centers.',
      'Coal is not in our plan; solar and nuclear are.',
      'Political risk insurance lowers the cost of capital.',
      'Sovereign cloud requirements shape deployment.',
      'Full-stack packages and a full stack of export controls.',
      'We export cloud services with security controls and export licences.',
    ];
    await fileWith(texts);
    await fileWith(texts.map((t) => `${t} Our consortium agrees.`));
    await fileWith(['Export controls on our confidential chip roadmap.'], {
      confidentiality: 'business_confidential',
    });
    for (const q of [
      'export controls',
      'export',
      'solar or nuclear -coal',
      'cloud or risk',
      'consortium -export',
      '"export controls"',
    ]) {
      const fromMemory = await everyHit(memory, q);
      const fromPostgres = await everyHit(postgres, q);
      const ids = (hits: Hit[]) => hits.map((h) => h.passage_id).sort((a, b) => a - b);
      expect(ids(fromMemory), q).toEqual(ids(fromPostgres));
      expect(new Set(ids(fromMemory)).size, q).toBe(fromMemory.length);
    }
  });

  it('hides a file from the very next analyst search once it is quarantined, and shows it once released', async () => {
    const fileId = await fileWith(['Kestrel offtake terms for the Gulf project.']);
    expect((await search(memory, 'kestrel')).body.items).toHaveLength(1);
    await memory.db.updateTable('files').set({ quarantined: true }).where('id', '=', fileId).execute();
    expect((await search(memory, 'kestrel')).body.items).toHaveLength(0);
    expect((await search(memory, 'kestrel', { token: officer, confidential: true })).body.items).toHaveLength(
      1,
    );
    await memory.db.updateTable('files').set({ quarantined: false }).where('id', '=', fileId).execute();
    expect((await search(memory, 'kestrel')).body.items).toHaveLength(1);
  });

  it('forgets passages when a file is reprocessed or the tables are emptied', async () => {
    const fileId = await fileWith(['Zeppelin logistics for remote data centers.']);
    expect((await search(memory, 'zeppelin')).body.items).toHaveLength(1);
    await memory.db.deleteFrom('passages').where('file_id', '=', fileId).execute();
    expect((await search(memory, 'zeppelin')).body.items).toHaveLength(0);
    await fileWith(['Zeppelin logistics again.']);
    await emptyDocket();
    expect((await search(memory, 'zeppelin')).body.items).toHaveLength(0);
  });

  it('ranks phrases in memory, checks each in Postgres, and leaves a negated phrase to Postgres', async () => {
    const texts = ['Export controls matter.', 'Controls on export matter.', 'Export controls again.'];
    await fileWith([...texts, 'Full-stack packages.', 'A full stack of papers.', 'Full-stack AI exports.']);
    const page = await search(memory, '"export controls"', { limit: 1 });
    expect(rankedBy(page.body.next_cursor)).toBe('memory');
    expect(await everyHit(memory, '"export controls"')).toHaveLength(2);
    expect(await everyHit(memory, 'full-stack')).toHaveLength(2);
    const negated = await search(memory, 'controls -"export controls"', { limit: 1 });
    expect(negated.body.items).toHaveLength(1);
    expect(rankedBy(negated.body.next_cursor)).toBe(null);
    expect(rankedBy((await search(memory, 'matter -"export controls"', { limit: 1 })).body.next_cursor)).toBe(
      null,
    );
  });

  it('ranks in Postgres while its connection is down, refuses to resume a memory cursor, and recovers', async () => {
    await fileWith(['Spectrum policy for 6G.', 'Spectrum auctions fund rural build-out.']);
    const first = await search(memory, 'spectrum', { limit: 1 });
    expect(rankedBy(first.body.next_cursor)).toBe('memory');

    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${LISTENER_NAME}`.execute(
      memory.db,
    );
    await waitFor(async () => (memory.app.searchIndex!.status().listening ? undefined : true), {
      what: 'the loss to be noticed',
    });
    const meanwhile = await search(memory, 'spectrum', { limit: 1 });
    expect(rankedBy(meanwhile.body.next_cursor)).toBe('postgres');
    const resumed = await search(memory, 'spectrum', { limit: 1, cursor: first.body.next_cursor! });
    expect(resumed.status).toBe(503);
    expect(resumed.body.error?.code).toBe('search_index_loading');

    // Written while nobody listened: the reload after reconnecting reads it.
    await fileWith(['Spectrum sharing with allies.']);
    await waitFor(async () => (memory.app.searchIndex!.status().listening ? true : undefined), {
      what: 'reconnection',
    });
    await indexReady();
    const after = await everyHit(memory, 'spectrum');
    expect(after).toHaveLength(3);
    expect(rankedBy((await search(memory, 'spectrum', { limit: 1 })).body.next_cursor)).toBe('memory');
  });
});
