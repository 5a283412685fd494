/**
 * The embedded store driver: one SQLite file (better-sqlite3) in the data directory.
 *
 * Durability: WAL journal with synchronous=FULL, so a transaction reported committed survives a
 * killed process and a power cut. better-sqlite3 is synchronous; this driver serialises
 * statements and transactions through one queue so that an async transaction never interleaves
 * with statements from elsewhere in the process.
 *
 * @module
 */
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './driver.js';

type Db = InstanceType<typeof Database>;

function toDb(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p));
}

function fromDb<T extends SqlRow>(row: unknown): T {
  const out: SqlRow = {};
  for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
    out[k] = Buffer.isBuffer(v) ? new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) : (v as SqlValue);
  }
  return out as T;
}

/** Statements executed directly on the connection (callers hold the queue). */
class DirectExecutor implements SqlExecutor {
  readonly #db: Db;
  readonly #cache = new Map<string, Database.Statement>();

  constructor(db: Db) {
    this.#db = db;
  }

  #stmt(sql: string): Database.Statement {
    let s = this.#cache.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#cache.set(sql, s);
    }
    return s;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: this.#stmt(sql).run(...toDb(params)).changes };
  }

  async get<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const row = this.#stmt(sql).get(...toDb(params));
    return row === undefined ? undefined : fromDb<T>(row);
  }

  async all<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.#stmt(sql).all(...toDb(params)).map((r) => fromDb<T>(r));
  }
}

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly #db: Db;
  readonly #direct: DirectExecutor;
  #queue: Promise<unknown> = Promise.resolve();

  /** Opens (creating if needed) the database file; `:memory:` for tests. */
  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten with zeros, not just unlinked (zeroization must not leave
    // wrapped keys in free pages).
    this.#db.pragma('secure_delete = ON');
    this.#direct = new DirectExecutor(this.#db);
  }

  /** Runs `task` after everything queued before it; the queue survives failures. */
  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(task, task);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.#enqueue(() => this.#direct.run(sql, params));
  }

  get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#enqueue(() => this.#direct.get<T>(sql, params));
  }

  all<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#enqueue(() => this.#direct.all<T>(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#enqueue(async () => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const value = await fn(this.#direct);
        this.#db.exec('COMMIT');
        return value;
      } catch (e) {
        if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  async purge(_tables: readonly string[]): Promise<void> {
    await this.#enqueue(async () => {
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  close(): Promise<void> {
    return this.#enqueue(async () => {
      this.#db.close();
    });
  }
}
