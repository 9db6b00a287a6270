/**
 * `npm run bench:query`: the analyst's read side at docket scale.
 *
 * Loads 10,000 generated submissions (about 300,000 passages, tagged across the 28 questions, with BC
 * files and a few quarantined ones) straight into a database of its own (rfi_bench_query), skipping
 * the load when that database already holds this generator's data. Then runs the real app in this
 * process on a free port and measures, over keep-alive HTTP as an analyst, the answers to a question
 * (first page, and a page 50 cursors deep), a two-word search and the questions with their counts.
 * Beside each, the same SQL the query module sends (captured from Kysely) runs straight through pg in
 * the same rounds, so the ratio shows what the API adds over its own query.
 *
 * Search is ranked in the API's memory (the default), so its bare side runs the same ranking call in
 * this process before the SQL; the same search ranked in Postgres is measured beside it for reference.
 *
 * Targets (2-core machine): p95 under 50 ms for answers and search; the API within 2x of bare SQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createApiToken, hashSecret } from '../src/auth/tokens.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type Db, poolConfig } from '../src/db/connection.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { readDocketFile } from '../src/docket/docket-file.ts';
import { answersPage, questionsWithCounts } from '../src/query/answers.ts';
import { searchPage } from '../src/query/search.ts';
import type { Viewer } from '../src/query/viewer.ts';
import { createProducerQueue } from '../src/queue/queues.ts';
import { ContentStore } from '../src/storage/content-store.ts';
import {
  commentParagraph,
  ensureDatabase,
  freePort,
  pick,
  quantile,
  random,
  seededUuid,
  stringOption,
} from './support.ts';

const GENERATOR_VERSION = 2;
const SUBMISSIONS = 10_000;
const DB_NAME = 'rfi_bench_query';
const DOCKET_ID = 'ITA-ITA-2025-0070';
const onlyGroup = stringOption('only');
const MARK = `docket bench:query generator v${GENERATOR_VERSION}, ${SUBMISSIONS} submissions`;

const docket = await readDocketFile('dockets/ita-ita-2025-0070.json');
const questions = docket.sections.flatMap((section) =>
  section.questions.map((q) => ({
    number: q.number,
    heading: `Section ${section.letter}: ${section.title}`,
    vocabulary: docket.vocabulary[String(q.number)] ?? [],
  })),
);

// ---------------------------------------------------------------- generating and loading

/** Some questions draw far more answers than others (everyone introduces themselves; Q17 is about money). */
const QUESTION_WEIGHT: Record<number, number> = { 1: 3, 2: 2, 4: 2, 11: 2, 17: 3, 19: 2.5, 22: 1.5, 28: 1.5 };
const weighted = questions.flatMap((q) => {
  const weight = QUESTION_WEIGHT[q.number] ?? (q.number === 23 || q.number === 24 ? 0.5 : 1);
  return Array.from({ length: Math.round(weight * 2) }, () => q);
});
const SUBMITTER_TYPES = [
  'company',
  'company',
  'company',
  'trade_association',
  'academic',
  'civil_society',
  'individual',
  'other',
];
const FIRST = ['Avery', 'Jordan', 'Priya', 'Mateo', 'Lena', 'Kwame', 'Sofia', 'Hiro', 'Noor', 'Daniel'];
const LAST = ['Chen', 'Okafor', 'Patel', 'Garcia', 'Novak', 'Kim', 'Haddad', 'Schmidt', 'Silva', 'Brown'];
const ORG_HEAD = ['Acme', 'Meridian', 'Bluewater', 'Northstar', 'Cascade', 'Summit', 'Atlas', 'Keystone'];
const ORG_TAIL = [
  'AI',
  'Compute',
  'Cloud Systems',
  'Semiconductor',
  'Energy Partners',
  'Institute',
  'Alliance',
];

interface Batch {
  submissions: unknown[][];
  files: unknown[][];
  passages: unknown[][];
  tags: unknown[][];
}
const columns = (n: number) => Array.from({ length: n }, () => [] as unknown[]);

/**
 * Submissions [from, to) as column arrays. Passage ids are the submission's number times 100 plus the
 * passage's place in it, so tags can point at them and any batch can be generated on its own.
 */
