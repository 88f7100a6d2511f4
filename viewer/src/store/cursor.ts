/** Why a `?cursor=` could not be read (the API answers 400). */
export class CursorError extends Error {}

/** Where a page ends, as the next page's `?cursor=`: the last row's time and id, base64url JSON. */
export function encodeCursor(lastMs: number, id: string): string {
  return btoa(JSON.stringify([lastMs, id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Reads a cursor made by encodeCursor; anything else is a CursorError. */
export function decodeCursor(cursor: string): { lastMs: number; id: string } {
  try {
    const [lastMs, id] = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof lastMs === 'number' && Number.isFinite(lastMs) && typeof id === 'string') return { lastMs, id };
  } catch {
    // falls through to the error below
  }
  throw new CursorError('cursor is not one this viewer made; use the nextCursor of the previous page');
}

/** The page size from `?limit=`: 1 to 1000, default 200. */
export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? 200) || 200, 1), 1000);
}
