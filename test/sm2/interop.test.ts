/**
 * Differential tests against independent SM2 implementations: sm-crypto-v2 (on @noble/curves),
 * sm-crypto 0.5.8 (jsbn), and a reference verifier written here on @noble/curves points with
 * node:crypto's SM3. Signatures and ciphertexts must cross in both directions.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { sm2 as v2 } from 'sm-crypto-v2';
import { fromHex, toHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { b32, NoblePoint, nobleXY, scalarFrom, verifyRef } from './helpers.js';

interface SmCryptoV1 {
  doSignature(msg: string | number[], priv: string, opts: { hash: boolean; publicKey?: string; userId?: string }): string;
  doVerifySignature(msg: string | number[], sig: string, pub: string, opts: { hash: boolean; userId?: string }): boolean;
  doEncrypt(msg: string | number[], pub: string, mode: 0 | 1): string;
  doDecrypt(ct: string, priv: string, mode: 0 | 1, opts: { output: 'array' }): number[];
}
const v1 = (createRequire(import.meta.url)('sm-crypto') as { sm2: SmCryptoV1 }).sm2;

const ROUNDS = 12;
const keys = Array.from({ length: ROUNDS }, () => sm2.generateKeyPair());
const msgs = Array.from({ length: ROUNDS }, (_, i) => new Uint8Array(randomBytes(i * 13)));

describe('interop with sm-crypto-v2 1.15 (noble-curves based)', () => {
  test(`our signatures verify there and theirs here (${ROUNDS} keys, default and custom IDs)`, () => {
    let n = 0;
    keys.forEach((kp, i) => {
      const priv = toHex(kp.privateKey), pub = toHex(kp.publicKey);
      const msg = msgs[i]!;
      const userId = i % 2 ? 'alice@example.com' : undefined;
      const ours = sm2.sign(kp.privateKey, msg, { id: userId });
      assert.equal(v2.doVerifySignature(msg, toHex(ours), pub, { hash: true, userId }), true);
      const theirs = v2.doSignature(msg, priv, { hash: true, publicKey: pub, userId });
      assert.equal(sm2.verify(kp.publicKey, msg, fromHex(theirs), { id: userId }), true);
      n++;
    });
    assert.equal(n, ROUNDS);
  });

  test('ciphertexts cross in both directions and both layouts (their C1 lacks the 04 prefix)', () => {
    keys.forEach((kp, i) => {
      const priv = toHex(kp.privateKey), pub = toHex(kp.publicKey);
      const m = msgs[i]!.length ? msgs[i]! : Uint8Array.of(7);
      for (const [format, mode] of [['c1c3c2', 1], ['c1c2c3', 0]] as const) {
        const ours = sm2.encrypt(kp.publicKey, m, { format });
        const out = v2.doDecrypt(toHex(ours).slice(2), priv, mode, { output: 'array' });
        assert.deepEqual(Uint8Array.from(out), m);
        const theirs = v2.doEncrypt(m, pub, mode);
        assert.deepEqual(sm2.decrypt(kp.privateKey, fromHex('04' + theirs), { format }), m);
      }
    });
  });

  test('public keys and compression agree', () => {
    for (const kp of keys) {
      assert.equal(toHex(sm2.compressPublicKey(kp.publicKey)), v2.compressPublicKeyHex(toHex(kp.publicKey)));
      assert.equal(v2.getPublicKeyFromPrivateKey(toHex(kp.privateKey)), toHex(kp.publicKey));
    }
  });
});

describe('interop with sm-crypto 0.5.8 (jsbn based)', () => {
  test('signatures cross in both directions', () => {
    for (const kp of keys.slice(0, 4)) {
      const msg = Array.from(utf8('interop message'));
      const ours = sm2.sign(kp.privateKey, Uint8Array.from(msg));
      assert.equal(v1.doVerifySignature(msg, toHex(ours), toHex(kp.publicKey), { hash: true }), true);
      const theirs = v1.doSignature(msg, toHex(kp.privateKey), { hash: true, publicKey: toHex(kp.publicKey) });
      assert.equal(sm2.verify(kp.publicKey, Uint8Array.from(msg), fromHex(theirs)), true);
    }
  });

  test('ciphertexts cross in both directions (mode 1 = C1C3C2, mode 0 = C1C2C3)', () => {
    for (const kp of keys.slice(0, 4)) {
      const m = randomBytes(40);
      for (const [format, mode] of [['c1c3c2', 1], ['c1c2c3', 0]] as const) {
        const ours = sm2.encrypt(kp.publicKey, m, { format });
        assert.deepEqual(Uint8Array.from(v1.doDecrypt(toHex(ours).slice(2), toHex(kp.privateKey), mode, { output: 'array' })), Uint8Array.from(m));
        const theirs = v1.doEncrypt(Array.from(m), toHex(kp.publicKey), mode);
        assert.deepEqual(sm2.decrypt(kp.privateKey, fromHex('04' + theirs), { format }), Uint8Array.from(m));
      }
    }
  });
});

describe('against a reference written on @noble/curves points', () => {
  test('public keys equal [d]G computed by noble for random private keys', () => {
    for (let i = 0; i < 16; i++) {
      const d = scalarFrom(randomBytes(32), sm2.SM2P256V1.n - 1n);
      assert.equal(toHex(sm2.getPublicKey(b32(d))), '04' + toHex(nobleXY(NoblePoint.BASE.multiply(d))));
    }
  });

  test('our signatures pass the reference verification; a changed message does not', () => {
    keys.forEach((kp, i) => {
      const id = i % 3 === 0 ? utf8('') : i % 3 === 1 ? utf8(sm2.SM2_DEFAULT_ID) : randomBytes(100);
      const sig = sm2.sign(kp.privateKey, msgs[i]!, { id });
      assert.equal(verifyRef(kp.publicKey.subarray(1), msgs[i]!, sig, id), true);
      assert.equal(verifyRef(kp.publicKey.subarray(1), Uint8Array.of(...msgs[i]!, 0), sig, id), false);
    });
  });
});