function generateBatch(from: number, to: number): Batch {
  const batch: Batch = { submissions: columns(8), files: columns(8), passages: columns(7), tags: columns(4) };
  for (let n = from; n < to; n++) {
    const next = random(0x5eed + n);
    let passageId = n * 100 + 1;
    const submissionId = seededUuid(next);
    const name = `${pick(next, FIRST)} ${pick(next, LAST)}`;
    const type = pick(next, SUBMITTER_TYPES);
    const organization =
      type === 'individual' ? null : `${pick(next, ORG_HEAD)} ${pick(next, ORG_TAIL)} ${n % 997}`;
    const shape = next();
    // 15% a BC file with its public version, 15% named neither BC nor P, 5% typed comments, the rest P files.
    const files: { name: string; confidentiality: string; typed: boolean }[] =
      shape < 0.15
        ? [
            { name: `BC_comments_${n}.pdf`, confidentiality: 'business_confidential', typed: false },
            { name: `P_comments_${n}.pdf`, confidentiality: 'public', typed: false },
          ]
        : shape < 0.3
          ? [{ name: `Comments of ${name} ${n}.pdf`, confidentiality: 'assumed_public', typed: false }]
          : shape < 0.35
            ? [{ name: 'comment.txt', confidentiality: 'assumed_public', typed: true }]
            : [
                {
                  name: `P_response_${n}.${next() < 0.3 ? 'docx' : 'pdf'}`,
                  confidentiality: 'public',
                  typed: false,
                },
              ];
    const s = batch.submissions;
    s[0]!.push(submissionId);
    s[1]!.push(name);
    s[2]!.push(`${name.split(' ')[0]!.toLowerCase()}.${n}@example.com`);
    s[3]!.push(organization);
    s[4]!.push(type);
    s[5]!.push(
      files.length > 1
        ? 'Customer names and prices are trade secrets, exempt under 5 U.S.C. 552(b)(4).'
        : null,
    );
    s[6]!.push(hashSecret(`bench-receipt-${n}`));
    s[7]!.push(new Date(Date.UTC(2025, 9, 1) + n * 60_000).toISOString());

    // A submission answers a handful of questions; each answer runs over a few passages.
    const perFile = files[0]!.typed ? 2 + Math.floor(next() * 4) : 12 + Math.floor(next() * 38);
    const passagesEach = files.length > 1 ? Math.ceil(perFile / 2) : perFile;
    const plan = Array.from({ length: passagesEach }, () => pick(next, weighted));
    for (const file of files) {
      const fileId = seededUuid(next);
      // About one unreleased quarantined file in 200 public ones: a failed redaction caught.
      const quarantined = file.confidentiality !== 'business_confidential' && next() < 0.005;
      const f = batch.files;
      f[0]!.push(fileId);
      f[1]!.push(submissionId);
      f[2]!.push(file.name);
      f[3]!.push(file.confidentiality);
      f[4]!.push(file.typed ? 'txt' : file.name.endsWith('.docx') ? 'docx' : 'pdf');
      f[5]!.push(hashSecret(`${fileId}`));
      f[6]!.push(file.typed ? null : Math.max(1, Math.ceil(passagesEach / 3)));
      f[7]!.push(quarantined);
      plan.forEach((question, ordinal) => {
        const p = batch.passages;
        p[0]!.push(passageId);
        p[1]!.push(submissionId);
        p[2]!.push(fileId);
        p[3]!.push(file.typed ? null : 1 + Math.floor(ordinal / 3));
        p[4]!.push(ordinal);
        p[5]!.push(file.typed ? '' : `${question.heading}\u001fQuestion ${question.number}`);
        p[6]!.push(commentParagraph(next, question.vocabulary, 2 + Math.floor(next() * 4)));
        const t = batch.tags;
        const layer = next();
        const [evidence, confidence] =
          layer < 0.35
            ? ['explicit', pick(next, [0.97, 0.97, 0.9, 0.93])]
            : layer < 0.6
              ? ['heading', Math.round((0.6 + next() * 0.25) * 100) / 100]
              : ['semantic', Math.round((0.3 + next() * 0.5) * 100) / 100];
        t[0]!.push(passageId);
        t[1]!.push(question.number);
        t[2]!.push(confidence);
        t[3]!.push(evidence);
        if (next() < 0.2) {
          const second = pick(next, weighted).number;
          if (second !== question.number) {
            t[0]!.push(passageId);
            t[1]!.push(second);
            t[2]!.push(0.35);
            t[3]!.push('semantic');
          }
        }
        passageId++;
      });
    }
  }
  return batch;
}

