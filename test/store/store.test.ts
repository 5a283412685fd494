/**
 * The store behaves the same on both drivers: embedded SQLite and PostgreSQL (a throwaway
 * server started for this file). Every test runs once per driver.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/index.js';
import { postgresUnavailable, startPostgres, type TempPostgres } from '../helpers/postgres.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function suite(name: string, open: () => Promise<Store>, skip?: string): void {
  describe(`store on ${name}`, { skip }, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
    });

    test('a key pair round-trips with its bytes intact', async () => {
      const k = { index: 7, usage: 'sign' as const, algorithm: 'sm2' as const, publicKey: bytes(4, 1, 2), wrappedPrivate: bytes(0, 255, 128), createdAt: 'now' };
      await store.insertKeyPair(k);
      assert.deepEqual(await store.getKeyPair(7, 'sign'), k);
      assert.equal(await store.getKeyPair(7, 'enc'), undefined);
    });

    test('inserting a second key pair at the same index and usage fails', async () => {
      const k = { index: 8, usage: 'enc' as const, algorithm: 'sm2' as const, publicKey: bytes(1), wrappedPrivate: bytes(2), createdAt: 'now' };
      await store.insertKeyPair(k);
      await assert.rejects(store.insertKeyPair(k));
    });

    test('a failed transaction writes nothing', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertKek({ index: 3, algorithm: 'sm4', wrappedKey: bytes(9), createdAt: 'now' });
          throw new Error('abort');
        }),
      );
      assert.equal(await store.getKek(3), undefined);
    });

    test('named keys page in id order and the latest version is the default', async () => {
      for (const [id, version] of [['b', 1], ['a', 1], ['a', 2], ['c', 1]] as const) {
        await store.insertNamedKey({ id, version, algorithm: 'sm4', publicKey: null, wrappedKey: bytes(version), attributes: { v: String(version) }, createdAt: 'now' });
      }
      assert.equal((await store.getNamedKey('a'))?.version, 2);
      assert.deepEqual((await store.listNamedKeys(10, 'a')).map((k) => k.id), ['b', 'c']);
      assert.equal(await store.countNamedKeys(), 4);
    });

    test('audit records and the head round-trip', async () => {
      const rec = { seq: 1, at: 't', actor: 'so', role: 'security-officer' as const, action: 'x', target: null, outcome: 'ok' as const, detail: { n: 1 }, prevHash: new Uint8Array(32), mac: bytes(1, 2) };
      await store.appendAudit(rec);
      await store.putAuditHead(1, bytes(5), bytes(6));
      assert.deepEqual(await store.lastAudit(), rec);
      assert.deepEqual(await store.getAuditHead(), { seq: 1, hash: bytes(5), mac: bytes(6) });
    });

    test('concurrent transactions are serialised, none lost', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (tx) => {
            const last = await tx.lastAudit();
            await tx.appendAudit({ seq: (last?.seq ?? 0) + 1, at: 't', actor: `a${i}`, role: null, action: 'y', target: null, outcome: 'ok', detail: {}, prevHash: new Uint8Array(32), mac: bytes(i) });
          }),
        ),
      );
      const all = await store.listAudit(0, 100);
      assert.deepEqual(all.map((r) => r.seq), Array.from({ length: 21 }, (_, i) => i + 1));
    });
  });
}

let dir = '';
suite('SQLite', async () => {
  dir = mkdtempSync(join(tmpdir(), 'mima-store-'));
  return openSqliteStore(dir);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pgSkip = postgresUnavailable();
let pgServer: TempPostgres | undefined;
suite(
  'PostgreSQL',
  async () => {
    pgServer = startPostgres();
    return openPostgresStore(pgServer.url);
  },
  pgSkip,
);
after(() => pgServer?.stop());
