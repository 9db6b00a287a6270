import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningWorker, startPipelineWorker } from '../../src/pipeline/pipeline-worker.ts';
import { createTestEnv, resetData, submit, type TestEnv } from '../support/test-env.ts';
import { waitFor } from '../support/wait-for.ts';

/** A free port on loopback, where a second, real Redis will be started later. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let env: TestEnv;
let redis: ChildProcess | null = null;
let worker: RunningWorker | null = null;
let port: number;

beforeAll(async () => {
  port = await freePort();
  env = await createTestEnv({ REDIS_URL: `redis://127.0.0.1:${port}` });
  await resetData(env);
});
afterAll(async () => {
  await worker?.close();
  await env.close();
  redis?.kill('SIGTERM');
});

it('an upload while Redis is down succeeds, and its job runs once Redis is back', async () => {
  const response = await submit(env, { submitter_name: 'Dana', email: 'dana@example.com' }, [
    { name: 'P_dana.txt', content: 'Question 17: EXIM financing matters most.\n\nPage 1' },
  ]);
  expect(response.statusCode).toBe(201);
  const { id } = response.json();
  const pending = await env.db.selectFrom('outbox').select(['job_id', 'enqueued_at']).execute();
  expect(pending).toEqual([{ job_id: expect.stringContaining(id), enqueued_at: null }]);

  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  worker = await startPipelineWorker(env.config);

  const status = await waitFor(
    async () => {
      const row = await env.db
        .selectFrom('submissions')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.status === 'processed' ? row.status : undefined;
    },
    { what: 'the submission to be processed' },
  );
  expect(status).toBe('processed');
  const outbox = await env.db.selectFrom('outbox').select('enqueued_at').execute();
  expect(outbox[0]?.enqueued_at).not.toBeNull();
});