async function insertBatch(client: pg.PoolClient, batch: Batch): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO submissions (id, docket_id, submitter_name, email, organization, submitter_type,
       bc_justification, acknowledge_public, receipt_token_hash, status, received_at)
     SELECT id, $1, name, email, org, type, justification, false, receipt, 'processed', received
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
         AS s(id, name, email, org, type, justification, receipt, received)`,
    [DOCKET_ID, ...batch.submissions],
  );
  await client.query(
    `INSERT INTO files (id, submission_id, filename, confidentiality, media_type, format, sha256, size_bytes,
       is_typed_comment, status, page_count, quarantined)
     SELECT id, submission_id, filename, confidentiality,
            CASE format WHEN 'pdf' THEN 'application/pdf' WHEN 'txt' THEN 'text/plain'
              ELSE 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' END,
            format, sha256, 40000, format = 'txt', 'processed', page_count, quarantined
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bool[])
         AS f(id, submission_id, filename, confidentiality, format, sha256, page_count, quarantined)`,
    batch.files,
  );
  await client.query(
    `INSERT INTO passages (id, docket_id, submission_id, file_id, page, ordinal, heading_path, text)
     SELECT id, $1, submission_id, file_id, page, ordinal, string_to_array(heading, E'\\x1f'), text
       FROM unnest($2::bigint[], $3::uuid[], $4::uuid[], $5::int[], $6::int[], $7::text[], $8::text[])
         AS p(id, submission_id, file_id, page, ordinal, heading, text)`,
    [DOCKET_ID, ...batch.passages],
  );
  await client.query(
    `INSERT INTO passage_tags (passage_id, question_number, confidence, evidence)
     SELECT * FROM unnest($1::bigint[], $2::int[], $3::real[], $4::text[])`,
    batch.tags,
  );
  await client.query('COMMIT');
}

async function loadedMark(pool: pg.Pool): Promise<string | null> {
  const result = await pool.query(
    `SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1`,
    [DB_NAME],
  );
  return result.rows[0]?.mark ?? null;
}

async function load(pool: pg.Pool): Promise<void> {
  const started = performance.now();
  await pool.query(`COMMENT ON DATABASE ${DB_NAME} IS NULL`);
  await pool.query(
    'TRUNCATE submissions, files, findings, file_extractions, pages, passages, passage_tags, outbox CASCADE',
  );
  // Generation is this process's work and inserting (to_tsvector, GIN) Postgres's: two connections
  // keep both cores busy.
  const BATCH = 250;
  let taken = 0;
  let done = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (taken < SUBMISSIONS) {
        const from = taken;
        const to = Math.min(SUBMISSIONS, from + BATCH);
        taken = to;
        await insertBatch(client, generateBatch(from, to));
        done += to - from;
        if (done % 2000 === 0) console.log(`  ${done} submissions loaded`);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all([worker(), worker()]);
  await pool.query(`SELECT setval('passages_id_seq', (SELECT max(id) FROM passages))`);
  await pool.query('VACUUM ANALYZE submissions, files, passages, passage_tags');
  await pool.query(`COMMENT ON DATABASE ${DB_NAME} IS '${MARK}'`);
  console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

// ---------------------------------------------------------------- measuring

/** A Kysely instance that records the SQL each call sends, so the bench runs exactly that SQL through pg. */
function capturingDb(url: string): { db: Db; take(): CompiledQuery[]; close(): Promise<void> } {
  let captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool(poolConfig(url, 1)) }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  return {
    db,
    take() {
      const all = captured;
      captured = [];
      return all;
    },
    close: () => db.destroy(),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(base: string, url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${url}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

interface Case {
  url: string;
  /** The SQL the API sends for this URL, in order: the bare side runs exactly these through pg. */
  queries: CompiledQuery[];
  /** Work the API does before its SQL outside Postgres (search's in-memory ranking): the bare side does it too. */
  before?: () => Promise<unknown>;
}

interface Measured {
  endpoint: string;
  /** Name in the summary line, when the label does not make a unique one. */
  key?: string;
  /** Shown for comparison, not held to the targets (search ranked in Postgres). */
  reference?: boolean;
  api: number[];
  sql: number[];
}

/**
 * Alternates an API call and its bare SQL, case by case, so both see the same load on a shared
 * machine; which goes first alternates too. Stops at `rounds` or after `budgetMs`.
 */
async function measure(
  endpoint: string,
  cases: Case[],
  call: (url: string) => Promise<void>,
  pool: pg.Pool,
  { rounds = 200, budgetMs = 20_000, warmup = 10 } = {},
): Promise<Measured> {
  const api: number[] = [];
  const sqlTimes: number[] = [];
  const runSql = async (c: Case) => {
    const started = performance.now();
    await c.before?.();
    for (const query of c.queries)
      await pool.query({ text: query.sql, values: query.parameters as unknown[] });
    return performance.now() - started;
  };
  const runApi = async (c: Case) => {
    const started = performance.now();
    await call(c.url);
    return performance.now() - started;
  };
  for (let i = 0; i < warmup; i++) {
    await runApi(cases[i % cases.length]!);
    await runSql(cases[i % cases.length]!);
  }
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < rounds && performance.now() < deadline; i++) {
    const c = cases[i % cases.length]!;
    if (i % 2 === 0) {
      api.push(await runApi(c));
      sqlTimes.push(await runSql(c));
    } else {
      sqlTimes.push(await runSql(c));
      api.push(await runApi(c));
    }
  }
  return { endpoint, api, sql: sqlTimes };
}

async function main() {
  const url = await ensureDatabase(DB_NAME);
  const db = createDb(url, 10);
  await migrateToLatest(db);
  // The bare SQL connects as the app does, with the same session settings, so only the API differs.
  const pool = new pg.Pool(poolConfig(url, 2));

  if ((await loadedMark(pool)) === MARK) {
    console.log(`${DB_NAME} already holds this generator's data (${MARK}); not reloading.`);
  } else {
    console.log(`Loading ${SUBMISSIONS} generated submissions into ${DB_NAME} …`);
    await load(pool);
  }
  const sizes = await pool.query<{ what: string; n: number }>(
    `SELECT 'submissions' AS what, count(*)::int AS n FROM submissions
     UNION ALL SELECT 'files', count(*)::int FROM files
     UNION ALL SELECT 'BC files', count(*)::int FROM files WHERE confidentiality = 'business_confidential'
     UNION ALL SELECT 'quarantined files', count(*)::int FROM files WHERE quarantined
     UNION ALL SELECT 'passages', count(*)::int FROM passages
     UNION ALL SELECT 'tags', count(*)::int FROM passage_tags`,
  );
  console.log(sizes.rows.map((r) => `${r.what} ${r.n.toLocaleString('en-US')}`).join(', '));
  const passageCount = sizes.rows.find((r) => r.what === 'passages')!.n;

  // The real app, built as the service builds it, logging requests at info to nowhere.
  const storageDir = await mkdtemp(path.join(tmpdir(), 'docket-bench-query-'));
  const config = {
    ...loadConfig({}),
    DATABASE_URL: url,
    STORAGE_DIR: storageDir,
    QUEUE_PREFIX: 'bench-query',
    PORT: await freePort(),
  };
  const store = new ContentStore(storageDir);
  await store.init();
  const queue = createProducerQueue(config.REDIS_URL, config.QUEUE_PREFIX);
  // A full collection before each reading, so the figures are what the index keeps, not garbage.
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  collectGarbage();
  const memoryBefore = process.memoryUsage();
  const indexStarted = performance.now();
  const app = await buildApp(
    { config, db, store, queue },
    { logger: { level: 'info', stream: { write: () => {} } } },
  );
  await app.listen({ port: config.PORT, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${config.PORT}`;
  await app.searchIndex!.whenLoaded();
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  collectGarbage();
  const memoryAfter = process.memoryUsage();
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const indexed = app.searchIndex!.status().dockets.find((d) => d.id === DOCKET_ID)!.passages;
  console.log(
    `Search index: ${indexed.toLocaleString('en-US')} passages loaded in ${indexSeconds.toFixed(1)} s; ` +
      `heap +${mb(memoryAfter.heapUsed - memoryBefore.heapUsed)}, typed arrays +${mb(memoryAfter.arrayBuffers - memoryBefore.arrayBuffers)}, ` +
      `resident +${mb(memoryAfter.rss - memoryBefore.rss)}`,
  );
  // The same app ranking in Postgres (SEARCH_RANKING=postgres), for the before-and-after in one run.
  const postgresRankingPort = await freePort();
  const postgresRanking = await buildApp(
    { config: { ...config, SEARCH_RANKING: 'postgres', PORT: postgresRankingPort }, db, store, queue },
    { logger: { level: 'info', stream: { write: () => {} } } },
  );
  await postgresRanking.listen({ port: postgresRankingPort, host: '127.0.0.1' });
  const postgresBase = `http://127.0.0.1:${postgresRankingPort}`;
  const token = await createApiToken(db, 'analyst', 'bench:query analyst');
  const viewer: Viewer = {
    actor: 'analyst:bench:query analyst',
    role: 'analyst',
    includeConfidential: false,
  };
  const callOn = (server: string) => async (u: string) => {
    const response = await get(server, u, token);
    if (response.status !== 200) throw new Error(`${u} answered ${response.status}: ${response.body}`);
  };
  const call = callOn(base);
  const callPostgresRanking = callOn(postgresBase);

  const capture = capturingDb(url);
  const only = (what: string): CompiledQuery => {
    const queries = capture.take();
    if (queries.length !== 1) throw new Error(`${what} sent ${queries.length} queries, expected 1`);
    return queries[0]!;
  };
  const answersPath = (q: number) => `/api/v1/dockets/${DOCKET_ID}/questions/${q}/answers`;
  const endpointOf = (q: number) => `GET ${answersPath(q)}`;
  const args = (q: number, cursor?: string) => ({
    docketId: DOCKET_ID,
    question: q,
    filters: {},
    limit: 20,
    ...(cursor ? { cursor } : {}),
  });

  // Answers, first page: every question in turn.
  const firstPages: Case[] = [];
  for (const q of questions) {
    await answersPage(capture.db, viewer, endpointOf(q.number), args(q.number));
    firstPages.push({ url: answersPath(q.number), queries: [only('answers first page')] });
  }

  // Answers, 50 pages deep: the cursor the API itself hands out after 49 pages.
  const DEPTH = 50;
  const deepPages: Case[] = [];
  for (const q of [1, 4, 11, 17, 19, 22, 28, 5]) {
    let cursor: string | null = null;
    for (let page = 1; page < DEPTH; page++) {
      const response = await get(base, `${answersPath(q)}${cursor ? `?cursor=${cursor}` : ''}`, token);
      cursor = (JSON.parse(response.body) as { next_cursor: string | null }).next_cursor;
      if (!cursor) throw new Error(`question ${q} has fewer than ${DEPTH} pages`);
    }
    await answersPage(capture.db, viewer, endpointOf(q), args(q, cursor!));
    deepPages.push({ url: `${answersPath(q)}?cursor=${cursor}`, queries: [only('answers deep page')] });
  }

  // Search: two-word queries an analyst would type, each timed on its own from narrow to broad, ranked
  // in memory (the service's default) and, for reference, in Postgres (SEARCH_RANKING=postgres). The
  // memory side's bare work is what that API does apart from HTTP: the same ranking call (its query
  // parse on the listening connection, then the index) and the SQL reading the page's rows.
  const searches: { label: string; key: string; cases: Case[]; ranking: 'memory' | 'postgres' }[] = [];
  for (const q of [
    'nuclear power',
    'political risk',
    'sovereign cloud',
    'export licensing',
    'export controls',
  ]) {
    const searchArgs = { docketId: DOCKET_ID, q, limit: 20 };
    const endpoint = `GET /api/v1/dockets/${DOCKET_ID}/search`;
    const url = `/api/v1/dockets/${DOCKET_ID}/search?q=${encodeURIComponent(q)}`;
    await searchPage(capture.db, viewer, endpoint, searchArgs, app.searchIndex);
    const memoryQueries = [only('search, ranked in memory')];
    const rankInMemory = () => app.searchIndex!.rank(DOCKET_ID, q, { includeHidden: false, limit: 21 });
    await searchPage(capture.db, viewer, endpoint, searchArgs, null);
    const postgresQueries = [only('search, ranked in Postgres')];
    const matches = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM passages WHERE tsv @@ websearch_to_tsquery('english', $1)`,
      [q],
    );
    const share = `${((100 * matches.rows[0]!.n) / passageCount).toFixed(1)}%`;
    const key = `search_${q.replace(/ /g, '_')}`;
    searches.push({
      label: `search "${q}" (${share})`,
      key,
      cases: [{ url, queries: memoryQueries, before: rankInMemory }],
      ranking: 'memory',
    });
    searches.push({
      label: `  ranked in Postgres (${share})`,
      key: `${key}_postgres_ranking`,
      cases: [{ url, queries: postgresQueries }],
      ranking: 'postgres',
    });
  }

  await questionsWithCounts(capture.db, viewer, DOCKET_ID);
  const counts: Case[] = [{ url: `/api/v1/dockets/${DOCKET_ID}/questions`, queries: [only('questions')] }];
  await capture.close();

  // --only answers|search|questions measures one group, for quick turns while working on it.
  const measures = (group: string) => !onlyGroup || onlyGroup === group;
  const results: Measured[] = [];
  if (measures('answers')) {
    results.push(await measure('answers, first page', firstPages, call, pool));
    results.push(await measure(`answers, page ${DEPTH}`, deepPages, call, pool));
  }
  if (measures('search')) {
    for (const search of searches) {
      const caller = search.ranking === 'memory' ? call : callPostgresRanking;
      const measured = await measure(search.label, search.cases, caller, pool, { rounds: 100 });
      results.push({ ...measured, key: search.key, reference: search.ranking === 'postgres' });
    }
  }
  if (measures('questions')) {
    results.push(await measure('questions with counts', counts, call, pool, { rounds: 100, warmup: 3 }));
  }

  await postgresRanking.close();
  await app.close();
  await queue.close();
  await db.destroy();
  await pool.end();
  agent.destroy();
  await rm(storageDir, { recursive: true, force: true });

  const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
  const WIDTH = 36;
  console.log(
    `\n${'endpoint (search: share of passages matching)'.padEnd(WIDTH)} ${'API p50'.padStart(9)} ${'API p95'.padStart(9)} ${'SQL p50'.padStart(9)} ${'SQL p95'.padStart(9)} ${'ratio p50'.padStart(9)}  ${'targets'}`,
  );
  for (const r of results) {
    const [a50, a95, s50, s95] = [
      quantile(r.api, 0.5),
      quantile(r.api, 0.95),
      quantile(r.sql, 0.5),
      quantile(r.sql, 0.95),
    ];
    const ratio = a50 / s50;
    // The 50 ms target covers answers and search; the 2x target every endpoint.
    const latency = r.endpoint.startsWith('questions') ? '' : a95 < 50 ? 'p95 ok' : 'p95 MISSED';
    const verdict = r.reference
      ? 'reference'
      : [latency, ratio <= 2 ? '2x ok' : '2x MISSED'].filter(Boolean).join(', ');
    console.log(
      `${r.endpoint.padEnd(WIDTH)} ${ms(a50)} ${ms(a95)} ${ms(s50)} ${ms(s95)} ${ratio.toFixed(2).padStart(8)}x  ${verdict}  (n=${r.api.length})`,
    );
  }
  console.log(
    '\nTargets: p95 under 50 ms for answers and search; the API within 2x of the bare SQL (medians compared).' +
      '\nSQL columns: the SQL each API call sends, run through pg; for search ranked in memory, the same ranking call first.',
  );
  const line = results
    .map(
      (r) =>
        `${(
          r.key ??
            r.endpoint
              .replace(/\(.*\)/, '')
              .replace(/[^a-z0-9]+/gi, '_')
              .replace(/_$/, '')
        ).toLowerCase()}_p95_ms=${quantile(r.api, 0.95).toFixed(1)}`,
    )
    .join(' ');
  console.log(`bench_query ${line}`);
}

await main();
// The producer queue's Redis connection is the caller's to close, and BullMQ leaves it open.
process.exit(process.exitCode ?? 0);
