import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** The one queue: a job asks the pipeline to process what is pending on one submission. Ids, not content. */
export const PROCESS_SUBMISSION = 'process-submission';

export interface ProcessSubmissionJob {
  submissionId: string;
}

export function isProcessSubmissionJob(data: unknown): data is ProcessSubmissionJob {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as ProcessSubmissionJob).submissionId === 'string'
  );
}

/**
 * A producer that fails fast when Redis is away (no offline queue, one try per command): the upload
 * must not wait on Redis, since the outbox row already guarantees the job will be queued later.
 */
export function createProducerQueue(redisUrl: string, prefix = 'docket'): Queue {
  const connection = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // Keep reconnecting quietly in the background; commands fail at once meanwhile.
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  connection.on('error', () => {});
  return new Queue(PROCESS_SUBMISSION, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000 },
      // Finished ids stay a day so a re-offered outbox row collapses onto the job that already ran.
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** Worker connections must block and retry forever (BullMQ's production guide). */
export function createWorkerConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null });
}
