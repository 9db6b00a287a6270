import { UnrecoverableError, Worker } from 'bullmq';
import pino from 'pino';
import type { Config } from '../config.ts';
import { createDb } from '../db/connection.ts';
import { flushOutbox } from '../queue/outbox.ts';
import {
  createProducerQueue,
  createWorkerConnection,
  isProcessSubmissionJob,
  PROCESS_SUBMISSION,
} from '../queue/queues.ts';
import { ContentStore } from '../storage/content-store.ts';
import { createFileAnalyser } from './file-analyser.ts';
import { processSubmission } from './process-submission.ts';

export interface RunningWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Starts a consumer of the pipeline queue and the outbox sweeper; close() drains and stops both. */
export async function startPipelineWorker(config: Config): Promise<RunningWorker> {
  const log = pino({ level: config.LOG_LEVEL, name: 'pipeline-worker' });
  const db = createDb(config.DATABASE_URL, config.WORKER_CONCURRENCY + 2, (error) =>
    log.warn({ err: error.message }, 'idle database connection closed; the next query opens another'),
  );
  const store = new ContentStore(config.STORAGE_DIR);
  const analyser = createFileAnalyser(config);
  const producer = createProducerQueue(config.REDIS_URL, config.QUEUE_PREFIX);

  const worker = new Worker(
    PROCESS_SUBMISSION,
    async (job) => {
      if (!isProcessSubmissionJob(job.data))
        throw new UnrecoverableError('job payload is not { submissionId }');
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const times = await processSubmission({ db, store, analyser }, job.data.submissionId, { lastAttempt });
      const queuedMs = job.processedOn ? Math.max(0, job.processedOn - job.timestamp) : null;
      if (times) {
        const rounded = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v)]));
        log.info({ submissionId: job.data.submissionId, queuedMs, ...rounded }, 'submission processed');
      }
    },
    {
      connection: createWorkerConnection(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      concurrency: config.WORKER_CONCURRENCY,
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.JOB_LOCK_MS,
    },
  );
  worker.on('failed', (job, error) =>
    log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed'),
  );
  worker.on('error', (error) => log.error({ err: error.message }, 'worker error'));

  // Rows the API could not hand to Redis (it was away) are offered again here.
  let sweeping = false;
  const sweep = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const queued = await flushOutbox(db, producer, { olderThanMs: config.OUTBOX_SWEEP_MS });
      if (queued > 0) log.info({ queued }, 'outbox rows queued');
    } catch (error) {
      log.debug({ err: (error as Error).message }, 'outbox sweep skipped');
    } finally {
      sweeping = false;
    }
  }, config.OUTBOX_SWEEP_MS);

  return {
    worker,
    async close() {
      clearInterval(sweep);
      await worker.close();
      await producer.close();
      await analyser.close();
      await db.destroy();
    },
  };
}
