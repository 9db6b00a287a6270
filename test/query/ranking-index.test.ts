import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IndexedPassage,
  type RankedPassage,
  RankingIndex,
} from '../../src/query/ranking/ranking-index.ts';
import {
  isBooleanOverLexemes,
  loosenPhrases,
  parseTsqueryText,
  type TsQuery,
} from '../../src/query/ranking/tsquery-text.ts';
import { parseTsvectorText } from '../../src/query/ranking/tsvector-text.ts';
import { TEST_DATABASE_URL } from '../support/test-settings.ts';

/**
 * The in-memory ranking must match exactly the passages Postgres matches (it reads Postgres's own
 * tsvectors and tsqueries, so the texts here go through Postgres), rank by BM25 over what analysts may
 * read, and page without repeating or skipping.
 */
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

async function tsvectorText(text: string): Promise<string> {
  const result = await client.query<{ v: string }>(`SELECT to_tsvector('english', $1)::text AS v`, [text]);
  return result.rows[0]!.v;
}

async function tsquery(q: string): Promise<TsQuery | null> {
  const result = await client.query<{ q: string }>(`SELECT websearch_to_tsquery('english', $1)::text AS q`, [
    q,
  ]);
  return parseTsqueryText(result.rows[0]!.q);
}

async function passage(id: number, text: string): Promise<IndexedPassage> {
  return { id, ...parseTsvectorText(await tsvectorText(text)) };
}

const ids = (ranked: RankedPassage[]) => ranked.map((r) => r.id);

describe('reading Postgres text forms', () => {
  it('reads every lexeme of a tsvector with how often it occurs, quotes and backslashes included', async () => {
    const text = `O'Neill's export-control export controls; C:\\temp\\files back\\slash 'quoted' export 100% AI`;
    const parsed = parseTsvectorText(await tsvectorText(text));
    const expected = await client.query<{ lexeme: string; n: number }>(
      `SELECT lexeme, array_length(positions, 1) AS n FROM unnest(to_tsvector('english', $1)) ORDER BY lexeme`,
      [text],
    );
    const got = parsed.lexemes
      .map((lexeme, i) => ({ lexeme, n: parsed.counts[i] }))
      .sort((a, b) => (a.lexeme < b.lexeme ? -1 : a.lexeme > b.lexeme ? 1 : 0));
    expect(got).toEqual(
      expected.rows.sort((a, b) => (a.lexeme < b.lexeme ? -1 : a.lexeme > b.lexeme ? 1 : 0)),
    );
    expect(parsed.lexemes).toContain('export');
    // export-control export controls … export: the compound's part and the two words.
    expect(parsed.counts[parsed.lexemes.indexOf('export')]).toBe(3);
  });

  it('reads weights and stripped vectors', () => {
    expect(parseTsvectorText(`'a':1A,2 'b':3C 'c'`)).toEqual({ lexemes: ['a', 'b', 'c'], counts: [2, 1, 1] });
    expect(() => parseTsvectorText(`'a':x`)).toThrow(/position/);
  });

  it('reads what websearch_to_tsquery makes of an analyst’s query', async () => {
    expect(await tsquery('export controls')).toEqual({
      kind: 'and',
      left: { kind: 'term', lexeme: 'export', prefix: false, weights: '' },
      right: { kind: 'term', lexeme: 'control', prefix: false, weights: '' },
    });
    // websearch's OR binds looser than AND, as in the engines it imitates.
    expect(await tsquery('nuclear or solar -coal')).toMatchObject({
      kind: 'or',
      left: { kind: 'term', lexeme: 'nuclear' },
      right: { kind: 'and', right: { kind: 'not', operand: { kind: 'term', lexeme: 'coal' } } },
    });
    expect(await tsquery('the of and')).toBeNull();
    // Quoted phrases and hyphenated words need positions: Postgres ranks those.
    expect(isBooleanOverLexemes((await tsquery('"export control"'))!)).toBe(false);
    expect(isBooleanOverLexemes((await tsquery('AI-enabled'))!)).toBe(false);
    expect(isBooleanOverLexemes((await tsquery("O'Neill's"))!)).toBe(false);
    expect(isBooleanOverLexemes((await tsquery('export or control -licence'))!)).toBe(true);
    expect(parseTsqueryText(`'a':*B & !( 'b' | 'c' )`)).toEqual({
      kind: 'and',
      left: { kind: 'term', lexeme: 'a', prefix: true, weights: 'B' },
      right: {
        kind: 'not',
        operand: {
          kind: 'or',
          left: { kind: 'term', lexeme: 'b', prefix: false, weights: '' },
          right: { kind: 'term', lexeme: 'c', prefix: false, weights: '' },
        },
      },
    });
  });
});

describe('loosening phrases', () => {
  it('turns each phrase into AND over its words, and gives up on a phrase under NOT', async () => {
    expect(loosenPhrases((await tsquery('"export controls" or nuclear'))!)).toEqual(
      await tsquery('export controls or nuclear'),
    );
    expect(loosenPhrases((await tsquery('full-stack'))!)).toEqual({
      kind: 'and',
      left: {
        kind: 'and',
        left: expect.objectContaining({ lexeme: 'full-stack' }),
        right: expect.objectContaining({ lexeme: 'full' }),
      },
      right: expect.objectContaining({ lexeme: 'stack' }),
    });
    expect(loosenPhrases((await tsquery('export -"export controls"'))!)).toBeNull();
  });
});

