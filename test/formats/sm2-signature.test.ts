/**
 * SM2Signature DER (GM/T 0009-2012 §7.3) <-> raw r‖s: canonical encoding checked against
 * OpenSSL's ECDSA encoder, interop with OpenSSL and sm-crypto-v2 SM2 signatures both ways,
 * the Wycheproof encoding cases, and strict-DER refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { sm2 as smCrypto } from 'sm-crypto-v2';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { signatureFromDer, signatureToDer, decodeSm2PrivateKey } from '../../src/formats/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { toHex, fromHex } from '../../src/algorithms/internal/bytes.js';
import { readJson } from '../helpers/vectors.js';
import { opensslUnavailable, openssl, scratch } from '../interop/openssl.js';
import { opensslSm2Key } from './openssl-sm2.js';

const withOpenssl = { skip: opensslUnavailable() ?? false };
const ID = '1234567812345678'; // GM/T 0009-2012 §10 default user ID

function notDer(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, 'SDR_INARGERR'), `expected CryptoError SDR_INARGERR, got ${String(e)}`);
    assert.match(e.message, /^signatureFromDer: signature is not DER: /);
    assert.match(e.message, reason);
    return true;
  });
}

const h = (s: string): Uint8Array => fromHex(s.replace(/\s/g, ''));
/** 32-byte big-endian of a small number, for readable vectors. */
const n32 = (v: number): string => v.toString(16).padStart(64, '0');

describe('signatureToDer / signatureFromDer', () => {
  test('round-trip every 64-byte r‖s, including zero bytes and high bits at the edges', () => {
    const edge = fc.constantFrom(0, 1, 0x7f, 0x80, 0xff);
    const half = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(edge, { minLength: 32, maxLength: 32 }).map((a) => Uint8Array.from(a)));
    fc.assert(
      fc.property(half, half, (r, s) => {
        const raw = new Uint8Array([...r, ...s]);
        const der = signatureToDer(raw);
        assert.ok(der.length >= 8 && der.length <= 72, `length ${der.length}`);
        assert.deepEqual(signatureFromDer(der), raw);
      }),
      { numRuns: 500 },
    );
  });

  test('encodes minimal INTEGERs: no leading zeros, one 00 before a set top bit', () => {
    assert.equal(toHex(signatureToDer(h(n32(1) + n32(0x80)))), '3007020101020200' + '80');
    assert.equal(toHex(signatureToDer(new Uint8Array(64))), '3006020100020100');
    const top = 'ff'.repeat(32);
    assert.equal(toHex(signatureToDer(h(top + top))), '3046022100' + top + '022100' + top);
  });

  test('matches the @peculiar/asn1-ecc ECDSASigValue encoder and decoder (reference implementation)', () => {
    const unsigned = (b: Uint8Array): ArrayBuffer => {
      let i = 0;
      while (i < 31 && b[i] === 0) i++;
      const v = b[i]! & 0x80 ? new Uint8Array([0, ...b.subarray(i)]) : b.slice(i);
      return v.buffer;
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat(32), fc.nat(32), (raw, zr, zs) => {
        raw.fill(0, 0, zr);
        raw.fill(0, 32, 32 + zs);
        const ref = new Uint8Array(AsnConvert.serialize(new ECDSASigValue({ r: unsigned(raw.subarray(0, 32)), s: unsigned(raw.subarray(32)) })));
        const der = signatureToDer(raw);
        assert.deepEqual(der, ref);
        const parsed = AsnConvert.parse(der, ECDSASigValue);
        assert.deepEqual(new Uint8Array(parsed.r), new Uint8Array(unsigned(raw.subarray(0, 32))));
      }),
      { numRuns: 300 },
    );
  });

  test('matches OpenSSL\'s ECDSA-Sig-Value DER for the same (r, s): 200 P-256 signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    let n = 0;
    for (let i = 0; i < 200; i++, n++) {
      const msg = new Uint8Array([i, i >> 8]);
      const der = sign('sha256', msg, { key: privateKey, dsaEncoding: 'der' });
      const raw = signatureFromDer(der);
      assert.equal(verify('sha256', msg, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw), true);
      assert.deepEqual(signatureToDer(raw), new Uint8Array(der));
    }
    assert.equal(n, 200);
  });

  test('refuses raw signatures that are not 64 bytes (SDR_INARGERR) and non-bytes (TypeError)', () => {
    for (const len of [0, 63, 65, 128]) {
      assert.throws(() => signatureToDer(new Uint8Array(len)), (e: unknown) => isCryptoError(e, 'SDR_INARGERR') && /64 bytes r‖s, got/.test(e.message));
    }
    assert.throws(() => signatureToDer('00' as unknown as Uint8Array), TypeError);
    assert.throws(() => signatureFromDer(null as unknown as Uint8Array), TypeError);
  });
});

