/**
 * sm3State: an incremental SM3 state exported to bytes and resumed elsewhere gives the same digest
 * as hashing in one go (the GM/T 0029 "hash intermediate"); bytes that are no state are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { sm3, sm3State } from '../../src/algorithms/sm3/index.js';

test('export after any prefix and import: the digest equals one-shot SM3 (lengths around block boundaries)', () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000]) {
    const data = new Uint8Array(randomBytes(n + 37));
    const h = sm3.create();
    h.update(data.subarray(0, n));
    const resumed = sm3State.import(sm3State.export(h));
    resumed.update(data.subarray(n));
    assert.deepEqual(resumed.digest(), sm3(data), `split at ${n}`);
  }
});

test('bytes that are not an exported state are SDR_INARGERR', () => {
  const bad = (b: Uint8Array) => assert.throws(() => sm3State.import(b), (e: unknown) => e instanceof CryptoError && e.code === 'SDR_INARGERR');
  bad(new Uint8Array(10));
  bad(new Uint8Array(41).fill(2));
  const ok = sm3State.export(sm3.create().update(new Uint8Array(3)));
  ok[40] = 9; // the length says 3 pending bytes; now it says more
  bad(ok);
});
