import type { Queue } from 'bullmq';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { PROCESS_SUBMISSION, type ProcessSubmissionJob } from './queues.ts';

/**
 * The outbox makes enqueueing part of the database transaction that accepts the work: the row commits
 * with the submission, so a job can be late (Redis down) but never lost. After commit the API offers
 * it to Redis at once; the worker's sweeper re-offers whatever is still pending. Job ids are fixed per
 * outbox row, so offering twice queues once.
 */
export async function addToOutbox(trx: Db, job: ProcessSubmissionJob): Promise<number> {
  const row = await trx
    .insertInto('outbox')
    .values({ queue: PROCESS_SUBMISSION, job_id: '', payload: JSON.stringify(job) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jobId = `submission-${job.submissionId}-${row.id}`;
  await trx.updateTable('outbox').set({ job_id: jobId }).where('id', '=', row.id).execute();
  return row.id;
}

/**
 * BullMQ waits for its connection to be ready before adding, even with the offline queue off, so an
 * offer is given a short time and then left to the sweeper. A late add that still lands is harmless:
 * the job id is fixed, so the sweeper's add collapses onto it.
 */
const OFFER_TIMEOUT_MS = 1000;

async function offer(queue: Queue, jobId: string, payload: ProcessSubmissionJob): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const add = queue.add(PROCESS_SUBMISSION, payload, { jobId });
  add.catch(() => {});
  try {
    await Promise.race([
      add,
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('Redis did not answer in time')), OFFER_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Offers pending outbox rows to the queue; returns how many were queued. Safe to run anywhere, any time. */
export async function flushOutbox(
  db: Db,
  queue: Queue,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<number> {
  const { olderThanMs = 0, limit = 100 } = options;
  return db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('outbox')
      .select(['id', 'job_id', 'payload'])
      .where('enqueued_at', 'is', null)
      .where(sql<boolean>`created_at <= now() - make_interval(secs => ${olderThanMs / 1000})`)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    let queued = 0;
    for (const row of pending) {
      try {
        await offer(queue, row.job_id, row.payload as ProcessSubmissionJob);
      } catch {
        break; // Redis is away: leave the rest for the next sweep.
      }
      await trx.updateTable('outbox').set({ enqueued_at: new Date() }).where('id', '=', row.id).execute();
      queued++;
    }
    return queued;
  });
}

/** Offers the given rows right after their transaction committed; failures are left to the sweeper. */
export async function offerNow(db: Db, queue: Queue, outboxIds: number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'job_id', 'payload'])
    .where('id', 'in', outboxIds)
    .where('enqueued_at', 'is', null)
    .execute();
  for (const row of rows) {
    try {
      await offer(queue, row.job_id, row.payload as ProcessSubmissionJob);
      await db.updateTable('outbox').set({ enqueued_at: new Date() }).where('id', '=', row.id).execute();
    } catch {
      return;
    }
  }
}
