/**
 * The cluster store driver: PostgreSQL through `pg`, shared by every machine of a cluster.
 * Placeholders are written `?` by the repositories and numbered here; byte strings are BYTEA
 * (Buffer in node-postgres, Uint8Array at the seam).
 *
 * @module
 */
import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './driver.js';

/** `?` → `$1, $2, ...` (our SQL has no `?` inside string literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function toPg(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p));
}

function fromPg<T extends SqlRow>(row: Record<string, unknown>): T {
  const out: SqlRow = {};
  for (const [k, v] of Object.entries(row)) {
    if (Buffer.isBuffer(v)) out[k] = new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    // COUNT/SUM and BIGINT columns arrive as strings: numbers here are far below 2^53.
    else if (typeof v === 'string' && /^(count|n|seq|locked_until)$/.test(k)) out[k] = Number(v);
    else out[k] = v as SqlValue;
  }
  return out as T;
}

type Queryable = pg.Pool | pg.PoolClient;

class PgExecutor implements SqlExecutor {
  constructor(private readonly q: Queryable) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    const r = await this.q.query(numbered(sql), toPg(params));
    return { changes: r.rowCount ?? 0 };
  }

  async get<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const r = await this.q.query(numbered(sql), toPg(params));
    return r.rows[0] === undefined ? undefined : fromPg<T>(r.rows[0] as Record<string, unknown>);
  }

  async all<T extends SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.q.query(numbered(sql), toPg(params));
    return r.rows.map((row) => fromPg<T>(row as Record<string, unknown>));
  }
}

export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #direct: PgExecutor;

  /** `connectionString` as libpq takes it, e.g. postgres://user@host:5432/mima. */
  constructor(connectionString: string, opts: { max?: number } = {}) {
    this.#pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
    this.#direct = new PgExecutor(this.#pool);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.#direct.run(sql, params);
  }

  get<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.#direct.get<T>(sql, params);
  }

  all<T extends SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#direct.all<T>(sql, params);
  }

  /** SERIALIZABLE transactions: concurrent machines appending the audit chain cannot fork it. */
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.#pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const value = await fn(new PgExecutor(client));
        await client.query('COMMIT');
        return value;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        // 40001 serialization_failure / 40P01 deadlock: another machine won; try again.
        const code = (e as { code?: string }).code;
        if ((code === '40001' || code === '40P01') && attempt < 20) continue;
        throw e;
      } finally {
        client.release();
      }
    }
  }

  async purge(tables: readonly string[]): Promise<void> {
    for (const t of tables) {
      if (!/^[a-z_]+$/.test(t)) throw new RangeError(`purge: bad table name ${t}`);
      await this.#pool.query(`VACUUM FULL ${t}`);
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
