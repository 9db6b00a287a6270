import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';

/**
 * The confidentiality audit trail: append-only (the database refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained, each event storing the hash of the one before, so rewriting any row breaks every link
 * after it and `npm run cli -- audit verify` names the first broken one.
 */
export interface AuditEventInput {
  actor: string;
  action: string;
  submissionId: string | null;
  fileIds: string[];
  endpoint: string;
  detail?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The bytes an event's hash covers: every field, in a fixed order. */
function eventDigest(event: {
  at: Date;
  actor: string;
  action: string;
  submission_id: string | null;
  file_ids: string[];
  endpoint: string;
  detail: unknown;
  prev_hash: string;
}): string {
  const canonical = JSON.stringify([
    event.at.toISOString(),
    event.actor,
    event.action,
    event.submission_id,
    [...event.file_ids].sort(),
    event.endpoint,
    event.detail ?? {},
    event.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends one event, linked to the last; concurrent appends are serialised so the chain never forks. */
export async function appendAuditEvent(db: Db, input: AuditEventInput): Promise<void> {
  const write = async (trx: Db) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('audit_events_chain'))`.execute(trx);
    const last = await trx
      .selectFrom('audit_events')
      .select('hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    // A JavaScript date holds milliseconds, which Postgres stores exactly: the hash covers what is read back.
    const event = {
      at: new Date(),
      actor: input.actor,
      action: input.action,
      submission_id: input.submissionId,
      file_ids: input.fileIds,
      endpoint: input.endpoint,
      detail: input.detail ?? {},
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await trx
      .insertInto('audit_events')
      .values({ ...event, detail: JSON.stringify(event.detail), hash: eventDigest(event) })
      .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: number; reason: string };

/** Walks the whole chain in order, recomputing each hash; reports the first event that does not fit. */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainVerdict> {
  let previous = GENESIS_HASH;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { ok: true, events: count };
    for (const row of rows) {
      count++;
      if (row.prev_hash !== previous) {
        return {
          ok: false,
          events: count,
          brokenAt: row.id,
          reason: 'its prev_hash does not match the hash of the event before it',
        };
      }
      const expected = eventDigest({ ...row, at: new Date(row.at) });
      if (expected !== row.hash) {
        return {
          ok: false,
          events: count,
          brokenAt: row.id,
          reason: 'its contents do not match its hash (the row was altered)',
        };
      }
      previous = row.hash;
      lastId = row.id;
    }
  }
}

export interface AuditEventView {
  id: number;
  at: Date;
  actor: string;
  action: string;
  submissionId: string | null;
  fileIds: string[];
  endpoint: string;
  detail: Record<string, unknown>;
}

/** Newest first, keyset-paged by id. */
export async function listAuditEvents(
  db: Db,
  options: { limit: number; beforeId: number | null },
): Promise<AuditEventView[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId !== null) query = query.where('id', '<', options.beforeId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at),
    actor: r.actor,
    action: r.action,
    submissionId: r.submission_id,
    fileIds: r.file_ids,
    endpoint: r.endpoint,
    detail: (r.detail ?? {}) as Record<string, unknown>,
  }));
}
