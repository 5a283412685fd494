/**
 * Inputs SM2 must refuse, and how: typed errors (CryptoError with the right SDR code) for bad
 * keys, lengths and ciphertexts; a plain `false` for signatures that are merely wrong.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { concatBytes, fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import { isCryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { gmVector } from '../helpers/vectors.js';
import { b32, C, N, num } from './helpers.js';

const code = (c: SdrName) => (e: unknown) => isCryptoError(e, c);
const v = gmVector('sm2_sign_recommended_curve');
const D = fromHex(String(v.private_key));
const PUB = fromHex(String(v.public_key));
const MSG = utf8(String(v.message_ascii));
const SIG = fromHex(String(v.r) + String(v.s));
const X = PUB.subarray(1, 33), Y = PUB.subarray(33);

describe('public keys that must be rejected with SDR_KEYERR', () => {
  const bad: [string, Uint8Array][] = [
    ['a point off the curve (y + 1)', concatBytes(Uint8Array.of(4), X, b32(num(Y) + 1n))],
    ['x = p (coordinate not reduced)', concatBytes(Uint8Array.of(4), b32(C.p), Y)],
    ['x and y >= p', concatBytes(Uint8Array.of(4), b32((1n << 256n) - 1n), b32((1n << 256n) - 1n))],
    ['the all-zero encoding (0, 0), a stand-in for infinity', concatBytes(Uint8Array.of(4), new Uint8Array(64))],
    ['the single byte 00 (SEC 1 infinity)', Uint8Array.of(0)],
    ['wrong prefix 05', concatBytes(Uint8Array.of(5), X, Y)],
    ['compressed prefix on 65 bytes', concatBytes(Uint8Array.of(2), X, Y)],
    ['uncompressed prefix on 33 bytes', concatBytes(Uint8Array.of(4), X)],
    ['64 bytes that are not on the curve', concatBytes(X, X)],
    ['63 bytes', PUB.subarray(2)],
    ['66 bytes', concatBytes(PUB, Uint8Array.of(0))],
    ['empty', new Uint8Array(0)],
  ];
  // y ≥ p in its own right: y + p still fits 256 bits only when y < 2^256 − p; use y' = y + p if so.
  const yp = num(Y) + C.p;
  if (yp < 1n << 256n) bad.push(['y + p (same residue, not reduced)', concatBytes(Uint8Array.of(4), X, b32(yp))]);
  // A compressed x with no square root of x³ − 3x + b.
  for (let x = 1n; ; x++) {
    const rhs = ((x * x * x - 3n * x + C.b) % C.p + C.p) % C.p;
    if (modPow(rhs, (C.p - 1n) / 2n, C.p) !== 1n) {
      bad.push(['compressed x with no point on the curve', concatBytes(Uint8Array.of(2), b32(x))]);
      break;
    }
  }
  for (const [name, key] of bad) {
    test(`${name}: validatePublicKey, verify and encrypt throw SDR_KEYERR`, () => {
      assert.throws(() => sm2.validatePublicKey(key), code('SDR_KEYERR'));
      assert.throws(() => sm2.verify(key, MSG, SIG), code('SDR_KEYERR'));
      assert.throws(() => sm2.encrypt(key, MSG), code('SDR_KEYERR'));
    });
  }
});

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = b * b % m) if (e & 1n) r = r * b % m;
  return r;
}

describe('private keys that must be rejected with SDR_KEYERR', () => {
  for (const [name, d] of [
    ['0', b32(0n)], ['n − 1 (1 + d not invertible)', b32(N - 1n)], ['n', b32(N)], ['n + 1', b32(N + 1n)],
    ['2^256 − 1', b32((1n << 256n) - 1n)], ['31 bytes', new Uint8Array(31).fill(1)], ['33 bytes', new Uint8Array(33).fill(1)],
  ] as const) {
    test(`d = ${name}: every private-key operation throws SDR_KEYERR`, () => {
      assert.throws(() => sm2.validatePrivateKey(d), code('SDR_KEYERR'));
      assert.throws(() => sm2.getPublicKey(d), code('SDR_KEYERR'));
      assert.throws(() => sm2.sign(d, MSG), code('SDR_KEYERR'));
      assert.throws(() => sm2.decrypt(d, new Uint8Array(120)), code('SDR_KEYERR'));
    });
  }

  test('d = 1 and d = n − 2 are valid and sign/verify', () => {
    for (const d of [b32(1n), b32(N - 2n)]) {
      sm2.validatePrivateKey(d);
      const pub = sm2.getPublicKey(d);
      assert.equal(sm2.verify(pub, MSG, sm2.sign(d, MSG)), true);
    }
  });

  test('non-bytes are programmer errors (TypeError)', () => {
    assert.throws(() => sm2.sign('00' as unknown as Uint8Array, MSG), TypeError);
    assert.throws(() => sm2.verify(PUB, 'msg' as unknown as Uint8Array, SIG), TypeError);
  });
});

describe('signatures that are wrong, not malformed: verify returns false', () => {
  const r = num(SIG.subarray(0, 32)), s = num(SIG.subarray(32));
  for (const [name, sig] of [
    ['r = 0', concatBytes(b32(0n), b32(s))], ['s = 0', concatBytes(b32(r), b32(0n))],
    ['r = n', concatBytes(b32(N), b32(s))], ['s = n', concatBytes(b32(r), b32(N))],
    ['r = 2^256 − 1', concatBytes(b32((1n << 256n) - 1n), b32(s))], ['s = n + 1', concatBytes(b32(r), b32(N + 1n))],
    ['r + s = n (t = 0)', concatBytes(b32(r), b32(N - r))], ['r and s swapped', concatBytes(b32(s), b32(r))],
    ['all zero', new Uint8Array(64)],
  ] as const) {
    test(`${name}`, () => {
      assert.equal(sm2.verify(PUB, MSG, sig), false);
      assert.equal(sm2.prepareVerifier(PUB, { precompute: true }).verify(MSG, sig), false);
    });
  }

  test('the right signature under another user ID is false', () => {
    assert.equal(sm2.verify(PUB, MSG, SIG), true);
    assert.equal(sm2.verify(PUB, MSG, SIG, { id: 'ALICE123@YAHOO.COM' }), false);
  });

  test('wrong signature or digest lengths are SDR_INARGERR', () => {
    assert.throws(() => sm2.verify(PUB, MSG, SIG.subarray(1)), code('SDR_INARGERR'));
    assert.throws(() => sm2.verify(PUB, MSG, concatBytes(SIG, Uint8Array.of(0))), code('SDR_INARGERR'));
    assert.throws(() => sm2.verifyDigest(PUB, new Uint8Array(31), SIG), code('SDR_INARGERR'));
    assert.throws(() => sm2.signDigest(D, new Uint8Array(33)), code('SDR_INARGERR'));
  });

  test('user IDs of 8192 bytes or more are SDR_USERIDERR; 8191 bytes is fine', () => {
    assert.throws(() => sm2.sign(D, MSG, { id: new Uint8Array(8192) }), code('SDR_USERIDERR'));
    assert.throws(() => sm2.computeZ(PUB, new Uint8Array(10000)), code('SDR_USERIDERR'));
    const id = new Uint8Array(8191).fill(0x41);
    assert.equal(sm2.verify(PUB, MSG, sm2.sign(D, MSG, { id }), { id }), true);
  });
});

describe('ciphertexts that must be rejected with one SDR_ENCDATAERR', () => {
  const e = gmVector('sm2_encrypt_recommended_curve');
  const CT = fromHex(String(e.c1c3c2));
  const c1 = CT.subarray(0, 65), c3 = CT.subarray(65, 97), c2 = CT.subarray(97);
  const reject = (ct: Uint8Array, format?: sm2.CiphertextFormat): void => {
    assert.throws(() => sm2.decrypt(D, ct, { format }), (err: unknown) =>
      isCryptoError(err, 'SDR_ENCDATAERR') && err.message === 'sm2.decrypt: decryption failed');
  };
  test('the vector itself decrypts (control)', () => {
    assert.equal(toHex(sm2.decrypt(D, CT)), toHex(utf8(String(e.message_ascii))));
  });
  test('C3 mismatch (last byte changed)', () => {
    const bad = CT.slice();
    bad[96] = bad[96]! ^ 1;
    reject(bad);
  });
  test('C2 changed (then C3 no longer matches)', () => {
    const bad = CT.slice();
    bad[CT.length - 1] = bad[CT.length - 1]! ^ 0x80;
    reject(bad);
  });
  test('C1 off the curve, C1 with x >= p, C1 with prefix 02 or missing 04', () => {
    reject(concatBytes(Uint8Array.of(4), c1.subarray(1, 33), b32(num(c1.subarray(33)) ^ 1n), c3, c2));
    reject(concatBytes(Uint8Array.of(4), b32(C.p), c1.subarray(33), c3, c2));
    reject(concatBytes(Uint8Array.of(2), c1.subarray(1), c3, c2));
    reject(CT.subarray(1));
  });
  test('short ciphertexts: empty, C1 only, C1 ‖ C3 without C2', () => {
    reject(new Uint8Array(0));
    reject(c1.slice());
    reject(concatBytes(c1, c3));
  });
  test('the right ciphertext read in the wrong layout', () => {
    reject(CT, 'c1c2c3');
  });
  test('empty plaintext is refused at encryption with SDR_INARGERR', () => {
    assert.throws(() => sm2.encrypt(PUB, new Uint8Array(0)), code('SDR_INARGERR'));
  });
  test('splitCiphertext refuses what decrypt refuses for length; joinCiphertext checks part sizes', () => {
    assert.throws(() => sm2.splitCiphertext(concatBytes(c1, c3)), code('SDR_ENCDATAERR'));
    assert.throws(() => sm2.joinCiphertext({ c1, c3: c3.subarray(1), c2 }), code('SDR_ENCDATAERR'));
    assert.deepEqual(sm2.joinCiphertext({ c1: c1.subarray(1), c3, c2 }), CT);
  });
});

describe('random sources that misbehave: SDR_RANDERR', () => {
  test('wrong length, and endless out-of-range values', () => {
    assert.throws(() => sm2.sign(D, MSG, { rand: () => new Uint8Array(31) }), code('SDR_RANDERR'));
    assert.throws(() => sm2.sign(D, MSG, { rand: () => new Uint8Array(32) }), code('SDR_RANDERR'));
    assert.throws(() => sm2.generateKeyPair(() => b32(N - 1n)), code('SDR_RANDERR'));
    assert.throws(() => sm2.encrypt(PUB, MSG, { rand: () => b32(N) }), code('SDR_RANDERR'));
  });
  test('a rejected draw is followed by a fresh one (k = 0 then the vector k)', () => {
    const k = [b32(0n), fromHex(String(v.k))];
    assert.deepEqual(sm2.sign(D, MSG, { rand: () => k.shift()! }), SIG);
  });
});