describe('SM2 signature interop', () => {
  test('OpenSSL SM2 signatures (`pkeyutl -sign -rawin -digest sm3 -pkeyopt distid:...`) are strict DER; sm-crypto-v2 verifies their r‖s', withOpenssl, () => {
    const k = opensslSm2Key();
    const pubHex = toHex(decodeSm2PrivateKey(k.pem).publicKey!);
    const s = scratch();
    try {
      const key = s.file('key.pem', k.pem);
      let n = 0;
      const lengths = new Set<number>();
      for (let i = 0; i < 12; i++, n++) {
        const msg = s.file('msg', `message ${i}`);
        const r = openssl(['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${ID}`, '-inkey', key, '-in', msg]);
        assert.equal(r.status, 0, r.stderr);
        const der = new Uint8Array(r.stdout);
        lengths.add(der.length);
        const raw = signatureFromDer(der);
        assert.deepEqual(signatureToDer(raw), der); // canonical: re-encodes to the same bytes
        assert.equal(smCrypto.doVerifySignature(`message ${i}`, toHex(raw), pubHex, { hash: true, userId: ID }), true);
      }
      assert.equal(n, 12);
      assert.ok([...lengths].every((l) => l <= 72), [...lengths].join());
    } finally {
      s.cleanup();
    }
  });

  test('sm-crypto-v2 raw r‖s signatures, DER-encoded by us, verify in OpenSSL', withOpenssl, () => {
    const k = opensslSm2Key();
    const { privateKey, publicKey } = decodeSm2PrivateKey(k.pem);
    const s = scratch();
    try {
      const pub = s.file('pub.pem', openssl(['pkey', '-in', s.file('key.pem', k.pem), '-pubout']).stdout);
      let n = 0;
      for (let i = 0; i < 8; i++, n++) {
        const message = `hello ${i}`;
        const rawHex = smCrypto.doSignature(message, toHex(privateKey), { hash: true, publicKey: toHex(publicKey!), userId: ID });
        const sig = s.file('sig', signatureToDer(fromHex(rawHex)));
        const r = openssl(['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${ID}`, '-pubin', '-inkey', pub, '-in', s.file('msg', message), '-sigfile', sig]);
        assert.equal(r.status, 0, r.stderr);
      }
      assert.equal(n, 8);
    } finally {
      s.cleanup();
    }
  });
});

interface EcdsaVector { tcId: number; flags: string[]; sig: string; result: string }
interface EcdsaFile { testGroups: { tests: EcdsaVector[] }[] }

describe('Wycheproof ecdsa_secp256r1_sha256_test.json (same SEQUENCE { INTEGER, INTEGER } encoding)', () => {
  const tests = readJson<EcdsaFile>('wycheproof', 'ecdsa_secp256r1_sha256_test.json').testGroups.flatMap((g) => g.tests);
  const BAD_ENCODING = new Set(['BerEncodedSignature', 'InvalidEncoding', 'InvalidTypesInSignature', 'MissingZero']);

  test('every valid signature parses and re-encodes to the same bytes', () => {
    const valid = tests.filter((t) => t.result === 'valid');
    for (const t of valid) assert.equal(toHex(signatureToDer(signatureFromDer(fromHex(t.sig)))), t.sig, `tcId ${t.tcId}`);
    assert.equal(valid.length, 174);
  });

  test('every signature flagged as mis-encoded is refused with SDR_INARGERR', () => {
    const bad = tests.filter((t) => t.flags.some((f) => BAD_ENCODING.has(f)));
    for (const t of bad) {
      assert.throws(() => signatureFromDer(fromHex(t.sig)), (e: unknown) => isCryptoError(e, 'SDR_INARGERR'), `tcId ${t.tcId}`);
    }
    assert.equal(bad.length, 163);
  });

  test('no input is accepted unless it is the canonical encoding of what it decodes to', () => {
    let accepted = 0;
    for (const t of tests) {
      let raw: Uint8Array;
      try {
        raw = signatureFromDer(fromHex(t.sig));
      } catch (e) {
        assert.ok(isCryptoError(e, 'SDR_INARGERR'), `tcId ${t.tcId}: ${String(e)}`);
        continue;
      }
      accepted++;
      assert.equal(toHex(signatureToDer(raw)), t.sig, `tcId ${t.tcId}`);
    }
    assert.equal(tests.length, 484);
    assert.ok(accepted >= 174, `accepted ${accepted}`);
  });
});

describe('signatureFromDer refuses what is not strict DER (SDR_INARGERR, "signature is not DER")', () => {
  const r = '020101';
  test('non-minimal INTEGER (a leading 00 not needed)', () => notDer(() => signatureFromDer(h('3007 02020001' + r)), /non-minimal INTEGER/));
  test('negative INTEGER', () => notDer(() => signatureFromDer(h('3006 020181' + r)), /r is a negative INTEGER/));
  test('INTEGER >= 2^256', () => notDer(() => signatureFromDer(h('3026 022101' + '00'.repeat(32) + r)), /r does not fit in 32 bytes/));
  test('long-form length where the short form fits', () => notDer(() => signatureFromDer(h('308106' + r + r)), /long-form length where the short form fits/));
  test('indefinite length (BER)', () => notDer(() => signatureFromDer(h('3080' + r + r + '0000')), /indefinite length/));
  test('trailing bytes', () => notDer(() => signatureFromDer(h('3006' + r + r + '00')), /1 trailing bytes/));
  test('outer tag not SEQUENCE', () => notDer(() => signatureFromDer(h('3106' + r + r)), /expected SEQUENCE \(tag 0x30\), got tag 0x31/));
  test('inner tag not INTEGER', () => notDer(() => signatureFromDer(h('3006 040101' + r)), /expected INTEGER r \(tag 0x02\), got tag 0x04/));
  test('three INTEGERs', () => notDer(() => signatureFromDer(h('3009' + r + r + r)), /got 3 elements/));
  test('one INTEGER', () => notDer(() => signatureFromDer(h('3003' + r)), /got 1 elements/));
  test('empty INTEGER', () => notDer(() => signatureFromDer(h('3005 0200' + r)), /empty INTEGER/));
  test('length running past the end', () => notDer(() => signatureFromDer(h('3007' + r + r)), /truncated/));
  test('content longer than the SEQUENCE says', () => notDer(() => signatureFromDer(h('3005' + r + r)), /truncated|trailing/));
  test('empty input', () => notDer(() => signatureFromDer(new Uint8Array(0)), /empty input/));
});
