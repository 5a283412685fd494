/**
 * The crypto card's protections (GM/T 0028 level 2): roles, login and access-right lockouts,
 * the locked state, M-of-N unlocking, integrity of stored keys, audit without secrets, and
 * zeroization. One behaviour per test; in-memory or temporary SQLite stores.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { Device, runKnownAnswerSelfTests, type Principal } from '../../src/device/index.js';
import { openMemoryStore, openSqliteStore, type Store } from '../../src/store/index.js';

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;
const ACCOUNTS = [
  { name: 'so', role: 'security-officer' as const, password: utf8('so-password') },
  { name: 'op', role: 'operator' as const, password: utf8('op-password') },
  { name: 'au', role: 'auditor' as const, password: utf8('au-password') },
];

interface Opened { device: Device; so: Principal; op: Principal; au: Principal }

async function devSealed(store?: Store, config = {}): Promise<Opened> {
  const device = await Device.open(store ?? (await openMemoryStore()), { selfTests: runKnownAnswerSelfTests });
  await device.init({ seal: { kind: 'dev', passphrase: utf8('dev') }, accounts: ACCOUNTS, config: { passwordIterations: 1000, ...config } });
  return { device, so: await device.login('so', utf8('so-password')), op: await device.login('op', utf8('op-password')), au: await device.login('au', utf8('au-password')) };
}

describe('roles (each role is refused the others\' work)', () => {
  test('the operator and the auditor cannot generate, destroy or zeroize keys', async () => {
    const { device, op, au } = await devSealed();
    for (const p of [op, au]) {
      await assert.rejects(device.keys.generateKeyPair(p, 1, 'sm2'), code('SDR_MIMA_ROLE'));
      await assert.rejects(device.keys.generateKek(p, 1), code('SDR_MIMA_ROLE'));
      await assert.rejects(device.zeroize(p), code('SDR_MIMA_ROLE'));
    }
    await device.close();
  });

  test('the security officer and the auditor cannot open sessions (use keys)', async () => {
    const { device, so, au } = await devSealed();
    assert.throws(() => device.openSession(so), code('SDR_MIMA_ROLE'));
    assert.throws(() => device.openSession(au), code('SDR_MIMA_ROLE'));
    await device.close();
  });

  test('only the auditor reads the audit log', async () => {
    const { device, so, op, au } = await devSealed();
    assert.throws(() => device.auditLog(so), code('SDR_MIMA_ROLE'));
    assert.throws(() => device.auditLog(op), code('SDR_MIMA_ROLE'));
    assert.ok(device.auditLog(au));
    await device.close();
  });
});

describe('authentication', () => {
  test('repeated wrong passwords lock the account out, even for the right password', async () => {
    const { device } = await devSealed(undefined, { lockoutThreshold: 3, lockoutSeconds: 60 });
    for (let i = 0; i < 3; i++) await assert.rejects(device.login('op', utf8('wrong')), code('SDR_MIMA_AUTH'));
    await assert.rejects(device.login('op', utf8('op-password')), code('SDR_MIMA_LOCKOUT'));
    await device.close();
  });

  test('an unknown account and a wrong password give the same error', async () => {
    const { device } = await devSealed();
    await assert.rejects(device.login('nobody', utf8('x')), code('SDR_MIMA_AUTH'));
    await assert.rejects(device.login('op', utf8('x')), code('SDR_MIMA_AUTH'));
    await device.close();
  });

  test('the private-key access right locks out after repeated wrong passwords', async () => {
    const { device, so, op } = await devSealed(undefined, { lockoutThreshold: 2, lockoutSeconds: 60 });
    await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('index-one') });
    const s = device.openSession(op);
    await assert.rejects(s.getPrivateKeyAccessRight(1, utf8('bad')), code('SDR_PRKRERR'));
    await assert.rejects(s.getPrivateKeyAccessRight(1, utf8('bad')), code('SDR_PRKRERR'));
    await assert.rejects(s.getPrivateKeyAccessRight(1, utf8('index-one')), code('SDR_MIMA_LOCKOUT'));
    await device.close();
  });

  test('the access right belongs to the session that got it', async () => {
    const { device, so, op } = await devSealed();
    await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('index-one') });
    const a = device.openSession(op);
    const b = device.openSession(op);
    await a.getPrivateKeyAccessRight(1, utf8('index-one'));
    assert.equal((await a.internalSignDigests(1, [new Uint8Array(32)])).length, 1);
    await assert.rejects(b.internalSignDigests(1, [new Uint8Array(32)]), code('SDR_PARDENY'));
    await device.close();
  });
});

describe('shares and the locked state', () => {
  test('M of N shares unlock the device; fewer than M do not', async () => {
    const device = await Device.open(await openMemoryStore(), { selfTests: runKnownAnswerSelfTests });
    const { shares } = await device.init({ seal: { kind: 'shares', threshold: 3, count: 5 }, accounts: ACCOUNTS, config: { passwordIterations: 1000 } });
    assert.equal(shares.length, 5);
    await device.lock();
    await assert.rejects(device.unlock(shares.slice(0, 2)), (e: unknown) => e instanceof CryptoError);
    await device.unlock([shares[4]!, shares[1]!, shares[2]!]);
    device.requireOperational();
    await device.close();
  });

  test('a locked device refuses key use and key management with SDR_MIMA_LOCKED', async () => {
    const { device, so, op } = await devSealed();
    await device.keys.generateKeyPair(so, 1, 'sm2');
    await device.lock();
    assert.throws(() => device.openSession(op), code('SDR_MIMA_LOCKED'));
    assert.throws(() => device.keys, code('SDR_MIMA_LOCKED'));
    await device.close();
  });
});

describe('stored keys', () => {
  test('a wrapped key edited in the store fails its integrity check (SDR_KEYERR)', async () => {
    const store = await openMemoryStore();
    const { device, so, op } = await devSealed(store);
    await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('pw') });
    const rec = (await store.getKeyPair(1, 'sign'))!;
    const wrapped = rec.wrappedPrivate.slice();
    wrapped[wrapped.length - 1]! ^= 1;
    await store.deleteKeyPairs(1);
    await store.insertKeyPair({ ...rec, wrappedPrivate: wrapped });
    await store.insertKeyPair((await store.getKeyPair(1, 'enc')) ?? { ...rec, usage: 'enc' });
    const s = device.openSession(op);
    await s.getPrivateKeyAccessRight(1, utf8('pw'));
    await assert.rejects(s.internalSignDigests(1, [new Uint8Array(32)]), code('SDR_KEYERR'));
    await device.close();
  });

  test('a wrapped key moved to another index fails its integrity check (the index is in the AAD)', async () => {
    const store = await openMemoryStore();
    const { device, so, op } = await devSealed(store);
    await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('pw') });
    await device.keys.setAccessPassword(so, 2, utf8('pw'));
    const rec = (await store.getKeyPair(1, 'sign'))!;
    await store.insertKeyPair({ ...rec, index: 2 });
    const s = device.openSession(op);
    await s.getPrivateKeyAccessRight(2, utf8('pw'));
    await assert.rejects(s.internalSignDigests(2, [new Uint8Array(32)]), code('SDR_KEYERR'));
    await device.close();
  });
});

describe('audit', () => {
  test('management actions and logins (ok and denied) are recorded, without passwords or key bytes', async () => {
    const store = await openMemoryStore();
    const { device, so, au } = await devSealed(store);
    await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('secret-access-pw') });
    await assert.rejects(device.login('op', utf8('not-the-password')));
    await device.auditLog(au).flush();
    const records = await store.listAudit(0, 1000);
    const actions = records.map((r) => `${r.action}:${r.outcome}`);
    assert.ok(actions.includes('key.generate:ok'));
    assert.ok(actions.includes('auth.login:ok'));
    assert.ok(actions.includes('auth.login:denied'));
    const text = JSON.stringify(records, (_k, v) => (v instanceof Uint8Array ? toHex(v) : v));
    for (const secret of ['secret-access-pw', 'not-the-password', 'so-password']) assert.ok(!text.includes(secret), secret);
    const pub = toHex((await store.getKeyPair(1, 'sign'))!.wrappedPrivate);
    assert.ok(!text.includes(pub.slice(0, 32)));
    await device.close();
  });
});

describe('zeroization', () => {
  test('zeroize makes every key, password and account unrecoverable and status reports it', async () => {
    const { device, so } = await devSealed();
    await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('pw') });
    await device.keys.generateKek(so, 3);
    await device.zeroize(so);
    const st = await device.status();
    assert.equal(st.state, 'zeroized');
    assert.equal(st.keyPairs, 0);
    assert.equal(st.keks, 0);
    await assert.rejects(device.login('so', utf8('so-password')), code('SDR_MIMA_NOTINIT'));
    await device.close();
  });

  test('after zeroize the database files no longer contain the wrapped keys (secure_delete, WAL truncated)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mima-zeroize-'));
    try {
      const store = await openSqliteStore(dir);
      const { device, so } = await devSealed(store);
      await device.keys.generateKeyPair(so, 1, 'sm2');
      const wrapped = Buffer.from((await store.getKeyPair(1, 'sign'))!.wrappedPrivate);
      const files = (): Buffer => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
      assert.ok(files().includes(wrapped), 'the wrapped key is in the files before');
      await device.zeroize(so);
      assert.ok(!files().includes(wrapped), 'and gone after');
      await device.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a locked device can be zeroized by the security officer (no key is needed to destroy keys)', async () => {
    const device = await Device.open(await openMemoryStore(), { selfTests: runKnownAnswerSelfTests });
    await device.init({ seal: { kind: 'shares', threshold: 2, count: 3 }, accounts: ACCOUNTS, config: { passwordIterations: 1000 } });
    await device.lock();
    const so = await device.login('so', utf8('so-password'));
    await device.zeroize(so);
    assert.equal((await device.status()).state, 'zeroized');
    await device.close();
  });
});
