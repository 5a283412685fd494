/**
 * SM2 ciphertext layouts (GM/T 0003.4 C1C3C2, legacy C1C2C3, GM/T 0009 §7.2 SM2Cipher):
 * conversions, interop with OpenSSL and sm-crypto-v2 both ways, and strict-DER refusals.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sm2 as smCrypto } from 'sm-crypto-v2';
import { ciphertextFromAsn1, ciphertextToAsn1, convertCiphertext, decodeSm2PrivateKey, type Sm2CiphertextFormat } from '../../src/formats/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { fromHex, toHex } from '../../src/algorithms/internal/bytes.js';
import { opensslUnavailable, openssl, scratch } from '../interop/openssl.js';
import { opensslSm2Key } from './openssl-sm2.js';

const withOpenssl = { skip: opensslUnavailable() ?? false };

function encErr(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, 'SDR_ENCDATAERR'), `expected CryptoError SDR_ENCDATAERR, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

/** C1 = 04‖x‖y with chosen coordinate bytes, C3, C2 -> the three layouts by hand. */
function layouts(x: Uint8Array, y: Uint8Array, c3: Uint8Array, c2: Uint8Array): Record<'c1c3c2' | 'c1c2c3', Uint8Array> {
  return {
    c1c3c2: new Uint8Array([4, ...x, ...y, ...c3, ...c2]),
    c1c2c3: new Uint8Array([4, ...x, ...y, ...c2, ...c3]),
  };
}

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
const coord = fc.oneof(bytes(32), bytes(31).map((b) => new Uint8Array([0, ...b])), bytes(31).map((b) => new Uint8Array([0x80, ...b])));

describe('conversions', () => {
  test('every pair of formats converts both ways without loss', () => {
    const formats: Sm2CiphertextFormat[] = ['c1c3c2', 'c1c2c3', 'asn1'];
    fc.assert(
      fc.property(coord, coord, bytes(32), fc.uint8Array({ maxLength: 80 }), (x, y, c3, c2) => {
        const raw = layouts(x, y, c3, c2);
        const all = { ...raw, asn1: ciphertextToAsn1(raw.c1c3c2, 'c1c3c2') };
        for (const from of formats) for (const to of formats) assert.deepEqual(convertCiphertext(all[from], from, to), all[to], `${from} -> ${to}`);
      }),
      { numRuns: 200 },
    );
  });

  test('both raw layouts give the same SM2Cipher, which decodes to C1C3C2', () => {
    const x = fromHex('00' + 'ab'.repeat(31));
    const y = fromHex('ff'.repeat(32));
    const { c1c3c2, c1c2c3 } = layouts(x, y, new Uint8Array(32).fill(7), new Uint8Array([1, 2, 3]));
    const der = ciphertextToAsn1(c1c3c2, 'c1c3c2');
    assert.deepEqual(ciphertextToAsn1(c1c2c3, 'c1c2c3'), der);
    assert.deepEqual(ciphertextFromAsn1(der), c1c3c2);
  });

  test('coordinates are minimal INTEGERs in ASN.1 and padded back to 32 bytes', () => {
    const x = fromHex('00'.repeat(31) + '05');
    const y = fromHex('80' + '00'.repeat(31));
    const { c1c3c2 } = layouts(x, y, new Uint8Array(32), new Uint8Array(0));
    const der = ciphertextToAsn1(c1c3c2, 'c1c3c2');
    assert.equal(toHex(der), '304a' + '020105' + '022100' + '80' + '00'.repeat(31) + '0420' + '00'.repeat(32) + '0400');
    assert.deepEqual(ciphertextFromAsn1(der), c1c3c2);
  });
});

describe('interop', () => {
  test('`openssl pkeyutl -encrypt` output is a strict SM2Cipher; sm-crypto-v2 decrypts our C1C3C2 of it', withOpenssl, () => {
    const k = opensslSm2Key();
    const { privateKey } = decodeSm2PrivateKey(k.pem);
    const s = scratch();
    try {
      const pub = s.file('pub.pem', openssl(['pkey', '-in', s.file('key.pem', k.pem), '-pubout']).stdout);
      let n = 0;
      for (const len of [1, 14, 32, 33, 100]) {
        const pt = new Uint8Array(len).map((_, i) => (i * 7 + len) & 255);
        const r = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pub, '-in', s.file('pt', pt)]);
        assert.equal(r.status, 0, r.stderr);
        const der = new Uint8Array(r.stdout);
        const raw = ciphertextFromAsn1(der);
        assert.equal(raw.length, 65 + 32 + len); // C2 is as long as the message
        assert.deepEqual(ciphertextToAsn1(raw, 'c1c3c2'), der); // canonical
        // sm-crypto-v2 takes C1 without its 04 prefix (cipherMode 1 = C1C3C2).
        const back = smCrypto.doDecrypt(toHex(raw.subarray(1)), toHex(privateKey), 1, { output: 'array' });
        assert.deepEqual(new Uint8Array(back), pt);
        n++;
      }
      assert.equal(n, 5);
    } finally {
      s.cleanup();
    }
  });

  test('sm-crypto-v2 C1C2C3 ciphertexts, converted to SM2Cipher by us, decrypt in OpenSSL', withOpenssl, () => {
    const k = opensslSm2Key();
    const { publicKey } = decodeSm2PrivateKey(k.pem);
    const s = scratch();
    try {
      const key = s.file('key.pem', k.pem);
      let n = 0;
      for (const msg of ['a', 'sixteen bytes!!!', 'x'.repeat(200)]) {
        const c1c2c3 = fromHex('04' + smCrypto.doEncrypt(msg, toHex(publicKey!), 0)); // cipherMode 0 = C1C2C3
        const der = convertCiphertext(c1c2c3, 'c1c2c3', 'asn1');
        const r = openssl(['pkeyutl', '-decrypt', '-inkey', key, '-in', s.file('ct', der)]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.toString(), msg);
        n++;
      }
      assert.equal(n, 3);
    } finally {
      s.cleanup();
    }
  });
});

