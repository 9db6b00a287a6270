import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, resetData, startPipelineWorker, submit, type TestEnv } from '../support/test-env.ts';
import { waitFor } from '../support/wait-for.ts';

// A long real PDF (352 pages) keeps the job busy long enough to kill its worker mid-way.
const LONG_PDF = new URL('../../../shared/corpus/odd-pdfs/freeculture.pdf', import.meta.url);

let env: TestEnv;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = startPipelineWorker(env, { JOB_LOCK_MS: '2000', OUTBOX_SWEEP_MS: '500' });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  env = await createTestEnv();
  await resetData(env);
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await env.close();
});

it('a worker killed in the middle of a job leaves, after redelivery, one set of pages and findings', async () => {
  const response = await submit(env, { submitter_name: 'Lawrence', email: 'l@example.com' }, [
    { name: 'P_freeculture.pdf', content: new Uint8Array(await readFile(LONG_PDF)) },
  ]);
  expect(response.statusCode).toBe(201);
  const { id } = response.json();
  const fileStatus = async () =>
    await env.db
      .selectFrom('files')
      .select(['status', 'page_count'])
      .where('submission_id', '=', id)
      .executeTakeFirstOrThrow();

  const first = startWorker();
  await waitFor(async () => ((await fileStatus()).status === 'processing' ? true : undefined), {
    what: 'the job to start',
  });
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  expect((await fileStatus()).status).toBe('processing');

  startWorker();
  await waitFor(
    async () => {
      const row = await env.db
        .selectFrom('submissions')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.status === 'processed' ? true : undefined;
    },
    { timeoutMs: 120_000, what: 'the redelivered job to finish' },
  );

  const { page_count: pageCount } = await fileStatus();
  expect(pageCount).toBe(352);
  const pages = await env.db.selectFrom('pages').select('number').execute();
  expect(pages).toHaveLength(352);
  expect(new Set(pages.map((p) => p.number)).size).toBe(352);
  const findings = await env.db
    .selectFrom('findings')
    .select(['code', 'file_id', 'page'])
    .where('submission_id', '=', id)
    .execute();
  const keys = findings.map((f) => `${f.code}/${f.file_id}/${f.page}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(findings.some((f) => f.code === 'font_below_minimum')).toBe(true);
  const passages = await env.db.selectFrom('passages').select('ordinal').execute();
  expect(new Set(passages.map((p) => p.ordinal)).size).toBe(passages.length);
}, 180_000);
