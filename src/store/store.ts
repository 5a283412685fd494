/**
 * The store: typed reads and writes of the device's durable state over an SqlDriver.
 * `StoreView` is the set of operations; `Store` adds transactions (a view bound to the
 * transaction) and closing.
 *
 * @module
 */
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './driver.js';
import type {
  AccountRecord,
  ApplicationRecord,
  CaCertificateRecord,
  ClientCertRecord,
  AuditRecord,
  DeviceConfig,
  DeviceRecord,
  DeviceState,
  FileRecord,
  KekRecord,
  KeyPairRecord,
  KeyUsage,
  NamedKeyRecord,
  PasswordVerifier,
} from './records.js';

const num = (v: SqlValue): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const bytes = (v: SqlValue): Uint8Array => v as Uint8Array;
const str = (v: SqlValue): string => v as string;

function deviceFrom(r: SqlRow): DeviceRecord {
  return {
    serial: str(r.serial!),
    createdAt: str(r.created_at!),
    state: str(r.state!) as DeviceState,
    stateReason: (r.state_reason as string | null) ?? null,
    sealKind: str(r.seal_kind!) as DeviceRecord['sealKind'],
    threshold: num(r.threshold!),
    shareCount: num(r.share_count!),
    mkCheck: bytes(r.mk_check!),
    devSeal: (r.dev_seal as Uint8Array | null) ?? null,
    config: JSON.parse(str(r.config!)) as DeviceConfig,
  };
}

function verifierFrom(r: SqlRow): PasswordVerifier {
  return {
    salt: bytes(r.salt!),
    iterations: num(r.iterations!),
    hash: bytes(r.hash!),
    failures: num(r.failures!),
    lockedUntil: num(r.locked_until!),
  };
}

function keyPairFrom(r: SqlRow): KeyPairRecord {
  return {
    index: num(r.idx!),
    usage: str(r.usage!) as KeyUsage,
    algorithm: str(r.algorithm!) as KeyPairRecord['algorithm'],
    publicKey: bytes(r.public_key!),
    wrappedPrivate: bytes(r.wrapped_private!),
    createdAt: str(r.created_at!),
  };
}

function namedKeyFrom(r: SqlRow): NamedKeyRecord {
  return {
    id: str(r.id!),
    version: num(r.version!),
    algorithm: str(r.algorithm!),
    publicKey: (r.public_key as Uint8Array | null) ?? null,
    wrappedKey: bytes(r.wrapped_key!),
    attributes: JSON.parse(str(r.attributes!)) as Record<string, string>,
    createdAt: str(r.created_at!),
  };
}

function auditFrom(r: SqlRow): AuditRecord {
  return {
    seq: num(r.seq!),
    at: str(r.at!),
    actor: str(r.actor!),
    role: (r.role as AuditRecord['role']) ?? null,
    action: str(r.action!),
    target: (r.target as string | null) ?? null,
    outcome: str(r.outcome!) as AuditRecord['outcome'],
    detail: JSON.parse(str(r.detail!)) as Record<string, unknown>,
    prevHash: bytes(r.prev_hash!),
    mac: bytes(r.mac!),
  };
}

function applicationFrom(r: SqlRow): ApplicationRecord {
  return {
    name: str(r.name!),
    allowedIndexes: JSON.parse(str(r.allowed_indexes!)) as number[],
    certSerial: (r.cert_serial as string | null) ?? null,
    certFingerprint: (r.cert_fingerprint as string | null) ?? null,
    revoked: num(r.revoked!) !== 0,
    createdAt: str(r.created_at!),
    rateLimit: num(r.rate_limit!),
  };
}

function clientCertFrom(r: SqlRow): ClientCertRecord {
  return {
    serial: str(r.serial!),
    application: str(r.application!),
    fingerprint: str(r.fingerprint!),
    issuedAt: str(r.issued_at!),
    revokedAt: (r.revoked_at as string | null) ?? null,
  };
}

