/**
 * The part of the D1 binding this app uses. Declared here rather than pulled from
 * `@cloudflare/workers-types`, which the repo does not install and whose globals would clash with the
 * DOM and Node types the rest of the repo compiles against.
 */
export interface D1Result<T> {
  results: T[];
  success: boolean;
  meta: { changes?: number; duration?: number };
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run(): Promise<D1Result<unknown>>;
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  /** Runs the statements in order in one transaction: all of them take effect or none does. */
  batch(statements: D1PreparedStatement[]): Promise<D1Result<unknown>[]>;
}
