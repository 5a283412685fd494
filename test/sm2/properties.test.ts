/**
 * Properties of the SM2 schemes over random inputs (fast-check).
 */
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';

const keys = Array.from({ length: 4 }, () => sm2.generateKeyPair());
const keyIndex = fc.integer({ min: 0, max: keys.length - 1 });
const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  c[bit >> 3] = c[bit >> 3]! ^ (1 << (bit & 7));
  return c;
};

describe('SM2 signature properties', () => {
  test('sign then verify accepts, for any message and ID', () => {
    fc.assert(fc.property(keyIndex, fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (i, msg, id) => {
      const kp = keys[i]!;
      return sm2.verify(kp.publicKey, msg, sm2.sign(kp.privateKey, msg, { id }), { id });
    }), { numRuns: 60 });
  });

  test('any flipped bit in the signature, the message or the public key makes verify false', () => {
    fc.assert(fc.property(keyIndex, fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (i, msg, seed) => {
      const kp = keys[i]!;
      const sig = sm2.sign(kp.privateKey, msg);
      if (sm2.verify(kp.publicKey, msg, flip(sig, seed % 512))) return false;
      if (sm2.verify(kp.publicKey, flip(msg, seed % (msg.length * 8)), sig)) return false;
      // A flipped public-key bit either leaves the curve (SDR_KEYERR) or names another key.
      const pub = flip(kp.publicKey, 8 + (seed % 512));
      try {
        return sm2.verify(pub, msg, sig) === false;
      } catch (e) {
        return isCryptoError(e, 'SDR_KEYERR');
      }
    }), { numRuns: 60 });
  });
});

describe('SM2 encryption properties', () => {
  test('encrypt then decrypt returns the plaintext for lengths 1..300, both layouts', () => {
    fc.assert(fc.property(keyIndex, fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.boolean(), (i, m, legacy) => {
      const kp = keys[i]!;
      const format = legacy ? 'c1c2c3' : 'c1c3c2';
      const ct = sm2.encrypt(kp.publicKey, m, { format });
      return ct.length === 97 + m.length && Buffer.from(sm2.decrypt(kp.privateKey, ct, { format })).equals(m);
    }), { numRuns: 80 });
  });

  test('any flipped ciphertext bit gives CryptoError SDR_ENCDATAERR and no plaintext', () => {
    fc.assert(fc.property(keyIndex, fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (i, m, seed) => {
      const kp = keys[i]!;
      const ct = sm2.encrypt(kp.publicKey, m);
      try {
        sm2.decrypt(kp.privateKey, flip(ct, seed % (ct.length * 8)));
        return false;
      } catch (e) {
        return isCryptoError(e, 'SDR_ENCDATAERR');
      }
    }), { numRuns: 80 });
  });
});

describe('SM2 public-key encoding properties', () => {
  test('compress then decompress is the identity; all three encodings name the same key', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed) => {
      let kp: sm2.KeyPair;
      try {
        kp = sm2.generateKeyPair(() => seed.slice());
      } catch (e) {
        return isCryptoError(e, 'SDR_RANDERR'); // seed out of [1, n − 2]
      }
      const c = sm2.compressPublicKey(kp.publicKey);
      const raw = kp.publicKey.subarray(1);
      return c.length === 33 &&
        Buffer.from(sm2.decompressPublicKey(c)).equals(kp.publicKey) &&
        Buffer.from(sm2.decompressPublicKey(raw)).equals(kp.publicKey) &&
        Buffer.from(sm2.getPublicKey(kp.privateKey, { compressed: true })).equals(c);
    }), { numRuns: 60 });
  });
});