/** Every typed operation, on a connection or inside a transaction. */
export class StoreView {
  constructor(protected readonly sql: SqlExecutor) {}

  // --- device -------------------------------------------------------------------------

  async getDevice(): Promise<DeviceRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM device WHERE id = 1');
    return r && deviceFrom(r);
  }

  async putDevice(d: DeviceRecord): Promise<void> {
    await this.sql.run('DELETE FROM device WHERE id = 1');
    await this.sql.run(
      `INSERT INTO device (id, serial, created_at, state, state_reason, seal_kind, threshold, share_count, mk_check, dev_seal, config)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [d.serial, d.createdAt, d.state, d.stateReason, d.sealKind, d.threshold, d.shareCount, d.mkCheck, d.devSeal, JSON.stringify(d.config)],
    );
  }

  async setDeviceState(state: DeviceState, reason: string | null): Promise<void> {
    await this.sql.run('UPDATE device SET state = ?, state_reason = ? WHERE id = 1', [state, reason]);
  }

  // --- accounts -----------------------------------------------------------------------

  async getAccount(name: string): Promise<AccountRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM accounts WHERE name = ?', [name]);
    return r && { name: str(r.name!), role: str(r.role!) as AccountRecord['role'], ...verifierFrom(r) };
  }

  async listAccounts(): Promise<AccountRecord[]> {
    const rows = await this.sql.all('SELECT * FROM accounts ORDER BY name');
    return rows.map((r) => ({ name: str(r.name!), role: str(r.role!) as AccountRecord['role'], ...verifierFrom(r) }));
  }

  async putAccount(a: AccountRecord): Promise<void> {
    await this.sql.run('DELETE FROM accounts WHERE name = ?', [a.name]);
    await this.sql.run(
      'INSERT INTO accounts (name, role, salt, iterations, hash, failures, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [a.name, a.role, a.salt, a.iterations, a.hash, a.failures, a.lockedUntil],
    );
  }

  async setAccountFailures(name: string, failures: number, lockedUntil: number): Promise<void> {
    await this.sql.run('UPDATE accounts SET failures = ?, locked_until = ? WHERE name = ?', [failures, lockedUntil, name]);
  }

  // --- internal key pairs ---------------------------------------------------------------

  async getKeyPair(index: number, usage: KeyUsage): Promise<KeyPairRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM key_pairs WHERE idx = ? AND usage = ?', [index, usage]);
    return r && keyPairFrom(r);
  }

  async listKeyPairs(): Promise<KeyPairRecord[]> {
    return (await this.sql.all('SELECT * FROM key_pairs ORDER BY idx, usage')).map(keyPairFrom);
  }

  /** Inserts; an existing pair at (index, usage) is an error (destroy it first). */
  async insertKeyPair(k: KeyPairRecord): Promise<void> {
    await this.sql.run(
      'INSERT INTO key_pairs (idx, usage, algorithm, public_key, wrapped_private, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [k.index, k.usage, k.algorithm, k.publicKey, k.wrappedPrivate, k.createdAt],
    );
  }

  async deleteKeyPairs(index: number): Promise<number> {
    return (await this.sql.run('DELETE FROM key_pairs WHERE idx = ?', [index])).changes;
  }

  // --- access passwords -----------------------------------------------------------------

  async getAccessPassword(index: number): Promise<PasswordVerifier | undefined> {
    const r = await this.sql.get('SELECT * FROM access_passwords WHERE idx = ?', [index]);
    return r && verifierFrom(r);
  }

  async putAccessPassword(index: number, v: PasswordVerifier): Promise<void> {
    await this.sql.run('DELETE FROM access_passwords WHERE idx = ?', [index]);
    await this.sql.run(
      'INSERT INTO access_passwords (idx, salt, iterations, hash, failures, locked_until) VALUES (?, ?, ?, ?, ?, ?)',
      [index, v.salt, v.iterations, v.hash, v.failures, v.lockedUntil],
    );
  }

  async setAccessPasswordFailures(index: number, failures: number, lockedUntil: number): Promise<void> {
    await this.sql.run('UPDATE access_passwords SET failures = ?, locked_until = ? WHERE idx = ?', [failures, lockedUntil, index]);
  }

  async deleteAccessPassword(index: number): Promise<void> {
    await this.sql.run('DELETE FROM access_passwords WHERE idx = ?', [index]);
  }

  // --- KEKs ----------------------------------------------------------------------------

  async getKek(index: number): Promise<KekRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM keks WHERE idx = ?', [index]);
    return r && { index: num(r.idx!), algorithm: 'sm4', wrappedKey: bytes(r.wrapped_key!), createdAt: str(r.created_at!) };
  }

  async listKeks(): Promise<KekRecord[]> {
    const rows = await this.sql.all('SELECT * FROM keks ORDER BY idx');
    return rows.map((r) => ({ index: num(r.idx!), algorithm: 'sm4' as const, wrappedKey: bytes(r.wrapped_key!), createdAt: str(r.created_at!) }));
  }

  async insertKek(k: KekRecord): Promise<void> {
    await this.sql.run('INSERT INTO keks (idx, algorithm, wrapped_key, created_at) VALUES (?, ?, ?, ?)', [
      k.index,
      k.algorithm,
      k.wrappedKey,
      k.createdAt,
    ]);
  }

  async deleteKek(index: number): Promise<number> {
    return (await this.sql.run('DELETE FROM keks WHERE idx = ?', [index])).changes;
  }

  // --- named keys ----------------------------------------------------------------------

  async getNamedKey(id: string, version?: number): Promise<NamedKeyRecord | undefined> {
    const r =
      version === undefined
        ? await this.sql.get('SELECT * FROM named_keys WHERE id = ? ORDER BY version DESC LIMIT 1', [id])
        : await this.sql.get('SELECT * FROM named_keys WHERE id = ? AND version = ?', [id, version]);
    return r && namedKeyFrom(r);
  }

  async insertNamedKey(k: NamedKeyRecord): Promise<void> {
    await this.sql.run(
      'INSERT INTO named_keys (id, version, algorithm, public_key, wrapped_key, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [k.id, k.version, k.algorithm, k.publicKey, k.wrappedKey, JSON.stringify(k.attributes), k.createdAt],
    );
  }

  /** Named keys in id order after `afterId` (for paging through millions). */
  async listNamedKeys(limit: number, afterId = ''): Promise<NamedKeyRecord[]> {
    const rows = await this.sql.all('SELECT * FROM named_keys WHERE id > ? ORDER BY id, version LIMIT ?', [afterId, limit]);
    return rows.map(namedKeyFrom);
  }

  async countNamedKeys(): Promise<number> {
    const r = await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM named_keys');
    return num(r!.n);
  }

  async deleteNamedKey(id: string): Promise<number> {
    return (await this.sql.run('DELETE FROM named_keys WHERE id = ?', [id])).changes;
  }

  // --- files ---------------------------------------------------------------------------

  async getFile(name: string): Promise<FileRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM files WHERE name = ?', [name]);
    return r && { name: str(r.name!), size: num(r.size!), data: bytes(r.data!) };
  }

  async listFiles(): Promise<{ name: string; size: number }[]> {
    const rows = await this.sql.all('SELECT name, size FROM files ORDER BY name');
    return rows.map((r) => ({ name: str(r.name!), size: num(r.size!) }));
  }

  async totalFileBytes(): Promise<number> {
    const r = await this.sql.get<{ n: number | null }>('SELECT SUM(size) AS n FROM files');
    return num(r?.n ?? 0);
  }

  async insertFile(f: FileRecord): Promise<void> {
    await this.sql.run('INSERT INTO files (name, size, data) VALUES (?, ?, ?)', [f.name, f.size, f.data]);
  }

  async updateFileData(name: string, data: Uint8Array): Promise<void> {
    await this.sql.run('UPDATE files SET data = ? WHERE name = ?', [data, name]);
  }

  async deleteFile(name: string): Promise<number> {
    return (await this.sql.run('DELETE FROM files WHERE name = ?', [name])).changes;
  }

  // --- audit ---------------------------------------------------------------------------

  async lastAudit(): Promise<AuditRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM audit ORDER BY seq DESC LIMIT 1');
    return r && auditFrom(r);
  }

  async appendAudit(a: AuditRecord): Promise<void> {
    await this.sql.run(
      'INSERT INTO audit (seq, at, actor, role, action, target, outcome, detail, prev_hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [a.seq, a.at, a.actor, a.role, a.action, a.target, a.outcome, JSON.stringify(a.detail), a.prevHash, a.mac],
    );
  }

  async getAuditHead(): Promise<{ seq: number; hash: Uint8Array; mac: Uint8Array } | undefined> {
    const r = await this.sql.get('SELECT * FROM audit_head WHERE id = 1');
    return r && { seq: num(r.seq!), hash: bytes(r.hash!), mac: bytes(r.mac!) };
  }

  async putAuditHead(seq: number, hash: Uint8Array, mac: Uint8Array): Promise<void> {
    await this.sql.run('DELETE FROM audit_head WHERE id = 1');
    await this.sql.run('INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?)', [seq, hash, mac]);
  }

  /** Records with seq > afterSeq, in order. */
  async listAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.sql.all('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
    return rows.map(auditFrom);
  }

  // --- applications (server crypto machine) ---------------------------------------------

  async getApplication(name: string): Promise<ApplicationRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM applications WHERE name = ?', [name]);
    return r && applicationFrom(r);
  }

  async listApplications(): Promise<ApplicationRecord[]> {
    return (await this.sql.all('SELECT * FROM applications ORDER BY name')).map(applicationFrom);
  }

  async putApplication(a: ApplicationRecord): Promise<void> {
    await this.sql.run('DELETE FROM applications WHERE name = ?', [a.name]);
    await this.sql.run(
      'INSERT INTO applications (name, allowed_indexes, cert_serial, cert_fingerprint, revoked, created_at, rate_limit) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [a.name, JSON.stringify(a.allowedIndexes), a.certSerial, a.certFingerprint, a.revoked ? 1 : 0, a.createdAt, a.rateLimit],
    );
  }

  async insertClientCert(c: ClientCertRecord): Promise<void> {
    await this.sql.run('INSERT INTO client_certs (serial, application, fingerprint, issued_at, revoked_at) VALUES (?, ?, ?, ?, ?)', [
      c.serial, c.application, c.fingerprint, c.issuedAt, c.revokedAt,
    ]);
  }

  async getClientCert(serial: string): Promise<ClientCertRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM client_certs WHERE serial = ?', [serial]);
    return r && clientCertFrom(r);
  }

  async listClientCerts(application?: string): Promise<ClientCertRecord[]> {
    const rows = application === undefined
      ? await this.sql.all('SELECT * FROM client_certs ORDER BY issued_at')
      : await this.sql.all('SELECT * FROM client_certs WHERE application = ? ORDER BY issued_at', [application]);
    return rows.map(clientCertFrom);
  }

  async revokeClientCert(serial: string, at: string): Promise<number> {
    return (await this.sql.run('UPDATE client_certs SET revoked_at = ? WHERE serial = ? AND revoked_at IS NULL', [at, serial])).changes;
  }

  // --- zeroization ---------------------------------------------------------------------

  /** Deletes every secret-bearing row (keys, KEKs, named keys, passwords, files, accounts). */
  // --- CA issuance records -----------------------------------------------------------------

  async insertCaCertificate(c: CaCertificateRecord): Promise<void> {
    await this.sql.run('INSERT INTO ca_certificates (ca_key_id, serial, subject, issued_at, not_after, revoked_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [c.caKeyId, c.serial, c.subject, c.issuedAt, c.notAfter, c.revokedAt, c.reason]);
  }

  async getCaCertificate(caKeyId: string, serial: string): Promise<CaCertificateRecord | undefined> {
    const r = await this.sql.get('SELECT * FROM ca_certificates WHERE ca_key_id = ? AND serial = ?', [caKeyId, serial]);
    return r ? caCertFrom(r) : undefined;
  }

  async revokeCaCertificate(caKeyId: string, serial: string, at: string, reason: number): Promise<number> {
    return (await this.sql.run('UPDATE ca_certificates SET revoked_at = ?, reason = ? WHERE ca_key_id = ? AND serial = ? AND revoked_at IS NULL', [at, reason, caKeyId, serial])).changes;
  }

  async listRevokedCaCertificates(caKeyId: string): Promise<CaCertificateRecord[]> {
    return (await this.sql.all('SELECT * FROM ca_certificates WHERE ca_key_id = ? AND revoked_at IS NOT NULL ORDER BY serial', [caKeyId])).map(caCertFrom);
  }

  // --- counters -------------------------------------------------------------------------------

  /** The next value of a durable counter (1, 2, ...). Call inside a transaction so that concurrent callers never share one. */
  async nextCounter(name: string): Promise<number> {
    const r = await this.sql.get<{ value: number | string }>('SELECT value FROM counters WHERE name = ?', [name]);
    const next = (r ? Number(r.value) : 0) + 1;
    if (r) await this.sql.run('UPDATE counters SET value = ? WHERE name = ?', [next, name]);
    else await this.sql.run('INSERT INTO counters (name, value) VALUES (?, ?)', [name, next]);
    return next;
  }

  // --- trust store of the signature-verification server ---------------------------------------

  async putTrustItem(kind: string, id: string, pem: string): Promise<void> {
    await this.sql.run('DELETE FROM trust_items WHERE kind = ? AND id = ?', [kind, id]);
    await this.sql.run('INSERT INTO trust_items (kind, id, pem) VALUES (?, ?, ?)', [kind, id, pem]);
  }

  async deleteTrustItem(kind: string, id: string): Promise<number> {
    return (await this.sql.run('DELETE FROM trust_items WHERE kind = ? AND id = ?', [kind, id])).changes;
  }

  async listTrustItems(): Promise<{ kind: string; id: string; pem: string }[]> {
    return (await this.sql.all('SELECT kind, id, pem FROM trust_items ORDER BY kind, id')).map((r) => ({ kind: r.kind as string, id: r.id as string, pem: r.pem as string }));
  }

  async eraseSecrets(): Promise<void> {
    for (const table of SECRET_TABLES) {
      await this.sql.run(`DELETE FROM ${table}`);
    }
    await this.sql.run('UPDATE device SET dev_seal = NULL WHERE id = 1');
  }
}

function caCertFrom(r: SqlRow): CaCertificateRecord {
  return {
    caKeyId: r.ca_key_id as string, serial: r.serial as string, subject: r.subject as string, issuedAt: r.issued_at as string,
    notAfter: r.not_after as string, revokedAt: (r.revoked_at as string | null) ?? null, reason: r.reason === null || r.reason === undefined ? null : Number(r.reason),
  };
}

/** Tables whose rows hold secrets (wrapped keys, verifiers, user files, accounts). */
export const SECRET_TABLES: readonly string[] = Object.freeze(['key_pairs', 'keks', 'named_keys', 'access_passwords', 'files', 'accounts']);

export class Store extends StoreView {
  readonly #driver: SqlDriver;

  constructor(driver: SqlDriver) {
    super(driver);
    this.#driver = driver;
  }

  get dialect(): SqlDriver['dialect'] {
    return this.#driver.dialect;
  }

  /** Runs `fn` with a view bound to one transaction. */
  transaction<T>(fn: (tx: StoreView) => Promise<T>): Promise<T> {
    return this.#driver.transaction((sql) => fn(new StoreView(sql)));
  }

  /** After eraseSecrets: purges the deleted rows from the database files (SqlDriver.purge). */
  async purgeSecrets(): Promise<void> {
    await this.#driver.purge(SECRET_TABLES);
  }

  close(): Promise<void> {
    return this.#driver.close();
  }
}
