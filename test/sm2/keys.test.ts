/**
 * Key generation, the public-key helpers, the pairwise check and the self-test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { gmVector } from '../helpers/vectors.js';
import { b32, N, num, replay } from './helpers.js';

const v = gmVector('sm2_sign_recommended_curve');

describe('key generation', () => {
  test('the private key is the random source output when it lies in [1, n − 2]; the public key is [d]G', () => {
    const kp = sm2.generateKeyPair(replay(String(v.private_key)));
    assert.equal(toHex(kp.privateKey), v.private_key);
    assert.equal(toHex(kp.publicKey), v.public_key);
  });

  test('draws of 0, n − 1 and n are rejected and redrawn', () => {
    const kp = sm2.generateKeyPair(replay('00'.repeat(32), toHex(b32(N - 1n)), toHex(b32(N)), toHex(b32(N - 2n))));
    assert.equal(num(kp.privateKey), N - 2n);
  });

  test('fresh keys differ, are valid, and pass the pairwise check', () => {
    const a = sm2.generateKeyPair(undefined, { pairwiseCheck: true });
    const b = sm2.generateKeyPair();
    assert.notDeepEqual(a.privateKey, b.privateKey);
    sm2.validatePrivateKey(a.privateKey);
    sm2.validatePublicKey(a.publicKey);
    sm2.checkKeyPair(b.privateKey, b.publicKey);
  });

  test('checkKeyPair rejects a public key that belongs to another private key', () => {
    const a = sm2.generateKeyPair(), b = sm2.generateKeyPair();
    assert.throws(() => sm2.checkKeyPair(a.privateKey, b.publicKey), (e: unknown) => isCryptoError(e, 'SDR_KEYERR'));
  });
});

describe('public-key encodings', () => {
  const pub = fromHex(String(v.public_key));
  test('compressed form of the GM/T 0003.5 key: 02/03 by the parity of y', () => {
    const c = sm2.compressPublicKey(pub);
    assert.equal(c[0], 2 | (pub[64]! & 1));
    assert.deepEqual(c.subarray(1), pub.subarray(1, 33));
    assert.deepEqual(sm2.decompressPublicKey(c), pub);
  });
  test('getPublicKey returns 65 bytes by default and 33 with { compressed: true }', () => {
    const d = fromHex(String(v.private_key));
    assert.deepEqual(sm2.getPublicKey(d), pub);
    assert.deepEqual(sm2.getPublicKey(d, { compressed: true }), sm2.compressPublicKey(pub));
  });
  test('the 64-byte x ‖ y form of GM/T 0018 structures is accepted everywhere a key is', () => {
    const raw = pub.subarray(1);
    sm2.validatePublicKey(raw);
    assert.deepEqual(sm2.decompressPublicKey(raw), pub);
    assert.deepEqual(sm2.computeZ(raw), sm2.computeZ(pub));
  });
  test('both parities decompress to points on the curve', () => {
    for (let i = 0; i < 8; i++) {
      const kp = sm2.generateKeyPair();
      const c = sm2.compressPublicKey(kp.publicKey);
      assert.deepEqual(sm2.decompressPublicKey(c), kp.publicKey);
      const other = c.slice();
      other[0] = other[0]! ^ 1; // the negated point
      const neg = sm2.decompressPublicKey(other);
      assert.deepEqual(neg.subarray(1, 33), kp.publicKey.subarray(1, 33));
      assert.notDeepEqual(neg, kp.publicKey);
    }
  });
});

describe('prepared keys', () => {
  test('a destroyed signer refuses to sign; its signatures before were valid', () => {
    const kp = sm2.generateKeyPair();
    const s = sm2.prepareSigner(kp.privateKey);
    assert.deepEqual(s.publicKey, kp.publicKey);
    const msg = Uint8Array.of(1, 2, 3);
    assert.equal(sm2.verify(kp.publicKey, msg, s.sign(msg)), true);
    s.destroy();
    assert.throws(() => s.sign(msg), TypeError);
  });

  test('signDigests signs each digest; verifyDigests checks each (shared inversion path)', () => {
    const kp = sm2.generateKeyPair();
    const s = sm2.prepareSigner(kp.privateKey, { id: 'bob' });
    const ver = sm2.prepareVerifier(kp.publicKey, { id: 'bob', precompute: true });
    const es = Array.from({ length: 9 }, (_, i) => sm2.computeE(kp.publicKey, Uint8Array.of(i), 'bob'));
    const sigs = s.signDigests(es);
    assert.equal(sigs.length, 9);
    const items = es.map((digest, i) => ({ digest, signature: sigs[i]! }));
    assert.deepEqual(ver.verifyDigests(items), Array(9).fill(true));
    items[3] = { digest: es[4]!, signature: sigs[3]! };
    assert.deepEqual(ver.verifyDigests(items), es.map((_, i) => i !== 3));
  });
});

test('selfTest passes', () => {
  sm2.selfTest();
});
