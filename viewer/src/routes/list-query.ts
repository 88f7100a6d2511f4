import type { Context } from 'hono';
import type { SessionFilter } from '../store/read-sessions.js';

/** The list filters from a request's query string; empty values mean "no filter". */
export function listQuery(c: Context): SessionFilter {
  const { user, tag, limit, cursor } = c.req.query();
  return {
    user: user || undefined,
    tag: tag || undefined,
    limit: limit ? Number(limit) || undefined : undefined,
    cursor: cursor || undefined,
  };
}
