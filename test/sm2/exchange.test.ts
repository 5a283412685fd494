/**
 * SM2 key exchange (GM/T 0003.3) beyond the worked example: random keys in both roles, custom
 * IDs, key lengths, and failed confirmations.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';

function pair(klen: number, idA = 'alice@example.com', idB = 'bob@example.com') {
  const A = sm2.generateKeyPair(), B = sm2.generateKeyPair();
  const a = sm2.createKeyExchange({ role: 'initiator', privateKey: A.privateKey, id: idA, peerPublicKey: B.publicKey, peerId: idB, klen });
  const b = sm2.createKeyExchange({ role: 'responder', privateKey: B.privateKey, publicKey: B.publicKey, id: idB, peerPublicKey: A.publicKey, peerId: idA, klen });
  return { a, b };
}

describe('SM2 key exchange', () => {
  for (const klen of [1, 16, 32, 33, 100]) {
    test(`both sides derive the same ${klen}-byte key and confirm each other`, () => {
      const { a, b } = pair(klen);
      const rb = b.computeKey(a.ephemeralPublicKey);
      const ra = a.computeKey(b.ephemeralPublicKey, rb.confirmation);
      assert.equal(ra.key.length, klen);
      assert.deepEqual(ra.key, rb.key);
      assert.deepEqual(ra.expectedConfirmation, rb.confirmation);
      assert.deepEqual(rb.expectedConfirmation, ra.confirmation);
      b.confirm(ra.confirmation);
    });
  }

  test('mismatched IDs give different keys and failed confirmations (SDR_VERIFYERR)', () => {
    const A = sm2.generateKeyPair(), B = sm2.generateKeyPair();
    const a = sm2.createKeyExchange({ role: 'initiator', privateKey: A.privateKey, peerPublicKey: B.publicKey, peerId: 'mallory', klen: 16 });
    const b = sm2.createKeyExchange({ role: 'responder', privateKey: B.privateKey, peerPublicKey: A.publicKey, klen: 16 });
    const rb = b.computeKey(a.ephemeralPublicKey);
    assert.throws(() => a.computeKey(b.ephemeralPublicKey, rb.confirmation), (e: unknown) => isCryptoError(e, 'SDR_VERIFYERR'));
  });

  test('a tampered confirmation is rejected by confirm()', () => {
    const { a, b } = pair(16);
    const rb = b.computeKey(a.ephemeralPublicKey);
    const ra = a.computeKey(b.ephemeralPublicKey);
    const bad = ra.confirmation.slice();
    bad[0] = bad[0]! ^ 1;
    assert.throws(() => b.confirm(bad), (e: unknown) => isCryptoError(e, 'SDR_VERIFYERR'));
    a.confirm(rb.confirmation);
  });

  test('an invalid peer ephemeral key is SDR_KEYERR; computeKey is single use', () => {
    const { a, b } = pair(16);
    const bad = a.ephemeralPublicKey.slice();
    bad[64] = bad[64]! ^ 1;
    assert.throws(() => b.computeKey(bad), (e: unknown) => isCryptoError(e, 'SDR_KEYERR'));
    b.computeKey(a.ephemeralPublicKey);
    assert.throws(() => b.computeKey(a.ephemeralPublicKey), TypeError);
  });

  test('bad options are programmer errors', () => {
    const A = sm2.generateKeyPair();
    assert.throws(() => sm2.createKeyExchange({ role: 'x' as never, privateKey: A.privateKey, peerPublicKey: A.publicKey, klen: 16 }), TypeError);
    assert.throws(() => sm2.createKeyExchange({ role: 'initiator', privateKey: A.privateKey, peerPublicKey: A.publicKey, klen: 0 }), RangeError);
  });
});
