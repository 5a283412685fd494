/**
 * Durable state: one store interface over two SQL drivers — embedded SQLite (the default, a
 * single file `mima.db` in the data directory) and PostgreSQL (shared state for a cluster).
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresDriver } from './postgres.js';
import { SqliteDriver } from './sqlite.js';
import { migrate } from './schema.js';
import { Store } from './store.js';

export { Store, StoreView } from './store.js';
export type * from './records.js';
export type { SqlDriver, SqlExecutor, SqlValue, SqlRow, SqlDialect } from './driver.js';

/** The database file inside a data directory. */
export const STORE_FILE = 'mima.db';

/** Opens (creating if needed) the embedded store in `dataDir`, schema up to date. */
export async function openSqliteStore(dataDir: string): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const driver = new SqliteDriver(join(dataDir, STORE_FILE));
  await migrate(driver);
  return new Store(driver);
}

/** An in-memory SQLite store (tests). */
export async function openMemoryStore(): Promise<Store> {
  const driver = new SqliteDriver(':memory:');
  await migrate(driver);
  return new Store(driver);
}

/** Opens the PostgreSQL store at `connectionString` (the cluster backend), schema up to date. */
export async function openPostgresStore(connectionString: string): Promise<Store> {
  const driver = new PostgresDriver(connectionString);
  await migrate(driver);
  return new Store(driver);
}
