/**
 * SM9 signatures (GM/T 0044.2) beyond the Annex A vector: round trips, every
 * tampering rejected (each byte of h ‖ S with a flipped bit, −S, h = 0 / N, other message, ID,
 * hid or master key), and the refusal of invalid keys and lengths.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { concatBytes, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm9 from '../../src/algorithms/sm9/index.js';
import { G1, decodeG1, encodeG1, encodeG2, P1 } from '../../src/algorithms/sm9/groups.js';
import { N } from '../../src/algorithms/sm9/params.js';
import { b32, flipBit, offCurveG1, stream, throwsCode, twistPointOutsideG2 } from './helpers.js';

const master = sm9.generateSignMasterKey({ rand: stream('sign-master') });
const other = sm9.generateSignMasterKey({ rand: stream('sign-other') });
const ID = 'alice@example.com';
const ds = sm9.extractSignUserKey(master.privateKey, ID);
const MSG = utf8('Chinese IBS standard');
const SIG = sm9.sign(master.publicKey, ds, MSG, { rand: stream('sign-r') });

describe('SM9 sign / verify', () => {
  test('a signature is h ‖ 04 ‖ x ‖ y (97 bytes) with h in [1, N − 1] and S on the curve; it verifies', () => {
    assert.equal(SIG.length, sm9.SIGNATURE_BYTES);
    const h = BigInt('0x' + Buffer.from(SIG.subarray(0, 32)).toString('hex'));
    assert.ok(h >= 1n && h < N);
    assert.ok(decodeG1(SIG.subarray(32)) !== null);
    assert.equal(sm9.verify(master.publicKey, ID, MSG, SIG), true);
  });

  test('round trip on random messages and identities (fast-check, 6 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 20 }), (msg, id) => {
        const key = sm9.extractSignUserKey(master.privateKey, id);
        const sig = sm9.sign(master.publicKey, key, msg);
        assert.equal(sm9.verify(master.publicKey, id, msg, sig), true);
      }),
      { numRuns: 6 },
    );
  });

  test('signing draws a fresh r: two signatures of one message differ and both verify', () => {
    const a = sm9.sign(master.publicKey, ds, MSG);
    const b = sm9.sign(master.publicKey, ds, MSG);
    assert.notDeepEqual(a, b);
    assert.ok(sm9.verify(master.publicKey, ID, MSG, a) && sm9.verify(master.publicKey, ID, MSG, b));
  });

  test('a flipped bit anywhere in h ‖ S makes verify return false (one random bit in each of the 97 bytes)', () => {
    const rnd = stream('sign-flip');
    let ran = 0;
    for (let byte = 0; byte < SIG.length; byte++) {
      const bit = byte * 8 + (rnd(1)[0]! & 7);
      assert.equal(sm9.verify(master.publicKey, ID, MSG, flipBit(SIG, bit)), false, `bit ${bit}`);
      ran++;
    }
    assert.equal(ran, 97);
  });

  test('−S (still a point of G1), h = 0, h = N and h + 1 are rejected', () => {
    const S = decodeG1(SIG.subarray(32))!;
    assert.equal(sm9.verify(master.publicKey, ID, MSG, concatBytes(SIG.subarray(0, 32), encodeG1(G1.neg(S)))), false);
    for (const h of [0n, N, BigInt('0x' + Buffer.from(SIG.subarray(0, 32)).toString('hex')) + 1n]) {
      assert.equal(sm9.verify(master.publicKey, ID, MSG, concatBytes(b32(h), SIG.subarray(32))), false, `h=${h}`);
    }
    // An S off the curve, or as a bare x‖y with another prefix byte.
    assert.equal(sm9.verify(master.publicKey, ID, MSG, concatBytes(SIG.subarray(0, 32), offCurveG1(SIG.subarray(32)))), false);
  });

  test('another message, identity, hid or master public key: verify returns false', () => {
    assert.equal(sm9.verify(master.publicKey, ID, utf8('Chinese IBS standarD'), SIG), false);
    assert.equal(sm9.verify(master.publicKey, 'bob@example.com', MSG, SIG), false);
    assert.equal(sm9.verify(master.publicKey, ID, MSG, SIG, { hid: 2 }), false);
    assert.equal(sm9.verify(other.publicKey, ID, MSG, SIG), false);
  });

  test('a signature made with a non-default hid verifies only with that hid', () => {
    const key = sm9.extractSignUserKey(master.privateKey, ID, { hid: 0x09 });
    const sig = sm9.sign(master.publicKey, key, MSG);
    assert.equal(sm9.verify(master.publicKey, ID, MSG, sig, { hid: 0x09 }), true);
    assert.equal(sm9.verify(master.publicKey, ID, MSG, sig), false);
  });

  test('a signature that is not 97 bytes is SDR_INARGERR', () => {
    throwsCode(() => sm9.verify(master.publicKey, ID, MSG, SIG.subarray(0, 96)), 'SDR_INARGERR');
    throwsCode(() => sm9.verify(master.publicKey, ID, MSG, concatBytes(SIG, Uint8Array.of(0))), 'SDR_INARGERR');
  });

  test('master public keys outside G2 (on the twist, wrong subgroup), off the curve or of the wrong size are SDR_KEYERR', () => {
    const outside = encodeG2(twistPointOutsideG2('sign-mpk'));
    const offCurve = master.publicKey.slice();
    offCurve[128] ^= 1;
    for (const bad of [outside, offCurve, master.publicKey.subarray(0, 65), encodeG1(P1)]) {
      throwsCode(() => sm9.verify(bad, ID, MSG, SIG), 'SDR_KEYERR');
      throwsCode(() => sm9.sign(bad, ds, MSG), 'SDR_KEYERR');
    }
  });

  test('a user signing key that is not a G1 point is SDR_KEYERR', () => {
    throwsCode(() => sm9.sign(master.publicKey, offCurveG1(ds), MSG), 'SDR_KEYERR');
    throwsCode(() => sm9.sign(master.publicKey, ds.subarray(1), MSG), 'SDR_KEYERR');
    throwsCode(() => sm9.sign(master.publicKey, master.publicKey, MSG), 'SDR_KEYERR');
  });

  test('a signature from another KGC\'s user key verifies only under that KGC\'s master public key', () => {
    const key2 = sm9.extractSignUserKey(other.privateKey, ID);
    const sig2 = sm9.sign(other.publicKey, key2, MSG);
    assert.equal(sm9.verify(other.publicKey, ID, MSG, sig2), true);
    assert.equal(sm9.verify(master.publicKey, ID, MSG, sig2), false);
  });

  test('empty identity: SDR_USERIDERR', () => {
    throwsCode(() => sm9.verify(master.publicKey, '', MSG, SIG), 'SDR_USERIDERR');
  });
});
