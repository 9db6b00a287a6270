import { type Compilable, type CompiledQuery, createQueryId } from 'kysely';

type Values = Record<string, string | number>;

interface Shape {
  template: CompiledQuery;
  /** For each value's name, the parameter positions its marker took. */
  slots: [name: string, positions: number[]][];
}

/**
 * Kysely parses and compiles a query's whole tree on every call. For an analyst's page of answers, whose
 * SQL takes about a millisecond, that is a tenth of the API's time. Calls of one shape (the same builder
 * calls with different values) compile to the same SQL, so each shape is built once with marker values
 * and later calls put their values where the markers landed among the parameters.
 *
 * `build` may use its values only as bound parameters, and may branch only on which values are present
 * (part of the shape) or on what the key says (a reader who sees BC text or not). A shape whose values
 * do not come through untouched (inlined, or computed on) is not cached: it is built on every call.
 */
export class QueryShapes {
  readonly #shapes = new Map<string, Shape | 'unshapeable'>();

  compile<Row, V extends Values>(
    key: string,
    values: V,
    build: (values: V) => Compilable<Row>,
  ): CompiledQuery<Row> {
    const shapeKey = `${key}|${Object.keys(values).join(',')}`;
    let shape = this.#shapes.get(shapeKey);
    if (shape === undefined) {
      shape = learnShape(values, build) ?? 'unshapeable';
      this.#shapes.set(shapeKey, shape);
    }
    if (shape === 'unshapeable') return build(values).compile();
    const parameters = [...shape.template.parameters];
    for (const [name, positions] of shape.slots) {
      for (const position of positions) parameters[position] = values[name];
    }
    return { ...shape.template, queryId: createQueryId(), parameters } as CompiledQuery<Row>;
  }

  /** Whether calls with this key and these values' names reuse one compiled query (for tests). */
  isCached(key: string, values: Values): boolean {
    const shape = this.#shapes.get(`${key}|${Object.keys(values).join(',')}`);
    return shape !== undefined && shape !== 'unshapeable';
  }
}

function learnShape<V extends Values>(values: V, build: (values: V) => Compilable<unknown>): Shape | null {
  // Markers no caller would pass: strings holding NULs (Postgres text cannot), odd huge negatives.
  const markers = Object.fromEntries(
    Object.entries(values).map(([name, value], i) => [
      name,
      typeof value === 'string' ? `\u0000shape-marker-${i}\u0000` : -987_654_321_987.5 - i,
    ]),
  ) as V;
  const template = build(markers).compile();
  const slots = Object.entries(markers).map(
    ([name, marker]) =>
      [
        name,
        template.parameters.flatMap((parameter, position) => (parameter === marker ? [position] : [])),
      ] as [string, number[]],
  );
  const inlined = Object.values(markers).some(
    (marker) => typeof marker === 'string' && template.sql.includes(marker),
  );
  if (inlined || slots.some(([, positions]) => positions.length === 0)) return null;
  return { template, slots };
}
