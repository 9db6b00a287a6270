/**
 * `npm start`: checks the servers, applies migrations, then runs the workers (a child process, restarted
 * if it dies) and the API together.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { createDb } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { checkServersReachable } from './infrastructure.ts';
import { createProducerQueue } from './queue/queues.ts';
import { listen } from './server.ts';
import { ContentStore } from './storage/content-store.ts';

const config = loadConfig();
try {
  await checkServersReachable(config);
} catch (error) {
  console.error(`docket: ${(error as Error).message}`);
  process.exit(1);
}
const db = createDb(config.DATABASE_URL, 10, (error) =>
  console.error(
    `docket: an idle database connection was closed (${error.message}); the next query opens another`,
  ),
);
await migrateToLatest(db);
const store = new ContentStore(config.STORAGE_DIR);
await store.init();
const queue = createProducerQueue(config.REDIS_URL, config.QUEUE_PREFIX);

const WORKER_ENTRY = fileURLToPath(new URL('../workers/pipeline-worker.ts', import.meta.url));
let worker: ChildProcess | null = null;
let stopping = false;
function startWorker(): void {
  worker = fork(WORKER_ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  worker.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`docket: worker exited (${signal ?? code}); restarting in 1 s`);
    setTimeout(startWorker, 1000);
  });
}
startWorker();

const app = await listen({ config, db, store, queue });

const stop = async () => {
  stopping = true;
  worker?.kill('SIGTERM');
  await app.close();
  await queue.close();
  await db.destroy();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
