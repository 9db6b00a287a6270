import { AppError } from '../errors.ts';

/** Cursors are opaque to clients: base64url of a small JSON array of the sort keys of the last row. */
export function encodeCursor(keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  shape: ('string' | 'number')[],
): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(keys) && keys.length === shape.length && keys.every((k, i) => typeof k === shape[i]))
      return keys;
  } catch {}
  throw new AppError(
    400,
    'invalid_cursor',
    'That cursor is not one this endpoint gave out. Start again without a cursor.',
  );
}