describe('refusals (SDR_ENCDATAERR)', () => {
  const x = 'ab'.repeat(32);
  const hash = '0420' + '11'.repeat(32);
  const ct = '0403010203';
  const int = (hex: string): string => '02' + (hex.length / 2).toString(16).padStart(2, '0') + hex;
  const seq = (body: string): string => '30' + (body.length / 2).toString(16).padStart(2, '0') + body;
  const good = seq(int('00' + x) + int('01') + hash + ct);

  test('the well-formed reference parses (so each refusal below is about its one change)', () => {
    assert.equal(ciphertextFromAsn1(fromHex(good)).length, 65 + 32 + 3);
  });
  test('HASH not 32 bytes', () => {
    encErr(() => ciphertextFromAsn1(fromHex(seq(int('01') + int('01') + '041f' + '11'.repeat(31) + ct))), /HASH must be 32 bytes, got 31/);
    encErr(() => ciphertextFromAsn1(fromHex(seq(int('01') + int('01') + '0421' + '11'.repeat(33) + ct))), /HASH must be 32 bytes, got 33/);
  });
  test('non-minimal coordinate', () => encErr(() => ciphertextFromAsn1(fromHex(seq(int('0001') + int('01') + hash + ct))), /not a DER SM2Cipher: non-minimal INTEGER/));
  test('negative coordinate', () => encErr(() => ciphertextFromAsn1(fromHex(seq(int(x) + int('01') + hash + ct))), /XCoordinate is a negative INTEGER/));
  test('coordinate >= 2^256', () => encErr(() => ciphertextFromAsn1(fromHex(seq(int('01' + x) + int('01') + hash + ct))), /XCoordinate does not fit in 32 bytes/));
  test('extra field', () => encErr(() => ciphertextFromAsn1(fromHex(seq(int('01') + int('01') + hash + ct + '0500'))), /expected 4 fields .* got 5/));
  test('missing field', () => encErr(() => ciphertextFromAsn1(fromHex(seq(int('01') + int('01') + hash))), /got 3/));
  test('fields in the wrong order (C1C2C3-style ASN.1)', () => encErr(() => ciphertextFromAsn1(fromHex(seq(int('01') + int('01') + ct + hash))), /HASH must be 32 bytes, got 3/));
  test('wrong tag for a coordinate', () => encErr(() => ciphertextFromAsn1(fromHex(seq('0401aa' + int('01') + hash + ct))), /expected XCoordinate INTEGER/));
  test('trailing bytes', () => encErr(() => ciphertextFromAsn1(fromHex(good + '00')), /1 trailing bytes/));
  test('long-form length', () => encErr(() => ciphertextFromAsn1(fromHex('3081' + good.slice(2))), /long-form length/));
  test('not ASN.1 at all: a raw ciphertext given as ASN.1', () => encErr(() => ciphertextFromAsn1(new Uint8Array(100).fill(4)), /not a DER SM2Cipher/));

  test('raw input shorter than C1 + C3, or C1 without the 04 prefix', () => {
    encErr(() => ciphertextToAsn1(new Uint8Array(96).fill(4), 'c1c3c2'), /96 bytes, shorter than C1 and C3 \(97\)/);
    const raw = new Uint8Array(100);
    raw[0] = 0x02;
    encErr(() => ciphertextToAsn1(raw, 'c1c2c3'), /C1 must be an uncompressed point starting 04, got 0x02/);
    encErr(() => convertCiphertext(raw, 'c1c3c2', 'c1c2c3'), /^convertCiphertext: C1 must be/);
  });

  test('unknown layouts and non-bytes are TypeErrors', () => {
    const raw = new Uint8Array(100);
    raw[0] = 4;
    assert.throws(() => ciphertextToAsn1(raw, 'c2c1c3' as 'c1c3c2'), TypeError);
    assert.throws(() => convertCiphertext(raw, 'c1c3c2', 'der' as 'asn1'), TypeError);
    assert.throws(() => ciphertextFromAsn1('30' as unknown as Uint8Array), TypeError);
  });
});
