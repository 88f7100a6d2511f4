import type { D1Database, D1PreparedStatement } from '../../viewer/src/d1.js';

/** A statement the store ran: its SQL and parameters. */
export interface RanStatement {
  sql: string;
  params: unknown[];
}

/**
 * A D1 binding that records every statement run through it and passes it on to the real one, so a
 * test can run `EXPLAIN QUERY PLAN` on exactly what the store sent.
 */
export function recordingD1(db: D1Database, ran: RanStatement[]): D1Database {
  const wrap = (sql: string, statement: D1PreparedStatement, params: unknown[]): D1PreparedStatement => {
    const record = <T>(result: T): T => {
      ran.push({ sql, params });
      return result;
    };
    return {
      bind: (...values) => wrap(sql, statement.bind(...values), values),
      first: () => record(statement.first()),
      all: () => record(statement.all()),
      run: () => record(statement.run()),
      // Read by batch() below to record batched statements.
      ...({ sql, params, inner: statement } as object),
    } as D1PreparedStatement;
  };
  return {
    prepare: (sql) => wrap(sql, db.prepare(sql), []),
    batch: (statements) => {
      for (const statement of statements as unknown as RanStatement[])
        ran.push({ sql: statement.sql, params: statement.params });
      return db.batch(statements.map((statement) => (statement as unknown as { inner: D1PreparedStatement }).inner));
    },
  };
}
