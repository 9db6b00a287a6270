import type { Queue } from 'bullmq';
import type { StaffTokens } from './auth/staff-token-cache.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import type { SearchRanking } from './query/ranking/live-ranking-index.ts';
import type { ContentStore } from './storage/content-store.ts';

/** What routes need from the outside world; built once by the caller of buildApp, closed by it too. */
export interface AppContext {
  config: Config;
  db: Db;
  store: ContentStore;
  queue: Queue;
}

/** What routes get: the caller's context and what buildApp itself owns for the app's lifetime. */
export interface RouteContext extends AppContext {
  staffTokens: StaffTokens;
  /** Null when config.SEARCH_RANKING is postgres. */
  searchRanking: SearchRanking | null;
}
