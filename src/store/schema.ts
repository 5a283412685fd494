/**
 * The store's schema, as numbered migrations applied in order at open. A migration is never
 * edited once released; changes come as new migrations.
 *
 * @module
 */
import { columnTypes, type SqlDriver, type SqlDialect } from './driver.js';

/** Migration n turns schema version n-1 into n. */
function migrations(dialect: SqlDialect): readonly (readonly string[])[] {
  const { blob, bigint } = columnTypes(dialect);
  return [
    [
      // The device: one row. Secrets in it are wrapped (dev seal, audit key) or one-way (check value).
      `CREATE TABLE device (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         serial TEXT NOT NULL,
         created_at TEXT NOT NULL,
         state TEXT NOT NULL,
         state_reason TEXT,
         seal_kind TEXT NOT NULL,
         threshold INTEGER NOT NULL,
         share_count INTEGER NOT NULL,
         mk_check ${blob} NOT NULL,
         dev_seal ${blob},
         config TEXT NOT NULL
       )`,
      // Role accounts: PBKDF2-HMAC-SM3 of the password, never the password.
      `CREATE TABLE accounts (
         name TEXT PRIMARY KEY,
         role TEXT NOT NULL,
         salt ${blob} NOT NULL,
         iterations INTEGER NOT NULL,
         hash ${blob} NOT NULL,
         failures INTEGER NOT NULL DEFAULT 0,
         locked_until ${bigint} NOT NULL DEFAULT 0
       )`,
      // Internal key pairs: a signing and an encryption pair per index (GM/T 0018 §5).
      `CREATE TABLE key_pairs (
         idx INTEGER NOT NULL,
         usage TEXT NOT NULL,
         algorithm TEXT NOT NULL,
         public_key ${blob} NOT NULL,
         wrapped_private ${blob} NOT NULL,
         created_at TEXT NOT NULL,
         PRIMARY KEY (idx, usage)
       )`,
      // Per-index private-key access passwords (PBKDF2-HMAC-SM3) with lockout counters.
      `CREATE TABLE access_passwords (
         idx INTEGER PRIMARY KEY,
         salt ${blob} NOT NULL,
         iterations INTEGER NOT NULL,
         hash ${blob} NOT NULL,
         failures INTEGER NOT NULL DEFAULT 0,
         locked_until ${bigint} NOT NULL DEFAULT 0
       )`,
      // Key-encryption keys at indexes.
      `CREATE TABLE keks (
         idx INTEGER PRIMARY KEY,
         algorithm TEXT NOT NULL,
         wrapped_key ${blob} NOT NULL,
         created_at TEXT NOT NULL
       )`,
      // The unbounded pool of named keys for the systems above (KMS).
      `CREATE TABLE named_keys (
         id TEXT NOT NULL,
         version INTEGER NOT NULL,
         algorithm TEXT NOT NULL,
         public_key ${blob},
         wrapped_key ${blob} NOT NULL,
         attributes TEXT NOT NULL,
         created_at TEXT NOT NULL,
         PRIMARY KEY (id, version)
       )`,
      // SDF user files.
      `CREATE TABLE files (
         name TEXT PRIMARY KEY,
         size INTEGER NOT NULL,
         data ${blob} NOT NULL
       )`,
      // The audit chain: each record carries SM3 of the previous one and an HMAC-SM3.
      `CREATE TABLE audit (
         seq ${bigint} PRIMARY KEY,
         at TEXT NOT NULL,
         actor TEXT NOT NULL,
         role TEXT,
         action TEXT NOT NULL,
         target TEXT,
         outcome TEXT NOT NULL,
         detail TEXT NOT NULL,
         prev_hash ${blob} NOT NULL,
         mac ${blob} NOT NULL
       )`,
      // The chain's head (last seq and its hash, MACed), so deleting the newest records shows.
      `CREATE TABLE audit_head (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         seq ${bigint} NOT NULL,
         hash ${blob} NOT NULL,
         mac ${blob} NOT NULL
       )`,
    ],
    [
      // Applications registered with the server crypto machine: their client certificate
      // (serial, SPKI fingerprint), the key indexes they may use, and revocation.
      `CREATE TABLE applications (
         name TEXT PRIMARY KEY,
         allowed_indexes TEXT NOT NULL,
         cert_serial TEXT,
         cert_fingerprint TEXT,
         revoked INTEGER NOT NULL DEFAULT 0,
         created_at TEXT NOT NULL,
         rate_limit INTEGER NOT NULL DEFAULT 0
       )`,
      // Every client certificate ever issued (a revoked one stays revoked).
      `CREATE TABLE client_certs (
         serial TEXT PRIMARY KEY,
         application TEXT NOT NULL,
         fingerprint TEXT NOT NULL,
         issued_at TEXT NOT NULL,
         revoked_at TEXT
       )`,
    ],
    [
      // Certificates issued by CAs whose keys live in this device (mima ca issue), by the CA's
      // subject key identifier, with their revocation: what the CA's CRLs list.
      `CREATE TABLE ca_certificates (
         ca_key_id TEXT NOT NULL,
         serial TEXT NOT NULL,
         subject TEXT NOT NULL,
         issued_at TEXT NOT NULL,
         not_after TEXT NOT NULL,
         revoked_at TEXT,
         reason INTEGER,
         PRIMARY KEY (ca_key_id, serial)
       )`,
    ],
    [
      // Durable counters that never repeat, even across restarts (e.g. timestamp serial numbers).
      `CREATE TABLE counters (
         name TEXT PRIMARY KEY,
         value ${bigint} NOT NULL
       )`,
    ],
    [
      // The signature-verification server's trust store, managed through the management API:
      // kind 'anchor' | 'intermediate' | 'crl' | 'key-cert' (id = the key index), PEM text.
      `CREATE TABLE trust_items (
         kind TEXT NOT NULL,
         id TEXT NOT NULL,
         pem TEXT NOT NULL,
         PRIMARY KEY (kind, id)
       )`,
    ],
  ];
}

/** Brings the schema up to date; returns the version now in force. */
export async function migrate(driver: SqlDriver): Promise<number> {
  const all = migrations(driver.dialect);
  return driver.transaction(async (tx) => {
    // Machines of a cluster may start together: one migrates, the others wait for it.
    if (driver.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(7211) AS locked');
    await tx.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = await tx.get<{ version: number }>('SELECT version FROM schema_version');
    let version = row?.version ?? 0;
    if (version > all.length) {
      throw new Error(`store schema version ${version} is newer than this Mima (${all.length}); upgrade Mima`);
    }
    for (; version < all.length; version++) {
      for (const sql of all[version]!) await tx.run(sql);
    }
    if (row === undefined) await tx.run('INSERT INTO schema_version (version) VALUES (?)', [version]);
    else await tx.run('UPDATE schema_version SET version = ?', [version]);
    return version;
  });
}
