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
/** An outbox row as its transaction wrote it: enough to offer it to the queue without reading it back. */
export interface OutboxEntry {
  id: number;
  jobId: string;
  payload: ProcessSubmissionJob;
}

export async function addToOutbox(trx: Db, job: ProcessSubmissionJob): Promise<OutboxEntry> {
  // The job id names the row, so the id is drawn first and both are written in one statement (an
  // INSERT then an UPDATE of its job id was two round trips on every upload).
  const { rows } = await sql<{ id: number }>`
    INSERT INTO outbox (id, queue, job_id, payload)
    SELECT n.id, ${PROCESS_SUBMISSION}, ${`submission-${job.submissionId}-`}::text || n.id, ${JSON.stringify(job)}::jsonb
    FROM (SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id) AS n
    RETURNING id`.execute(trx);
  const id = rows[0]!.id;
  return { id, jobId: `submission-${job.submissionId}-${id}`, payload: job };
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

/**
 * Offers the given rows right after their transaction committed; failures are left to the sweeper.
 * The entries come from addToOutbox, so nothing is read back: the sweeper only takes rows older than
 * its threshold, and if it did take one first, the fixed job id makes this offer collapse onto its.
 */
export async function offerNow(db: Db, queue: Queue, entries: OutboxEntry[]): Promise<void> {
  for (const entry of entries) {
    try {
      await offer(queue, entry.jobId, entry.payload);
      await db
        .updateTable('outbox')
        .set({ enqueued_at: new Date() })
        .where('id', '=', entry.id)
        .where('enqueued_at', 'is', null)
        .execute();
    } catch {
      return;
    }
  }
}
