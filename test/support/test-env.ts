import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { createDb, type Db } from '../../src/db/connection.ts';
import { createProducerQueue } from '../../src/queue/queues.ts';
import { ContentStore } from '../../src/storage/content-store.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-settings.ts';

export interface TestEnv {
  config: Config;
  app: FastifyInstance;
  db: Db;
  store: ContentStore;
  queue: Queue;
  close(): Promise<void>;
}

/**
 * The real app on the real servers: the test database, Redis under a queue prefix of its own, and a
 * storage folder of its own, so tests never touch a running service's data.
 */
export async function createTestEnv(overrides: Partial<Config> = {}): Promise<TestEnv> {
  const storageDir = await mkdtemp(path.join(tmpdir(), 'docket-test-'));
  const config: Config = {
    ...loadConfig({}),
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    STORAGE_DIR: storageDir,
    QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'silent',
    OUTBOX_SWEEP_MS: 200,
    ...overrides,
  };
  const db = createDb(config.DATABASE_URL, 5);
  const store = new ContentStore(config.STORAGE_DIR);
  await store.init();
  const queue = createProducerQueue(config.REDIS_URL, config.QUEUE_PREFIX);
  const app = await buildApp({ config, db, store, queue }, { logger: false });
  await app.ready();
  return {
    config,
    app,
    db,
    store,
    queue,
    async close() {
      await app.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      await db.destroy();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

/**
 * Empties every table a test writes and the file store, keeping the seeded docket (the audit trail is
 * append-only, so it is truncated past its guard), and moves the deadline out of the way.
 */
export async function resetData(env: Pick<TestEnv, 'db' | 'store'>): Promise<void> {
  await rm(path.join(env.store.root, 'sha256'), { recursive: true, force: true });
  await sql`
    ALTER TABLE audit_events DISABLE TRIGGER USER;
    TRUNCATE submissions, files, findings, file_extractions, pages, passages, passage_tags, outbox, api_tokens, audit_events CASCADE;
    ALTER TABLE audit_events ENABLE TRIGGER USER;
    UPDATE dockets SET comment_deadline = '2100-01-01T00:00:00Z' WHERE id = 'ITA-ITA-2025-0070';
  `.execute(env.db);
}

/** Every file under the store except the (empty) temp folder: what a rejected upload must not leave. */
export async function storedFiles(store: ContentStore): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(path.relative(store.root, full));
    }
  }
  await walk(store.root);
  return found;
}

export interface UploadFile {
  name: string;
  content: Uint8Array<ArrayBuffer> | string;
}

/** A multipart submission as a browser would send it. */
export async function multipart(fields: Record<string, string>, files: UploadFile[]) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) form.append('files', new Blob([file.content]), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

export const DOCKET = 'ITA-ITA-2025-0070';

export async function submit(env: TestEnv, fields: Record<string, string>, files: UploadFile[]) {
  const { payload, headers } = await multipart(fields, files);
  return env.app.inject({ method: 'POST', url: `/api/v1/dockets/${DOCKET}/submissions`, payload, headers });
}

/** A PDF file made of the given objects, numbered from 1 (object 1 is the catalog), with its xref table. */
export function pdfFromObjects(objects: string[]): string {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return body;
}

/** A minimal but real one-page PDF with the given line of text. */
export function tinyPdf(text = 'American AI Exports Program Comments'): string {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  return pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ]);
}

/**
 * The real pipeline worker (workers/pipeline-worker.ts) as a child process on this test's database,
 * Redis prefix and store, as `npm start` runs it; `settings` override the rest (lock time, sweep).
 */
export function startPipelineWorker(env: TestEnv, settings: Record<string, string> = {}): ChildProcess {
  return fork(new URL('../../workers/pipeline-worker.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: env.config.DATABASE_URL,
      REDIS_URL: env.config.REDIS_URL,
      STORAGE_DIR: env.config.STORAGE_DIR,
      QUEUE_PREFIX: env.config.QUEUE_PREFIX,
      LOG_LEVEL: 'silent',
      ...settings,
    },
    stdio: 'ignore',
  });
}