describe('matching', () => {
  const texts = [
    'Export controls on advanced AI chips should be predictable for allies.',
    'We support export financing through EXIM and DFC for the full-stack package.',
    'Controls on model weights are not needed; compute controls suffice.',
    'Nuclear power and solar energy will supply the data centers.',
    'Coal is not part of our energy plan; solar and nuclear are.',
    'Political risk insurance lowers the cost of capital in emerging markets.',
    'Sovereign cloud requirements shape how we deploy in the Gulf.',
    'The consortium will export cloud services with security controls.',
    "O'Neill's team reviewed the export licensing process.",
    'Licensing delays cost us contracts with foreign buyers.',
  ];
  const queries = [
    'export controls',
    'export',
    'solar or nuclear',
    'energy -coal',
    'cloud or risk -political',
    '-export',
    'licensing delays',
    'zeppelin',
    'the',
    'controls or export licensing',
    'export -licensing or nuclear -solar',
  ];

  it('matches exactly the passages Postgres matches, for every kind of query websearch makes', async () => {
    const index = new RankingIndex();
    index.addPassages('file-a', false, await Promise.all(texts.map((t, i) => passage(i + 1, t))));
    for (const q of queries) {
      const expected = await client.query<{ id: number }>(
        `SELECT i::int AS id FROM unnest($1::text[]) WITH ORDINALITY AS t(text, i)
          WHERE to_tsvector('english', text) @@ websearch_to_tsquery('english', $2) ORDER BY i`,
        [texts, q],
      );
      const got = index.rank(await tsquery(q), { includeHidden: false, limit: 100 });
      expect(
        [...ids(got)].sort((a, b) => a - b),
        q,
      ).toEqual(expected.rows.map((r) => r.id));
    }
  });
});

describe('ranking', () => {
  it('puts more occurrences, shorter passages and rarer words first (BM25)', async () => {
    const index = new RankingIndex();
    index.addPassages('f', false, [
      await passage(
        1,
        'Tariffs matter. Financing matters too, and long discussions of many other topics follow here.',
      ),
      await passage(2, 'Tariffs and tariffs again: tariffs decide financing.'),
      await passage(3, 'Financing.'),
      await passage(4, 'Tariffs matter.'),
      await passage(
        5,
        'Tariffs are one thing among many; the plan covers ports, energy, talent, standards, and more.',
      ),
    ]);
    expect(ids(index.rank(await tsquery('tariffs'), { includeHidden: false, limit: 10 }))).toEqual([
      2, 4, 1, 5,
    ]);
    // Financing is in fewer passages than tariffs, so in an OR it counts for more.
    const either = ids(
      index.rank(await tsquery('tariffs or financing'), { includeHidden: false, limit: 10 }),
    );
    expect(either.indexOf(3)).toBeLessThan(either.indexOf(4));
  });

  it('leaves hidden files out unless asked, and their text moves no analyst’s score', async () => {
    const index = new RankingIndex();
    index.addPassages('public', false, [
      await passage(1, 'Offtake agreements in Zanzibar.'),
      await passage(2, 'Ports.'),
    ]);
    const q = await tsquery('offtake');
    const before = index.rank(q, { includeHidden: false, limit: 10 });
    index.addPassages('bc', true, [
      await passage(3, 'Offtake offtake offtake Zanzibar.'),
      await passage(4, 'Our offtake price is confidential.'),
    ]);
    expect(index.rank(q, { includeHidden: false, limit: 10 })).toEqual(before);
    expect(ids(index.rank(q, { includeHidden: true, limit: 10 })).sort()).toEqual([1, 3, 4]);

    // Releasing (or quarantining) a file is a flag on it.
    index.replaceFile('bc', false, [await passage(3, 'Offtake offtake offtake Zanzibar.')]);
    expect(ids(index.rank(q, { includeHidden: false, limit: 10 }))).toEqual([3, 1]);
    index.removeFile('bc');
    expect(ids(index.rank(q, { includeHidden: true, limit: 10 }))).toEqual([1]);
    expect(index.passageCount).toBe(2);
  });

  it('pages by cursor through every match once, in order, ties broken by id', async () => {
    const index = new RankingIndex();
    const passages: IndexedPassage[] = [];
    for (let i = 1; i <= 57; i++) passages.push(await passage(i, `Grid ${'capacity '.repeat(1 + (i % 4))}`));
    index.addPassages('f', false, passages);
    const q = await tsquery('grid capacity');
    const all = index.rank(q, { includeHidden: false, limit: 1000 });
    expect(all).toHaveLength(57);
    const paged: RankedPassage[] = [];
    let after: RankedPassage | undefined;
    for (;;) {
      const page = index.rank(q, { includeHidden: false, limit: 10, ...(after ? { after } : {}) });
      paged.push(...page);
      if (page.length < 10) break;
      after = page.at(-1);
    }
    expect(paged).toEqual(all);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
    }
  });

  it('answers the same after dropping the slots of replaced files', async () => {
    const index = new RankingIndex();
    const lexemes = ['grid', 'export', 'talent'];
    const make = (id: number) => ({ id, lexemes: [lexemes[id % 3]!, 'common'], counts: [1 + (id % 2), 1] });
    let id = 1;
    // 60,000 replacements of a small file leave enough dead slots to trigger a rebuild.
    index.addPassages('kept', false, [make(id++), make(id++), make(id++)]);
    for (let round = 0; round < 20_000; round++)
      index.replaceFile('churn', round % 2 === 0, [make(id++), make(id++), make(id++)]);
    const fresh = new RankingIndex();
    fresh.addPassages('kept', false, [make(1), make(2), make(3)]);
    fresh.addPassages('churn', false, [make(id - 3), make(id - 2), make(id - 1)]);
    const q: TsQuery = { kind: 'term', lexeme: 'common', prefix: false, weights: '' };
    for (const includeHidden of [false, true]) {
      expect(index.rank(q, { includeHidden, limit: 10 })).toEqual(
        fresh.rank(q, { includeHidden, limit: 10 }),
      );
    }
    expect(index.passageCount).toBe(6);
  });
});
