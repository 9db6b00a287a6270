import { AppError } from '../errors.ts';

type Shape = ('string' | 'number')[];

/** Cursors are opaque to clients: base64url of a small JSON array of the sort keys of the last row. */
export function encodeCursor(keys: (string | number)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, shape: Shape): (string | number)[] | null {
  return decodeCursorOfShapes(cursor, [shape]);
}

/** For an endpoint that hands out more than one kind of cursor: the keys, whichever shape they have. */
export function decodeCursorOfShapes(
  cursor: string | undefined,
  shapes: Shape[],
): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(keys) &&
      shapes.some((shape) => keys.length === shape.length && keys.every((k, i) => typeof k === shape[i]))
    )
      return keys;
  } catch {}
  throw invalidCursor();
}

export const invalidCursor = () =>
  new AppError(
    400,
    'invalid_cursor',
    'That cursor is not one this endpoint gave out. Start again without a cursor.',
  );
