import { type TProperties, type TSchema, Type } from '@sinclair/typebox';
import type { Finding } from '../findings/finding.ts';

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});

export const FindingSchema = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]),
  file_id: Type.Union([Type.String(), Type.Null()]),
  page: Type.Union([Type.Integer(), Type.Null()]),
  message: Type.String(),
});

export const toFindingBody = (f: Finding) => ({
  code: f.code,
  severity: f.severity,
  file_id: f.fileId,
  page: f.page,
  message: f.message,
});

/** Ids are UUIDs; anything else cannot name a row, so routes answer 404 without asking the database. */
export const isUuid = (id: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A whole list: `{ items }`. */
export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

/** One page of a keyset-paged list: `{ items, …extra, next_cursor }`, the cursor null on the last page. */
export const PageOf = <T extends TSchema, E extends TProperties = Record<never, TSchema>>(
  item: T,
  extra?: E,
) =>
  Type.Object({
    items: Type.Array(item),
    ...(extra ?? ({} as E)),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass it as `cursor` for the next page; null on the last page',
    }),
  });
