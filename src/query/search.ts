import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { decodeCursorOfShapes, encodeCursor, invalidCursor } from './cursor.ts';
import type { SearchRanking } from './ranking/live-ranking-index.ts';
import type { RankedPassage } from './ranking/ranking-index.ts';
import { passagesFor, passageTextVisible, protectedColumns, readText } from './text-access.ts';
import { seesConfidential, type Viewer } from './viewer.ts';

export interface SearchRow {
  passage_id: number;
  submission_id: string;
  file_id: string;
  confidentiality: string;
  quarantined: boolean;
  page: number | null;
  snippet: string;
  rank: number;
  questions: number[];
}

export interface SearchArgs {
  docketId: string;
  q: string;
  limit: number;
  cursor?: string;
}

export interface SearchPage {
  items: SearchRow[];
  nextCursor: string | null;
}

/** Cursors of the in-memory ranking carry its name first, so a page is never resumed by the other ranker. */
const MEMORY_CURSOR = 'bm25';

/**
 * Ranked full-text search over visible passages. Snippets are HTML: the passage text is escaped before
 * ts_headline marks the matches with <mark>, so a client can show them as they are.
 *
 * Matching is Postgres's `websearch_to_tsquery` either way. Ranking is done by the in-memory index
 * (BM25) when it holds the docket, with Postgres confirming any phrase; by Postgres's ts_rank for a
 * phrase under NOT, while the index loads or has lost its connection, and when the service runs with
 * SEARCH_RANKING=postgres. Either way the page's rows, snippets and
 * question numbers are read through the text door, which applies the visibility rule and audits.
 */
export async function searchPage(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  args: SearchArgs,
  ranking: SearchRanking | null = null,
): Promise<SearchPage> {
  const after = decodeCursorOfShapes(args.cursor, [
    ['number', 'number'],
    ['string', 'number', 'number'],
  ]);
  const memoryCursor = after?.length === 3;
  if (memoryCursor && after[0] !== MEMORY_CURSOR) throw invalidCursor();
  if (ranking && (after === null || memoryCursor)) {
    const ranked = await ranking.rank(args.docketId, args.q, {
      includeHidden: seesConfidential(viewer),
      limit: args.limit + 1,
      ...(memoryCursor ? { after: { score: after[1] as number, id: after[2] as number } } : {}),
    });
    if (ranked) return pageOfRanked(db, viewer, endpoint, args, ranked);
  }
  if (memoryCursor) {
    throw new AppError(
      503,
      'search_index_loading',
      'The search index is reloading, so this search cannot be continued where it left off. Run the search again from its first page in a few seconds.',
    );
  }
  return rankedInPostgres(db, viewer, endpoint, args, after as [number, number] | null);
}

const tsQueryOf = (q: string) => sql`websearch_to_tsquery('english', ${q})`;

/** The text-bearing columns of a hit: read only for the page, never for every match. */
function hitColumns(q: string) {
  return [
    ...protectedColumns,
    'passages.id as passage_id',
    'passages.page as page',
    sql<string>`ts_headline('english', replace(replace(replace(passages.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), ${tsQueryOf(q)}, 'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2')`.as(
      'snippet',
    ),
    sql<
      number[]
    >`ARRAY(SELECT question_number FROM passage_tags WHERE passage_id = passages.id ORDER BY question_number)`.as(
      'questions',
    ),
  ] as const;
}

/**
 * A page from the index's order: the page's rows are read by id through the text door. A row the door
 * does not return (a file hidden or reprocessed a moment ago) is left out; the cursor still follows
 * the index's order, so the next page neither repeats nor skips.
 */
async function pageOfRanked(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  args: SearchArgs,
  ranked: RankedPassage[],
): Promise<SearchPage> {
  const page = ranked.slice(0, args.limit);
  if (page.length === 0) return { items: [], nextCursor: null };
  const rows = await readText(db, viewer, endpoint, () =>
    passagesFor(db, viewer)
      .where(
        'passages.id',
        'in',
        page.map((hit) => hit.id),
      )
      .select(hitColumns(args.q))
      .execute(),
  );
  const byId = new Map(rows.map((row) => [row.passage_id, row]));
  const items = page.flatMap((hit) => {
    const row = byId.get(hit.id);
    return row ? [{ ...row, rank: hit.score }] : [];
  });
  const last = page.at(-1)!;
  return {
    items,
    nextCursor: ranked.length > args.limit ? encodeCursor([MEMORY_CURSOR, last.score, last.id]) : null,
  };
}

/**
 * Ranking in Postgres, in two steps, because a broad query matches tens of thousands of passages and
 * every match must be ranked: first rank narrow rows (id, rank) with visibility as a hashed anti-join
 * on the few hidden files, then read text, snippets and questions for the page alone through the text
 * door. Ranking whole rows carried the text of every match through the sort (spilling to disk), and
 * the visibility join, misjudged from the planner's estimate of how many passages match both words,
 * was probed once per match. ts_rank rather than ts_rank_cd: both reward the query's words standing
 * close together, and cover density cost about 2 µs a match more (45 ms of 95 on the bench's
 * 22,000-match query).
 */
async function rankedInPostgres(
  db: Db,
  viewer: Viewer,
  endpoint: string,
  args: SearchArgs,
  after: [number, number] | null,
): Promise<SearchPage> {
  const tsQuery = tsQueryOf(args.q);
  const rank = sql<number>`ts_rank(passages.tsv, ${tsQuery})`;
  let ranked = db
    .selectFrom('passages')
    .where('passages.docket_id', '=', args.docketId)
    .where(sql<boolean>`passages.tsv @@ ${tsQuery}`)
    .where(passageTextVisible(viewer))
    .select(['passages.id as id', rank.as('rank')]);
  if (after) {
    const [lastRank, id] = after;
    ranked = ranked.where(
      sql<boolean>`(${rank} < ${lastRank}::real OR (${rank} = ${lastRank}::real AND passages.id > ${id}))`,
    );
  }
  const top = ranked
    .orderBy('rank', 'desc')
    .orderBy('passages.id', 'asc')
    .limit(args.limit + 1)
    .as('top');
  const query = passagesFor(db, viewer)
    .innerJoin(top, 'top.id', 'passages.id')
    .select([...hitColumns(args.q), 'top.rank as rank'])
    .orderBy('top.rank', 'desc')
    .orderBy('passages.id', 'asc');
  const rows = await readText(db, viewer, endpoint, () => query.execute());
  const items = rows.slice(0, args.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > args.limit && last ? encodeCursor([last.rank, last.passage_id]) : null,
  };
}
