/**
 * Keeps a RankingIndex per docket in step with Postgres, so a search can be ranked in memory.
 *
 * The database announces every change that matters on commit (migration 005): passages written or
 * deleted for a file, a file's confidentiality or quarantine changing, or the table truncated. Each
 * announcement names the docket and file; the index re-reads that file's passages and flags in one
 * query and puts them in place of what it had. Announcements for one docket are applied one at a
 * time, in order, so an older read never lands over a newer one.
 *
 * A search never sees an index older than what was committed before it began: it asks Postgres to
 * parse the query on the listening connection, and Postgres delivers pending notifications before it
 * answers, so every change committed earlier has been queued by the time the parse returns; the search
 * then waits for that docket's queue. While a docket loads, or while the connection is down, `rank`
 * answers null and the caller ranks in Postgres as before; so it does for a phrase under NOT.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type pg from 'pg';
import { ChannelListener } from '../../db/channel-listener.ts';
import type { Db } from '../../db/connection.ts';
import { fileHiddenFromAnalysts } from '../text-access.ts';
import {
  type IndexedPassage,
  type RankedPassage,
  RankingIndex,
  type RankingOptions,
} from './ranking-index.ts';
import { isBooleanOverLexemes, loosenPhrases, parseTsqueryText, type TsQuery } from './tsquery-text.ts';
import { parseTsvectorText } from './tsvector-text.ts';

/** What search needs: ranked passage ids, or null when Postgres must rank this one. */
export interface SearchRanking {
  rank(docketId: string, q: string, options: RankingOptions): Promise<RankedPassage[] | null>;
}

export interface LiveRankingIndexOptions {
  databaseUrl: string;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
}

const CHANNEL = 'passages_changed';
export const LISTENER_NAME = 'docket search index';
/** After a failed update, the docket is loaded afresh this much later. */
const RELOAD_AFTER_FAILURE_MS = 5000;
/**
 * Rows per read while loading. Turning a batch's tsvectors into postings holds the event loop, so
 * batches stay small enough (about 50 ms each on the 2-core machine) that requests keep being served.
 */
const LOAD_BATCH = 2000;
/** Files re-read per query when announcements pile up (a bulk load announces thousands). */
const REFRESH_BATCH = 500;

interface DocketState {
  docketId: string;
  index: RankingIndex;
  ready: boolean;
  /** Files announced and not yet re-read. */
  pending: Set<string>;
  /** The docket's work, one step at a time: its load, then each re-read of pending files. */
  queue: Promise<void>;
  refreshQueued: boolean;
}

