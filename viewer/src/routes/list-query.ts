import type { Context } from 'hono';
import type { SessionFilter } from '../store/read-sessions.js';

/** The list filters from a request's query string; empty values mean "no filter". */
export function listQuery(c: Context): SessionFilter {
  const { user, tag, limit, cursor, q, model, error, meta, feedback } = c.req.query();
  return {
    user: user || undefined,
    tag: tag || undefined,
    q: q || undefined,
    model: model || undefined,
    error: error === '1' || error === 'true',
    meta: meta || undefined,
    feedback: feedback === 'up' || feedback === 'down' ? feedback : undefined,
    limit: limit ? Number(limit) || undefined : undefined,
    cursor: cursor || undefined,
  };
}
