/**
 * Power-up self-tests: the suite covers every engine backend, a failed test puts the device into
 * the error state, and the randomness check passes good generators and catches broken ones.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { createHashDrbg, drbgRandomSource } from '../../src/algorithms/random/index.js';
import { availableBackends, type SmBackend } from '../../src/engine/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendKats, Device, randomnessSelfTest, runKnownAnswerSelfTests } from '../../src/device/index.js';
import { openMemoryStore, openSqliteStore } from '../../src/store/index.js';

const ACCOUNTS = [
  { name: 'so', role: 'security-officer' as const, password: utf8('so-password') },
  { name: 'op', role: 'operator' as const, password: utf8('op-password') },
  { name: 'au', role: 'auditor' as const, password: utf8('au-password') },
];

describe('the power-up suite', () => {
  test('runs known answers on every available engine backend, DRBG health and the randomness check, all passing', async () => {
    const device = await Device.open(await openMemoryStore());
    const status = await device.status();
    const names = status.selfTest!.results.map((r) => r.name);
    for (const be of availableBackends()) assert.ok(names.some((n) => n.includes(`[${be.name} engine]`)), be.name);
    assert.ok(names.some((n) => n.startsWith('DRBG health')));
    assert.ok(names.some((n) => n.startsWith('GM/T 0005 randomness')));
    assert.equal(status.selfTest!.passed, true, JSON.stringify(status.selfTest!.results.filter((r) => !r.passed)));
    await device.close();
  });

  test('a backend that computes a wrong answer fails its KAT', () => {
    const be = availableBackends()[0]!;
    const broken: SmBackend = { ...be, sm3: { ...be.sm3, digest: (d: Uint8Array) => { const h = be.sm3.digest(d); h[0]! ^= 1; return h; } } };
    const failed = backendKats(broken).filter((r) => !r.passed).map((r) => r.name);
    assert.deepEqual(failed, [`SM3 KAT [${be.name} engine]`]);
  });

  test('a failed self-test (test hook) puts the device into the error state: status names it, every call is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mima-selftest-'));
    try {
      const ok = await Device.open(await openSqliteStore(dir));
      await ok.init({ seal: { kind: 'dev', passphrase: utf8('dev') }, accounts: ACCOUNTS, config: { passwordIterations: 1000 } });
      await ok.close();
      const failing = async (d: Device) => [...(await runKnownAnswerSelfTests(d)), { name: 'SM4 KAT (injected failure)', passed: false }];
      const device = await Device.open(await openSqliteStore(dir), { selfTests: failing, devSealPassphrase: utf8('dev') });
      const st = await device.status();
      assert.equal(st.state, 'error');
      assert.match(st.reason ?? '', /SM4 KAT \(injected failure\)/);
      await assert.rejects(device.login('op', utf8('op-password')), (e: unknown) => e instanceof CryptoError && e.code === 'SDR_MIMA_SELFTEST');
      await device.close();
      // A restart whose self-tests pass re-initialises the module (GM/T 0028) and leaves the error state.
      const again = await Device.open(await openSqliteStore(dir), { devSealPassphrase: utf8('dev') });
      assert.equal((await again.status()).state, 'operational');
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('randomness check with item re-tests', () => {
  test('a good generator passes 30 checks in a row (false-failure rate ~3e-6 per check)', () => {
    for (let i = 0; i < 30; i++) {
      const r = randomnessSelfTest(drbgRandomSource(createHashDrbg()));
      assert.equal(r.passed, true, r.detail);
    }
  });

  test('node\'s CSPRNG passes too', () => {
    assert.equal(randomnessSelfTest((n) => new Uint8Array(randomBytes(n))).passed, true);
  });

  test('a stuck source (constant bytes) fails', () => {
    assert.equal(randomnessSelfTest((n) => new Uint8Array(n).fill(0x5a)).passed, false);
  });

  test('a biased source (one bit forced in every other byte) fails', () => {
    assert.equal(randomnessSelfTest((n) => {
      const b = new Uint8Array(randomBytes(n));
      for (let i = 0; i < b.length; i += 2) b[i]! |= 0x01;
      return b;
    }).passed, false);
  });

  test('a source repeating one 64-byte block fails', () => {
    const block = new Uint8Array(randomBytes(64));
    assert.equal(randomnessSelfTest((n) => Uint8Array.from({ length: n }, (_, i) => block[i % 64]!)).passed, false);
  });
});