export class LiveRankingIndex implements SearchRanking {
  private dockets = new Map<string, DocketState>();
  private readonly listener: ChannelListener;
  /** Bumped whenever every index is dropped; work started under an older generation is thrown away. */
  private generation = 0;
  private loaded: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly options: LiveRankingIndexOptions,
  ) {
    this.listener = new ChannelListener({
      databaseUrl: options.databaseUrl,
      channel: CHANNEL,
      applicationName: LISTENER_NAME,
      onNotification: (payload) => this.announced(payload),
      onListening: () => this.loadAfresh(),
      onLost: (error, retryInMs) => {
        this.dropAll();
        this.options.log.warn(
          { err: error },
          `Not listening for passage changes; searches are ranked in Postgres until listening again (retry in ${retryInMs / 1000} s).`,
        );
      },
    });
  }

  /** Starts listening and loading in the background. Never throws: without an index, Postgres ranks. */
  async start(): Promise<void> {
    await this.listener.start();
  }

  /** Resolves once every docket known when listening (re)started has loaded: for tests and benchmarks. */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  /** Per docket, whether searches are ranked here and how many passages are held. */
  status(): { listening: boolean; dockets: { id: string; ready: boolean; passages: number }[] } {
    return {
      listening: this.listener.client !== null,
      dockets: [...this.dockets].map(([id, state]) => ({
        id,
        ready: state.ready,
        passages: state.index.passageCount,
      })),
    };
  }

  async close(): Promise<void> {
    await this.listener.close();
    this.dropAll();
  }

  async rank(docketId: string, q: string, options: RankingOptions): Promise<RankedPassage[] | null> {
    const listener = this.listener.client;
    const state = this.dockets.get(docketId);
    if (!listener || !state?.ready) return null;
    let parsed: pg.QueryResult<{ query: string }>;
    try {
      // The parse is also the barrier: see the header.
      parsed = await listener.query(`SELECT websearch_to_tsquery('english', $1)::text AS query`, [q]);
    } catch {
      return null; // The connection failed under the search; `lost` has stopped trusting the index.
    }
    const query = parseTsqueryText(parsed.rows[0]!.query);
    const loosened = query && (isBooleanOverLexemes(query) ? query : loosenPhrases(query));
    if (query && (!loosened || !isBooleanOverLexemes(loosened))) return null;
    // Behind by more than a batch (a bulk load announcing thousands of files): a first page is ranked
    // in Postgres rather than wait. A page after a memory cursor waits, or it could not resume.
    if (state.pending.size > REFRESH_BATCH && !options.after) return null;
    await state.queue;
    if (!state.ready || this.dockets.get(docketId) !== state) return null;
    if (loosened === query) return state.index.rank(query, options);
    return this.rankPhrases(state.index, q, loosened, options);
  }

  /**
   * Phrases need word positions, which the index does not keep. It ranks the passages holding all the
   * words, best first, and Postgres says which of them hold the phrase, a batch at a time, until the
   * page is full. A phrase such as "full-stack" is nearly always found where its words are, so one
   * batch of twice the page usually does.
   */
  private async rankPhrases(
    index: RankingIndex,
    q: string,
    loosened: TsQuery | null,
    options: RankingOptions,
  ): Promise<RankedPassage[]> {
    const found: RankedPassage[] = [];
    let after = options.after;
    let batch = Math.max(options.limit * 2, 40);
    for (;;) {
      const candidates = index.rank(loosened, { ...options, limit: batch, ...(after ? { after } : {}) });
      if (candidates.length === 0) return found;
      const matching = await this.db
        .selectFrom('passages')
        .where(
          'id',
          'in',
          candidates.map((c) => c.id),
        )
        .where(sql<boolean>`tsv @@ websearch_to_tsquery('english', ${q})`)
        .select('id')
        .execute();
      const holds = new Set(matching.map((row) => row.id));
      for (const candidate of candidates) {
        if (!holds.has(candidate.id)) continue;
        found.push(candidate);
        if (found.length === options.limit) return found;
      }
      if (candidates.length < batch) return found;
      after = candidates.at(-1);
      batch *= 4;
    }
  }

  // ------------------------------------------------------------------ listening

  /** LISTEN is in place: changes made before it were never announced to us, so load everything afresh. */
  private async loadAfresh(): Promise<void> {
    this.dropAll();
    const dockets = await this.db.selectFrom('dockets').select('id').execute();
    this.loaded = Promise.all(dockets.map(({ id }) => this.docket(id).queue)).then(() => {});
  }

  private dropAll(): void {
    this.generation++;
    this.dockets = new Map();
  }

  /** Payload: `docket_id file_id`, or `*` when passages were truncated. */
  private announced(payload: string): void {
    if (payload === '*') {
      const ids = [...this.dockets.keys()];
      this.generation++;
      this.dockets = new Map();
      for (const id of ids) this.docket(id);
      return;
    }
    const space = payload.indexOf(' ');
    if (space < 0) return;
    const docketId = payload.slice(0, space);
    const state = this.dockets.get(docketId) ?? this.docket(docketId);
    state.pending.add(payload.slice(space + 1));
    if (!state.refreshQueued) {
      state.refreshQueued = true;
      this.enqueue(state, () => this.refresh(state));
    }
  }

  /** The docket's state, created and set loading on first sight. */
  private docket(docketId: string): DocketState {
    let state = this.dockets.get(docketId);
    if (!state) {
      state = {
        docketId,
        index: new RankingIndex(),
        ready: false,
        pending: new Set(),
        queue: Promise.resolve(),
        refreshQueued: false,
      };
      this.dockets.set(docketId, state);
      const loading = state;
      this.enqueue(state, () => this.load(docketId, loading));
    }
    return state;
  }

  private enqueue(state: DocketState, step: () => Promise<void>): void {
    const generation = this.generation;
    state.queue = state.queue
      .then(() => (generation === this.generation ? step() : undefined))
      .catch((error: unknown) => {
        if (generation !== this.generation || this.dockets.get(state.docketId) !== state) return;
        // The index no longer knows what Postgres holds: Postgres ranks until a fresh load succeeds.
        this.options.log.warn(
          { err: error },
          `Search index for ${state.docketId} failed to update; searches are ranked in Postgres until it reloads (in ${RELOAD_AFTER_FAILURE_MS / 1000} s).`,
        );
        this.dockets.delete(state.docketId);
        const retry = setTimeout(() => {
          if (generation === this.generation && !this.dockets.has(state.docketId))
            this.docket(state.docketId);
        }, RELOAD_AFTER_FAILURE_MS);
        retry.unref();
      });
  }

  // ------------------------------------------------------------------ reading from Postgres

  private async load(docketId: string, state: DocketState): Promise<void> {
    const generation = this.generation;
    const started = performance.now();
    const files = await this.db
      .selectFrom('files')
      .innerJoin('submissions', 'submissions.id', 'files.submission_id')
      .where('submissions.docket_id', '=', docketId)
      .select(['files.id as id', 'files.confidentiality', 'files.quarantined'])
      .execute();
    const hidden = new Map(files.map((f) => [f.id, fileHiddenFromAnalysts(f)]));
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('passages')
        .where('docket_id', '=', docketId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(LOAD_BATCH)
        .select(['id', 'file_id', sql<string>`tsv::text`.as('tsv')])
        .execute();
      if (generation !== this.generation) return;
      for (const [fileId, passages] of groupByFile(rows)) {
        // A file written after the files were read is announced, and re-read once the load is done.
        state.index.addPassages(fileId, hidden.get(fileId) ?? true, passages);
      }
      if (rows.length < LOAD_BATCH) break;
      after = rows.at(-1)!.id;
    }
    state.index.trim();
    state.ready = true;
    this.options.log.info(
      `Search index for ${docketId}: ${state.index.passageCount} passages in ${Math.round(performance.now() - started)} ms`,
    );
  }

  private async refresh(state: DocketState): Promise<void> {
    const generation = this.generation;
    state.refreshQueued = false;
    while (state.pending.size > 0) {
      const fileIds = [...state.pending].slice(0, REFRESH_BATCH);
      for (const id of fileIds) state.pending.delete(id);
      // One query, one snapshot: the file's flags and its passages as they stand together.
      const rows = await this.db
        .selectFrom('files')
        .leftJoin('passages', 'passages.file_id', 'files.id')
        .where('files.id', 'in', fileIds)
        .orderBy('passages.id')
        .select([
          'files.id as file_id',
          'files.confidentiality',
          'files.quarantined',
          'passages.id',
          sql<string | null>`passages.tsv::text`.as('tsv'),
        ])
        .execute();
      if (generation !== this.generation) return;
      const found = new Map<string, { hidden: boolean; passages: IndexedPassage[] }>();
      for (const row of rows) {
        let file = found.get(row.file_id);
        if (!file) {
          file = { hidden: fileHiddenFromAnalysts(row), passages: [] };
          found.set(row.file_id, file);
        }
        if (row.id !== null && row.tsv !== null)
          file.passages.push({ id: row.id, ...parseTsvectorText(row.tsv) });
      }
      for (const fileId of fileIds) {
        const file = found.get(fileId);
        if (file) state.index.replaceFile(fileId, file.hidden, file.passages);
        else state.index.removeFile(fileId);
      }
    }
  }
}

function groupByFile(rows: { id: number; file_id: string; tsv: string }[]): Map<string, IndexedPassage[]> {
  const byFile = new Map<string, IndexedPassage[]>();
  for (const row of rows) {
    let passages = byFile.get(row.file_id);
    if (!passages) {
      passages = [];
      byFile.set(row.file_id, passages);
    }
    passages.push({ id: row.id, ...parseTsvectorText(row.tsv) });
  }
  return byFile;
}
