/**
 * The SQL seam under the store: one small interface, two drivers (embedded SQLite by default,
 * PostgreSQL for a cluster). Repositories above it write portable SQL with `?` placeholders;
 * a driver adapts placeholders and byte types to its database.
 *
 * @module
 */

/** Values that cross the seam. Byte strings are Uint8Array both ways. */
export type SqlValue = null | number | bigint | string | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

/** Statements on a connection (or inside a transaction). */
export interface SqlExecutor {
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDriver extends SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Runs `fn` in one transaction: everything it writes through `tx` commits together, or
   * nothing does if it throws. Inside `fn`, use only `tx` (the driver itself waits for the
   * transaction to end).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * After secrets were deleted (zeroization): makes the deleted rows unrecoverable from the
   * database files as far as the database can (SQLite: freed content is zeroed by
   * secure_delete, then the WAL is checkpointed and truncated; PostgreSQL: VACUUM FULL rewrites
   * the tables without their dead rows). `tables` names the tables that held secrets.
   */
  purge(tables: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Column types per dialect, for the schema. */
export function columnTypes(dialect: SqlDialect): { blob: string; bigint: string } {
  return dialect === 'sqlite' ? { blob: 'BLOB', bigint: 'INTEGER' } : { blob: 'BYTEA', bigint: 'BIGINT' };
}
