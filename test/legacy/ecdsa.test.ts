/**
 * ECDSA P-256 / SHA-256: key forms, DER and raw signatures, OpenSSL `dgst` as a peer, an
 * independent verifier (@noble/curves), Wycheproof, and key refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import {
  ecdsaP256PrivateKeyFromRaw,
  ecdsaP256PublicKeyFromPoint,
  generateEcdsaP256KeyPair,
  importEcdsaP256PrivateKey,
  importEcdsaP256PublicKey,
  type EcdsaSignatureFormat,
} from '../../src/algorithms/legacy/index.js';
import { isCryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { bigIntToBytes, fromHex, utf8 } from '../../src/algorithms/internal/bytes.js';
import { readJson } from '../helpers/vectors.js';
import { opensslUnavailable, openssl, scratch } from '../interop/openssl.js';

const withOpenssl = { skip: opensslUnavailable() ?? false };
// SP 800-186 §3.2.1.3: the order of the P-256 base point.
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function fails(fn: () => unknown, code: SdrName, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, code), `expected CryptoError ${code}, got ${String(e)}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

function pem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
}

describe('keys', () => {
  test('a generated pair is the same key in DER and raw form', () => {
    const kp = generateEcdsaP256KeyPair();
    assert.equal(kp.privateKey.length, 32);
    assert.equal(kp.publicKey.length, 65);
    assert.deepEqual(importEcdsaP256PrivateKey(kp.privateKeyDer).exportRaw(), kp.privateKey);
    assert.deepEqual(ecdsaP256PrivateKeyFromRaw(kp.privateKey).publicKey.toPoint(), kp.publicKey);
    assert.deepEqual(importEcdsaP256PublicKey(kp.publicKeyDer).toPoint(), kp.publicKey);
    assert.deepEqual(ecdsaP256PublicKeyFromPoint(kp.publicKey).toDer(), kp.publicKeyDer);
    assert.deepEqual(p256.getPublicKey(kp.privateKey, false), kp.publicKey);
  });

  test('a compressed point imports to the same key', () => {
    const kp = generateEcdsaP256KeyPair();
    const compressed = new Uint8Array([2 | (kp.publicKey[64]! & 1), ...kp.publicKey.subarray(1, 33)]);
    assert.deepEqual(ecdsaP256PublicKeyFromPoint(compressed).toPoint(), kp.publicKey);
  });

  test('d = 0, d = n, d > n, wrong lengths are SDR_KEYERR; d = n - 1 is accepted', () => {
    for (const d of [0n, N, N + 1n, 2n ** 256n - 1n]) fails(() => ecdsaP256PrivateKeyFromRaw(bigIntToBytes(d, 32)), 'SDR_KEYERR', /out of range/);
    fails(() => ecdsaP256PrivateKeyFromRaw(new Uint8Array(31).fill(1)), 'SDR_KEYERR', /32 bytes, got 31/);
    assert.equal(ecdsaP256PrivateKeyFromRaw(bigIntToBytes(N - 1n, 32)).publicKey.toPoint().length, 65);
  });

  test('points off the curve or badly encoded are SDR_KEYERR', () => {
    const kp = generateEcdsaP256KeyPair();
    const off = kp.publicKey.slice();
    off[64]! ^= 1;
    fails(() => ecdsaP256PublicKeyFromPoint(off), 'SDR_KEYERR', /not on P-256/);
    fails(() => ecdsaP256PublicKeyFromPoint(kp.publicKey.subarray(0, 64)), 'SDR_KEYERR', /got 64 bytes/);
    fails(() => ecdsaP256PublicKeyFromPoint(new Uint8Array([5, ...kp.publicKey.subarray(1)])), 'SDR_KEYERR');
  });

  test('keys on other curves or of other types are SDR_KEYERR naming what they are', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    fails(() => importEcdsaP256PrivateKey(p384.privateKey.export({ type: 'pkcs8', format: 'der' })), 'SDR_KEYERR', /curve secp384r1, expected P-256/);
    fails(() => importEcdsaP256PublicKey(p384.publicKey.export({ type: 'spki', format: 'der' })), 'SDR_KEYERR', /curve secp384r1/);
    const ed = generateKeyPairSync('ed25519');
    fails(() => importEcdsaP256PrivateKey(ed.privateKey.export({ type: 'pkcs8', format: 'der' })), 'SDR_KEYERR', /not an EC key \(ed25519\)/);
    fails(() => importEcdsaP256PublicKey(new Uint8Array([0x30, 0])), 'SDR_KEYERR', /not an SPKI public key/);
  });
});

describe('signatures', () => {
  const kp = generateEcdsaP256KeyPair();
  const priv = importEcdsaP256PrivateKey(kp.privateKeyDer);
  const pub = importEcdsaP256PublicKey(kp.publicKeyDer);
  const msg = utf8('Mima ECDSA');

  test('DER (default) and raw signatures verify in their own format only', () => {
    const der = priv.sign(msg);
    const raw = priv.sign(msg, 'raw');
    assert.equal(der[0], 0x30);
    assert.equal(raw.length, 64);
    assert.equal(pub.verify(msg, der), true);
    assert.equal(pub.verify(msg, der, 'der'), true);
    assert.equal(pub.verify(msg, raw, 'raw'), true);
    assert.equal(pub.verify(msg, raw, 'der'), false);
    assert.equal(pub.verify(msg, der, 'raw'), false);
  });

  test('any change to message or signature gives false', () => {
    for (const format of ['der', 'raw'] as EcdsaSignatureFormat[]) {
      const sig = priv.sign(msg, format);
      assert.equal(pub.verify(utf8('Mima ECDSB'), sig, format), false);
      for (let i = 0; i < sig.length; i += 7) {
        const bad = sig.slice();
        bad[i]! ^= 0x01;
        assert.equal(pub.verify(msg, bad, format), false, `${format} byte ${i}`);
      }
      assert.equal(pub.verify(msg, new Uint8Array([...sig, 0]), format), false);
    }
  });

  test('an independent implementation (@noble/curves p256) verifies our raw signatures, and we verify its', () => {
    let n = 0;
    for (let i = 0; i < 20; i++, n++) {
      const m = utf8(`message ${i}`);
      // lowS: false -- FIPS 186-5 ECDSA (and OpenSSL) does not normalise s; noble defaults to low-S only.
      assert.equal(p256.verify(priv.sign(m, 'raw'), m, kp.publicKey, { lowS: false }), true);
      assert.equal(pub.verify(m, p256.sign(m, kp.privateKey), 'raw'), true);
    }
    assert.equal(n, 20);
  });

  test('`openssl dgst -sha256 -verify` accepts our DER signatures; we verify `openssl dgst -sign`', withOpenssl, () => {
    const s = scratch();
    try {
      const pubFile = s.file('pub.pem', pem('PUBLIC KEY', kp.publicKeyDer));
      const keyFile = s.file('key.pem', pem('PRIVATE KEY', kp.privateKeyDer));
      for (let i = 0; i < 5; i++) {
        const m = utf8(`openssl ${i}`);
        const msgFile = s.file('msg', m);
        const v = openssl(['dgst', '-sha256', '-verify', pubFile, '-signature', s.file('sig', priv.sign(m)), msgFile]);
        assert.equal(v.status, 0, v.stderr);
        assert.match(v.stdout.toString(), /Verified OK/);
        const sig = openssl(['dgst', '-sha256', '-sign', keyFile, msgFile]);
        assert.equal(sig.status, 0, sig.stderr);
        assert.equal(pub.verify(m, new Uint8Array(sig.stdout)), true);
      }
    } finally {
      s.cleanup();
    }
  });

  test('unknown formats are TypeErrors', () => {
    assert.throws(() => priv.sign(msg, 'p1363' as EcdsaSignatureFormat), TypeError);
    assert.throws(() => pub.verify(msg, new Uint8Array(64), 'compact' as EcdsaSignatureFormat), TypeError);
  });
});

interface EcdsaGroup { publicKeyDer: string; tests: { tcId: number; msg: string; sig: string; result: string; flags: string[] }[] }

describe('Wycheproof', () => {
  for (const [file, format, want] of [
    ['ecdsa_secp256r1_sha256_test.json', 'der', [174, 310]],
    ['ecdsa_secp256r1_sha256_p1363_test.json', 'raw', [173, 89]],
  ] as const) {
    test(`${file}: valid signatures verify, invalid ones do not`, () => {
      const groups = readJson<{ testGroups: EcdsaGroup[] }>('wycheproof', file).testGroups;
      const count = [0, 0];
      for (const g of groups) {
        const pub = importEcdsaP256PublicKey(fromHex(g.publicKeyDer));
        for (const t of g.tests) {
          assert.notEqual(t.result, 'acceptable', `tcId ${t.tcId}`);
          assert.equal(pub.verify(fromHex(t.msg), fromHex(t.sig), format), t.result === 'valid', `tcId ${t.tcId} ${t.flags.join()}`);
          count[t.result === 'valid' ? 0 : 1]!++;
        }
      }
      assert.deepEqual(count, [...want]);
    });
  }
});
