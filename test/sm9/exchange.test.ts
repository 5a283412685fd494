/**
 * SM9 key exchange (GM/T 0044.3) beyond the Annex B vector: both roles agree on SK and on the
 * confirmations for several key lengths, a wrong confirmation or identity is detected, invalid
 * ephemeral points and keys are refused, and an exchange object is single-use.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as sm9 from '../../src/algorithms/sm9/index.js';
import { flipBit, offCurveG1, stream, throwsCode } from './helpers.js';

const master = sm9.generateEncryptMasterKey({ rand: stream('kx-master') });
const MPK = master.publicKey;
const A_ID = 'alice@example.com', B_ID = 'bob@example.com';
const deA = sm9.extractExchangeUserKey(master.privateKey, A_ID);
const deB = sm9.extractExchangeUserKey(master.privateKey, B_ID);

function pair(klen: number, o: { aPeerId?: string; bPeerId?: string } = {}): [sm9.Sm9KeyExchange, sm9.Sm9KeyExchange] {
  const A = sm9.createKeyExchange({ role: 'initiator', masterPublicKey: MPK, userKey: deA, id: A_ID, peerId: o.aPeerId ?? B_ID, klen });
  const B = sm9.createKeyExchange({ role: 'responder', masterPublicKey: MPK, userKey: deB, id: B_ID, peerId: o.bPeerId ?? A_ID, klen });
  return [A, B];
}

describe('SM9 key exchange', () => {
  test('initiator and responder derive the same SK and matching S_A / S_B for klen 1, 16, 48', () => {
    for (const klen of [1, 16, 48]) {
      const [A, B] = pair(klen);
      assert.equal(A.ephemeralPublicKey.length, 65);
      const rb = B.computeKey(A.ephemeralPublicKey);
      const ra = A.computeKey(B.ephemeralPublicKey, rb.confirmation);
      assert.equal(ra.key.length, klen);
      assert.deepEqual(ra.key, rb.key);
      assert.deepEqual(ra.expectedConfirmation, rb.confirmation);
      assert.deepEqual(rb.expectedConfirmation, ra.confirmation);
      B.confirm(ra.confirmation);
      A.confirm(rb.confirmation);
    }
  });

  test('fresh exchanges give fresh keys', () => {
    const [A1, B1] = pair(16);
    const [A2, B2] = pair(16);
    const k1 = B1.computeKey(A1.ephemeralPublicKey).key;
    const k2 = B2.computeKey(A2.ephemeralPublicKey).key;
    assert.notDeepEqual(k1, k2);
  });

  test('a peer ephemeral point in 64-byte x‖y form is accepted', () => {
    const [A, B] = pair(16);
    const rb = B.computeKey(A.ephemeralPublicKey.subarray(1));
    assert.deepEqual(A.computeKey(B.ephemeralPublicKey.subarray(1)).key, rb.key);
  });

  test('a wrong S_B at the initiator, or a wrong S_A at the responder, is SDR_VERIFYERR', () => {
    const [A, B] = pair(16);
    const rb = B.computeKey(A.ephemeralPublicKey);
    throwsCode(() => A.computeKey(B.ephemeralPublicKey, flipBit(rb.confirmation, 77)), 'SDR_VERIFYERR');
    const [A2, B2] = pair(16);
    const rb2 = B2.computeKey(A2.ephemeralPublicKey);
    const ra2 = A2.computeKey(B2.ephemeralPublicKey);
    throwsCode(() => B2.confirm(flipBit(ra2.confirmation, 0)), 'SDR_VERIFYERR');
    throwsCode(() => B2.confirm(ra2.confirmation.subarray(0, 31)), 'SDR_VERIFYERR');
    A2.confirm(rb2.confirmation);
  });

  test('an initiator that names the wrong responder derives another key and fails confirmation', () => {
    const [A, B] = pair(16, { aPeerId: 'mallory@example.com' });
    const rb = B.computeKey(A.ephemeralPublicKey);
    const ra = A.computeKey(B.ephemeralPublicKey);
    assert.notDeepEqual(ra.key, rb.key);
    throwsCode(() => A.confirm(rb.confirmation), 'SDR_VERIFYERR');
  });

  test('a peer ephemeral point off the curve is SDR_KEYERR, and the exchange stays usable', () => {
    const [A, B] = pair(16);
    throwsCode(() => B.computeKey(offCurveG1(A.ephemeralPublicKey)), 'SDR_KEYERR');
    throwsCode(() => B.computeKey(A.ephemeralPublicKey.subarray(0, 40)), 'SDR_KEYERR');
    const rb = B.computeKey(A.ephemeralPublicKey);
    assert.deepEqual(A.computeKey(B.ephemeralPublicKey, rb.confirmation).key, rb.key);
  });

  test('computeKey is single-use; destroy() ends the exchange; confirm before computeKey is misuse', () => {
    const [A, B] = pair(16);
    assert.throws(() => A.confirm(new Uint8Array(32)), TypeError);
    B.computeKey(A.ephemeralPublicKey);
    assert.throws(() => B.computeKey(A.ephemeralPublicKey), TypeError);
    A.destroy();
    assert.throws(() => A.computeKey(B.ephemeralPublicKey), TypeError);
    assert.throws(() => A.confirm(new Uint8Array(32)), TypeError);
  });

  test('invalid options: bad role or klen (misuse), a user key outside G2 or a bad master key (SDR_KEYERR), empty IDs', () => {
    const base = { role: 'initiator' as const, masterPublicKey: MPK, userKey: deA, id: A_ID, peerId: B_ID, klen: 16 };
    assert.throws(() => sm9.createKeyExchange({ ...base, role: 'both' as never }), TypeError);
    assert.throws(() => sm9.createKeyExchange({ ...base, klen: 0 }), RangeError);
    throwsCode(() => sm9.createKeyExchange({ ...base, userKey: MPK }), 'SDR_KEYERR');
    throwsCode(() => sm9.createKeyExchange({ ...base, masterPublicKey: deA }), 'SDR_KEYERR');
    throwsCode(() => sm9.createKeyExchange({ ...base, peerId: '' }), 'SDR_USERIDERR');
  });
});
