/**
 * Crash safety: `mima key gen --index 1-10000` is killed with SIGKILL part-way; every key it had
 * reported as created (a line is printed only after the key's transaction committed) must be
 * present and usable after a restart, no index may hold half a pair, and the database and the
 * audit chain must be intact.
 *
 * Internal key pairs (not the named-key pool) are used because they are what the device itself
 * generates, with its pairwise-consistency test and one transaction per index (both pairs and the
 * access password): the device needs `--max-key-index 10000`, set at init.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { DEFAULT_DEV_SEAL_PASSPHRASE, DEV_SEAL_WARNING, Device } from '../../src/device/index.js';
import { openSqliteStore, STORE_FILE } from '../../src/store/index.js';
import { scratch } from '../interop/openssl.js';
import { BIN, mima } from '../cli/mima.js';

const TOTAL = 10_000;
const ENV = {
  MIMA_SO_PASSWORD: 'so-password-1',
  MIMA_OPERATOR_PASSWORD: 'operator-password-1',
  MIMA_AUDITOR_PASSWORD: 'auditor-password-1',
  MIMA_ACCESS_PASSWORD: 'access-password-1',
  MIMA_DEV_SEAL_PASSPHRASE: '',
  MIMA_SO_USER: '',
  MIMA_OPERATOR_USER: '',
  MIMA_AUDITOR_USER: '',
};

interface KilledRun {
  reported: number[];
  /** Lines that were not a report: none in a clean run. */
  unexpected: string[];
  stderr: string;
  killAfter: number;
  signal: NodeJS.Signals | null;
  ms: number;
}

/** Runs the bulk generation and SIGKILLs it once `killAfter` keys have been reported. */
function generateAndKill(data: string, killAfter: number): Promise<KilledRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'key', 'gen', '--data', data, '--index', `1-${TOTAL}`, '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD'], {
    env: { ...process.env, ...ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reported: number[] = [];
  const unexpected: string[] = [];
  let partial = '';
  let killing = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!; // an incomplete line is not a report
    for (const line of lines) {
      const m = /^created index (\d+): /.exec(line);
      if (m) reported.push(Number(m[1]));
      else unexpected.push(line);
    }
    if (reported.length >= killAfter && !killing) {
      // Up to 20 ms later (a few keys), so the kill lands anywhere in a key's life: generation,
      // pairwise test, password hashing, the commit, the audit append.
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), Math.random() * 20);
    }
  });
  // A child that stops reporting is killed too (and then fails the reported >= killAfter check).
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 300_000);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (_code, signal) => {
    clearTimeout(watchdog);
    resolve({ reported, unexpected, stderr, killAfter, signal, ms: Date.now() - started });
  }));
}

describe(`SIGKILL in the middle of generating ${TOTAL} keys`, () => {
  const dir = scratch();
  const data = join(dir.dir, 'data');
  let run: KilledRun;

  before(async () => {
    const init = mima(['device', 'init', '--data', data, '--dev-seal', '--max-key-index', String(TOTAL)], { env: ENV });
    assert.equal(init.status, 0, init.stderr);
    // A different point each run, between the 200th and the 800th key.
    run = await generateAndKill(data, 200 + Math.floor(Math.random() * 600));
  });
  after(() => dir.cleanup());

  test('the child was killed by SIGKILL part-way, after reporting keys in index order', (t) => {
    t.diagnostic(`killed after ${run.reported.length} reported keys (asked for ${run.killAfter}) in ${run.ms} ms`);
    assert.deepEqual(run.unexpected, [], 'only reports on stdout');
    assert.equal(run.stderr, `mima: ${DEV_SEAL_WARNING}\n`, 'only the dev-seal warning on stderr');
    assert.equal(run.signal, 'SIGKILL');
    assert.ok(run.reported.length >= run.killAfter && run.reported.length < TOTAL, `${run.reported.length} reported`);
    assert.deepEqual(run.reported, run.reported.map((_, i) => i + 1));
  });

  test('PRAGMA integrity_check says ok', () => {
    const db = new Database(join(data, STORE_FILE));
    try {
      assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
  });

  test('after a restart every reported key is present and usable, no pair is half-written, and the audit chain verifies', async (t) => {
    const device = await Device.open(await openSqliteStore(data), { devSealPassphrase: utf8(DEFAULT_DEV_SEAL_PASSPHRASE) });
    try {
      const pairs = await device.store.listKeyPairs();
      const byIndex = new Map<number, string[]>();
      for (const p of pairs) byIndex.set(p.index, [...(byIndex.get(p.index) ?? []), p.usage]);
      for (const [index, usages] of byIndex) assert.deepEqual(usages.sort(), ['enc', 'sign'], `index ${index} holds both pairs`);
      const stored = [...byIndex.keys()].sort((a, b) => a - b);
      const last = run.reported.at(-1)!;
      // Everything reported is stored; at most the one key being committed at the kill is stored unreported.
      assert.deepEqual(stored.slice(0, last), run.reported);
      assert.ok(stored.length - last <= 1, `${stored.length} stored, ${last} reported`);
      for (const i of stored) assert.ok(await device.store.getAccessPassword(i), `index ${i} has its access password`);
      t.diagnostic(`${stored.length} indexes stored, ${last} reported`);

      const { sm2 } = device.engine.sm;
      const session = device.openSession(await device.login('operator', utf8(ENV.MIMA_OPERATOR_PASSWORD)));
      let used = 0;
      for (const index of run.reported) {
        await session.getPrivateKeyAccessRight(index, utf8(ENV.MIMA_ACCESS_PASSWORD));
        const e = device.random(32);
        const [sig] = await session.internalSignDigests(index, [e]);
        const signPub = (await device.keys.keyPair(index, 'sign')).publicKey;
        assert.deepEqual(sm2.verifyingKey(signPub).verifyDigests([{ digest: e, signature: sig! }]), [true], `index ${index} signs`);
        const probe = device.random(24);
        const encPub = (await device.keys.keyPair(index, 'enc')).publicKey;
        assert.deepEqual(await session.internalDecryptEcc(index, sm2.encrypt(encPub, probe)), probe, `index ${index} decrypts`);
        used++;
      }
      assert.equal(used, run.reported.length);
      device.closeSession(session);

      const verdict = await device.auditLog(await device.login('auditor', utf8(ENV.MIMA_AUDITOR_PASSWORD))).verify();
      assert.equal(verdict.ok, true, JSON.stringify(verdict.firstBad));
      t.diagnostic(`audit chain: ${verdict.records} records verified`);
    } finally {
      await device.close();
    }
  });

  test('the restarted store takes new keys where the killed run stopped', () => {
    const next = run.reported.length + 2;
    const r = mima(['key', 'gen', '--data', data, '--index', String(next), '--type', 'sm2'], { env: ENV });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.out, new RegExp(`^created index ${next}: `));
  });
});
