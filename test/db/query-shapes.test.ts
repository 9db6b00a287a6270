import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/connection.ts';
import { QueryShapes } from '../../src/db/query-shapes.ts';
import { TEST_DATABASE_URL } from '../support/test-settings.ts';

describe('query shapes: a query built once per shape, its values bound on each call', () => {
  const db = createDb(TEST_DATABASE_URL, 1);
  afterAll(async () => db.destroy());

  type QuestionValues = { docketId: string; from: number; take: number; section?: string };
  const questions = (v: QuestionValues) => {
    let query = db
      .selectFrom('questions')
      .select(['number', 'section'])
      .where('docket_id', '=', v.docketId)
      .where('number', '>=', v.from);
    if (v.section !== undefined) query = query.where('section', '=', v.section);
    return query.orderBy('number').limit(v.take);
  };
  const fresh = (v: QuestionValues) => questions(v).compile();

  it('compiles to what building the query afresh compiles to, for every set of values', () => {
    const shapes = new QueryShapes();
    const cases: QuestionValues[] = [
      { docketId: 'ITA-ITA-2025-0070', from: 3, take: 5 },
      { docketId: 'another docket', from: 11, take: 2 },
      { docketId: 'ITA-ITA-2025-0070', from: 1, take: 5, section: 'F' },
      { docketId: "it's \\ odd", from: 0, take: 1, section: 'A' },
    ];
    for (const values of cases) {
      const compiled = shapes.compile('questions', values, questions);
      expect(compiled.sql).toBe(fresh(values).sql);
      expect(compiled.parameters).toEqual(fresh(values).parameters);
    }
    expect(shapes.isCached('questions', cases[0]!)).toBe(true);
    expect(shapes.isCached('questions', cases[2]!)).toBe(true);
  });

  it('reads the same rows from Postgres as the query built afresh', async () => {
    const shapes = new QueryShapes();
    for (const values of [
      { docketId: 'ITA-ITA-2025-0070', from: 15, take: 4 },
      { docketId: 'ITA-ITA-2025-0070', from: 2, take: 3, section: 'A' },
    ]) {
      const cached = await db.executeQuery(shapes.compile('questions', values, questions));
      expect(cached.rows).toEqual(await questions(values).execute());
      expect(cached.rows.length).toBeGreaterThan(0);
    }
  });

  it('builds afresh, and still right, a shape whose values are computed on or written into the SQL', () => {
    const shapes = new QueryShapes();
    const computed = (v: { take: number }) =>
      db
        .selectFrom('questions')
        .select('number')
        .limit(v.take + 1);
    const inlined = (v: { section: string }) =>
      db
        .selectFrom('questions')
        .select('number')
        .where(sql<boolean>`section = ${sql.lit(v.section)}`);
    for (const take of [2, 7]) {
      expect(shapes.compile('computed', { take }, computed).parameters).toEqual([take + 1]);
    }
    for (const section of ['A', 'B']) {
      expect(shapes.compile('inlined', { section }, inlined).sql).toBe(inlined({ section }).compile().sql);
    }
    expect(shapes.isCached('computed', { take: 2 })).toBe(false);
    expect(shapes.isCached('inlined', { section: 'A' })).toBe(false);
  });
});
