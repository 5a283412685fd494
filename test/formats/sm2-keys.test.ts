/**
 * SM2 key files: byte-exact interop with the OpenSSL 3 CLI both ways, SEC1 input, raw forms,
 * and every refusal with its code and message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import {
  decodeSm2PrivateKey,
  decodeSm2PublicKey,
  encodeSm2PrivateKeyDer,
  encodeSm2PrivateKeyPem,
  encodeSm2PublicKeyDer,
  encodeSm2PublicKeyPem,
  pemDecode,
  pemEncode,
  sm2PublicKeyFromRaw,
  sm2PublicKeyToRaw,
  OID,
} from '../../src/formats/index.js';
import { isCryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { opensslUnavailable } from '../interop/openssl.js';
import { opensslKeyNumbers, opensslOn, opensslSm2Key, textField } from './openssl-sm2.js';

const noOpenssl = opensslUnavailable();
const withOpenssl = { skip: noOpenssl ?? false };

function rejects(fn: () => unknown, code: SdrName, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isCryptoError(e, code), `expected CryptoError ${code}, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

function derOf(pem: string, label: string): Uint8Array {
  return pemDecode(pem, label).der;
}

/** A key with a recognisable d and a well-formed (not necessarily on-curve) point. */
const D = new Uint8Array(32).map((_, i) => i + 1);
const PUB = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : 200 - i));

/** SEC1 ECPrivateKey DER built with the ASN.1 library, for hand-made variants. */
function sec1(opts: { version?: number; d?: Uint8Array; curve?: string | null; pub?: Uint8Array }): Uint8Array {
  const ec = new ECPrivateKey({
    version: opts.version ?? 1,
    privateKey: new OctetString(opts.d ?? D),
    parameters: opts.curve === null ? undefined : new ECParameters({ namedCurve: opts.curve ?? OID.sm2 }),
    publicKey: opts.pub === undefined ? undefined : new Uint8Array(opts.pub).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(ec));
}

describe('SM2 private keys: OpenSSL 3 interop', () => {
  test('reads `openssl genpkey` PKCS#8 with the numbers `openssl pkey -text` prints', withOpenssl, () => {
    const k = opensslSm2Key();
    const got = decodeSm2PrivateKey(k.pem);
    assert.deepEqual(got.privateKey, k.d);
    assert.deepEqual(got.publicKey, k.pub);
  });

  test('writes the same PKCS#8 bytes and PEM text as `openssl genpkey`', withOpenssl, () => {
    const k = opensslSm2Key();
    assert.equal(encodeSm2PrivateKeyPem(k.d, k.pub), k.pem);
    assert.deepEqual(encodeSm2PrivateKeyDer(k.d, k.pub), derOf(k.pem, 'PRIVATE KEY'));
  });

  test('`openssl pkey -text` reads our PEM back with identical numbers', withOpenssl, () => {
    const k = opensslSm2Key();
    const ours = opensslKeyNumbers(encodeSm2PrivateKeyPem(k.d, k.pub));
    assert.deepEqual(ours.d, k.d);
    assert.deepEqual(ours.pub, k.pub);
    assert.match(ours.text, /ASN1 OID: SM2/);
  });

  test('a key written without its public point is read by OpenSSL, which derives the same point', withOpenssl, () => {
    const k = opensslSm2Key();
    const der = encodeSm2PrivateKeyDer(k.d);
    assert.equal(decodeSm2PrivateKey(der).publicKey, undefined);
    const back = opensslKeyNumbers(der, 'DER');
    assert.deepEqual(back.d, k.d);
    assert.deepEqual(back.pub, k.pub);
  });

  test('reads SEC1 from `openssl ec` ("SM2 PRIVATE KEY"), its DER, and relabelled "EC PRIVATE KEY"', withOpenssl, () => {
    const k = opensslSm2Key();
    const pem = opensslOn(k.pem, ['ec', '-in', 'IN']).toString();
    assert.match(pem, /^-----BEGIN SM2 PRIVATE KEY-----/);
    const der = new Uint8Array(opensslOn(k.pem, ['ec', '-in', 'IN', '-outform', 'DER']));
    for (const input of [pem, der, pem.replace(/SM2 PRIVATE KEY/g, 'EC PRIVATE KEY')]) {
      const got = decodeSm2PrivateKey(input);
      assert.deepEqual(got.privateKey, k.d);
      assert.deepEqual(got.publicKey, k.pub);
    }
  });

  test('reads `openssl ecparam -name SM2 -genkey` output, skipping its SM2 PARAMETERS block', withOpenssl, () => {
    const out = opensslOn('', ['ecparam', '-name', 'SM2', '-genkey']).toString();
    assert.match(out, /BEGIN SM2 PARAMETERS[\s\S]*BEGIN PRIVATE KEY/);
    const got = decodeSm2PrivateKey(out);
    const want = opensslKeyNumbers(out);
    assert.deepEqual(got.privateKey, want.d);
    assert.deepEqual(got.publicKey, want.pub);
  });
});

describe('SM2 public keys: OpenSSL 3 interop', () => {
  test('reads `openssl pkey -pubout` and writes the same bytes', withOpenssl, () => {
    const k = opensslSm2Key();
    const pem = opensslOn(k.pem, ['pkey', '-in', 'IN', '-pubout']).toString();
    assert.deepEqual(decodeSm2PublicKey(pem), k.pub);
    assert.equal(encodeSm2PublicKeyPem(k.pub), pem);
    assert.deepEqual(decodeSm2PublicKey(derOf(pem, 'PUBLIC KEY')), k.pub);
  });

  test('`openssl pkey -pubin -text` reads our SPKI with the identical point', withOpenssl, () => {
    const k = opensslSm2Key();
    const text = opensslOn(encodeSm2PublicKeyPem(k.pub), ['pkey', '-pubin', '-in', 'IN', '-text', '-noout']).toString();
    assert.deepEqual(textField(text, 'pub:'), k.pub);
    assert.match(text, /ASN1 OID: SM2/);
  });

  test('accepts a compressed point (`openssl ec -conv_form compressed`) and returns it as stored', withOpenssl, () => {
    const k = opensslSm2Key();
    const pem = opensslOn(k.pem, ['ec', '-in', 'IN', '-pubout', '-conv_form', 'compressed']).toString();
    const p = decodeSm2PublicKey(pem);
    assert.equal(p.length, 33);
    assert.equal(p[0], 0x02 | (k.pub[64]! & 1));
    assert.deepEqual(p.subarray(1), k.pub.subarray(1, 33));
  });
});

describe('SM2 keys: round trips and raw forms', () => {
  test('private key DER and PEM round-trip with and without the public point', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.boolean(), (d, xy, withPub) => {
        const pub = sm2PublicKeyFromRaw(xy);
        const der = withPub ? encodeSm2PrivateKeyDer(d, pub) : encodeSm2PrivateKeyDer(d);
        const got = decodeSm2PrivateKey(der);
        assert.deepEqual(got.privateKey, d);
        assert.deepEqual(got.publicKey, withPub ? pub : undefined);
        assert.deepEqual(decodeSm2PrivateKey(pemEncode('PRIVATE KEY', der)), got);
      }),
      { numRuns: 200 },
    );
  });

  test('public key DER and PEM round-trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (xy) => {
        const pub = sm2PublicKeyFromRaw(xy);
        assert.deepEqual(decodeSm2PublicKey(encodeSm2PublicKeyDer(pub)), pub);
        assert.deepEqual(decodeSm2PublicKey(encodeSm2PublicKeyPem(pub)), pub);
      }),
      { numRuns: 200 },
    );
  });

  test('raw x‖y (64 bytes) <-> 04‖x‖y (65 bytes)', () => {
    const raw = sm2PublicKeyToRaw(PUB);
    assert.equal(raw.length, 64);
    assert.deepEqual(raw, PUB.subarray(1));
    assert.deepEqual(sm2PublicKeyFromRaw(raw), PUB);
  });

  test('raw conversions refuse wrong sizes and compressed points (SDR_KEYERR)', () => {
    rejects(() => sm2PublicKeyFromRaw(new Uint8Array(65)), 'SDR_KEYERR', /must be 64 bytes x‖y, got 65/);
    rejects(() => sm2PublicKeyToRaw(new Uint8Array(64)), 'SDR_KEYERR', /65 bytes 04‖x‖y, got 64/);
    const compressed = new Uint8Array(33);
    compressed[0] = 2;
    rejects(() => sm2PublicKeyToRaw(compressed), 'SDR_KEYERR', /65 bytes 04‖x‖y/);
    assert.throws(() => sm2PublicKeyFromRaw('00' as unknown as Uint8Array), TypeError);
  });

  test('a SEC1 private key shorter than 32 bytes (OpenSSL 1.0.x) is left-padded', () => {
    const short = D.slice(1);
    const got = decodeSm2PrivateKey(pemEncode('EC PRIVATE KEY', sec1({ d: short })));
    assert.deepEqual(got.privateKey, new Uint8Array([0, ...short]));
  });
});

describe('SM2 keys: refusals', () => {
  test('a P-256 key names its curve OID (SDR_KEYERR), in PKCS#8, SEC1 and SPKI', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const msg = /not an SM2 key: curve prime256v1 \(1\.2\.840\.10045\.3\.1\.7\), expected sm2 \(1\.2\.156\.10197\.1\.301\)/;
    rejects(() => decodeSm2PrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })), 'SDR_KEYERR', msg);
    rejects(() => decodeSm2PrivateKey(privateKey.export({ type: 'sec1', format: 'pem' })), 'SDR_KEYERR', msg);
    rejects(() => decodeSm2PublicKey(publicKey.export({ type: 'spki', format: 'der' })), 'SDR_KEYERR', msg);
  });

  test('an RSA key is "not an EC key" naming rsaEncryption', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const msg = /not an EC key: algorithm rsaEncryption \(1\.2\.840\.113549\.1\.1\.1\)/;
    rejects(() => decodeSm2PrivateKey(privateKey.export({ type: 'pkcs8', format: 'der' })), 'SDR_KEYERR', msg);
    rejects(() => decodeSm2PublicKey(publicKey.export({ type: 'spki', format: 'pem' })), 'SDR_KEYERR', msg);
  });

  const encryptedMsg = /^decodeSm2PrivateKey: encrypted private keys are not supported: decrypt with openssl pkcs8 first$/;

  test('encrypted PKCS#8 (`openssl pkcs8 -topk8 -v2`), as PEM and as DER', withOpenssl, () => {
    const k = opensslSm2Key();
    const pem = opensslOn(k.pem, ['pkcs8', '-topk8', '-in', 'IN', '-v2', 'aes-256-cbc', '-passout', 'pass:secret']).toString();
    assert.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
    rejects(() => decodeSm2PrivateKey(pem), 'SDR_KEYERR', encryptedMsg);
    rejects(() => decodeSm2PrivateKey(derOf(pem, 'ENCRYPTED PRIVATE KEY')), 'SDR_KEYERR', encryptedMsg);
  });

  test('legacy encrypted PEM ("Proc-Type: 4,ENCRYPTED" from `openssl ec -aes256`)', withOpenssl, () => {
    const k = opensslSm2Key();
    const pem = opensslOn(k.pem, ['ec', '-in', 'IN', '-aes256', '-passout', 'pass:secret']).toString();
    assert.match(pem, /Proc-Type: 4,ENCRYPTED/);
    rejects(() => decodeSm2PrivateKey(pem), 'SDR_KEYERR', encryptedMsg);
  });

  test('explicit curve parameters (`openssl ec -param_enc explicit`)', withOpenssl, () => {
    const k = opensslSm2Key();
    const pem = opensslOn(k.pem, ['ec', '-in', 'IN', '-param_enc', 'explicit']).toString();
    rejects(() => decodeSm2PrivateKey(pem), 'SDR_KEYERR', /explicit curve parameters are not supported/);
  });

  test('wrong PEM label or not PEM at all is a bad input (SDR_INARGERR)', () => {
    rejects(() => decodeSm2PrivateKey(encodeSm2PublicKeyPem(PUB)), 'SDR_INARGERR', /^decodeSm2PrivateKey: expected PRIVATE KEY, got PUBLIC KEY$/);
    rejects(() => decodeSm2PublicKey(encodeSm2PrivateKeyPem(D, PUB)), 'SDR_INARGERR', /^decodeSm2PublicKey: expected PUBLIC KEY, got PRIVATE KEY$/);
    rejects(() => decodeSm2PrivateKey('not a key'), 'SDR_INARGERR', /not PEM/);
    rejects(() => decodeSm2PrivateKey(new Uint8Array([1, 2, 3])), 'SDR_INARGERR', /not PEM/);
    rejects(() => decodeSm2PrivateKey(''), 'SDR_INARGERR', /empty input/);
  });

  test('structure: trailing bytes, BER lengths, truncation, wrong shape (SDR_KEYERR)', () => {
    const der = encodeSm2PrivateKeyDer(D, PUB);
    rejects(() => decodeSm2PrivateKey(new Uint8Array([...der, 0])), 'SDR_KEYERR', /1 trailing bytes/);
    assert.deepEqual([...der.subarray(0, 3)], [0x30, 0x81, 0x87]);
    const longLen = new Uint8Array([0x30, 0x82, 0x00, 0x87, ...der.subarray(3)]);
    rejects(() => decodeSm2PrivateKey(longLen), 'SDR_KEYERR', /non-minimal length/);
    rejects(() => decodeSm2PrivateKey(der.subarray(0, 100)), 'SDR_KEYERR', /truncated/);
    rejects(() => decodeSm2PrivateKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])), 'SDR_KEYERR', /neither a PKCS#8 PrivateKeyInfo nor a SEC1 ECPrivateKey/);
  });

  test('versions: PKCS#8 other than 0, ECPrivateKey other than 1', () => {
    const pki = AsnConvert.parse(encodeSm2PrivateKeyDer(D, PUB), PrivateKeyInfo);
    (pki as { version: number }).version = 1;
    rejects(() => decodeSm2PrivateKey(new Uint8Array(AsnConvert.serialize(pki))), 'SDR_KEYERR', /unsupported PKCS#8 version/);
    rejects(() => decodeSm2PrivateKey(sec1({ version: 2 })), 'SDR_KEYERR', /unsupported ECPrivateKey version/);
  });

  test('lengths: private key over 32 bytes, empty private key, a point that is not SEC1', () => {
    rejects(() => decodeSm2PrivateKey(sec1({ d: new Uint8Array(33).fill(1) })), 'SDR_KEYERR', /private key is 33 bytes, expected 32/);
    rejects(() => decodeSm2PrivateKey(sec1({ d: new Uint8Array(0) })), 'SDR_KEYERR', /private key is 0 bytes/);
    const bad = PUB.slice();
    bad[0] = 5;
    rejects(() => decodeSm2PrivateKey(sec1({ pub: bad })), 'SDR_KEYERR', /not a SEC1 point .* starting 0x05/);
    rejects(() => decodeSm2PrivateKey(sec1({ pub: PUB.subarray(0, 64) })), 'SDR_KEYERR', /got 64 bytes/);
  });

  test('curves: SEC1 must name one; namedCurve must be sm2; implicitCurve refused', () => {
    rejects(() => decodeSm2PrivateKey(sec1({ curve: null })), 'SDR_KEYERR', /names no curve/);
    rejects(() => decodeSm2PrivateKey(sec1({ curve: OID.secp256k1 })), 'SDR_KEYERR', /curve secp256k1 \(1\.3\.132\.0\.10\)/);
    // PKCS#8 saying sm2 outside while the inner ECPrivateKey names another curve.
    const pki = AsnConvert.parse(encodeSm2PrivateKeyDer(D, PUB), PrivateKeyInfo);
    pki.privateKey = new OctetString(sec1({ curve: OID.prime256v1, pub: PUB }));
    rejects(() => decodeSm2PrivateKey(new Uint8Array(AsnConvert.serialize(pki))), 'SDR_KEYERR', /curve prime256v1/);
    pki.privateKey = new OctetString(sec1({ curve: OID.sm2, pub: PUB })); // a matching inner [0] is fine
    assert.deepEqual(decodeSm2PrivateKey(new Uint8Array(AsnConvert.serialize(pki))), { privateKey: D, publicKey: PUB });
    const spki = encodeSm2PublicKeyDer(PUB);
    // Replace the 10-byte namedCurve OID TLV (06 08 ...) by NULL (05 00) and fix the lengths.
    const at = spki.indexOf(0x06, 4 + 9);
    const implicit = new Uint8Array([0x30, spki[1]! - 8, 0x30, spki[3]! - 8, ...spki.subarray(4, at), 0x05, 0x00, ...spki.subarray(at + 10)]);
    rejects(() => decodeSm2PublicKey(implicit), 'SDR_KEYERR', /implicitCurve parameters are not supported/);
    const absent = new Uint8Array([0x30, spki[1]! - 10, 0x30, spki[3]! - 10, ...spki.subarray(4, at), ...spki.subarray(at + 10)]);
    rejects(() => decodeSm2PublicKey(absent), 'SDR_KEYERR', /EC key algorithm without curve parameters/);
  });

  test('SPKI BIT STRING with unused bits', () => {
    const spki = encodeSm2PublicKeyDer(PUB);
    const bitsAt = spki.length - 66; // 03 42 00 04 ...: the unused-bits byte
    assert.equal(spki[bitsAt - 2], 0x03);
    const bad = spki.slice();
    bad[bitsAt] = 1;
    bad[spki.length - 1] = bad[spki.length - 1]! & 0xfe; // padding bit zero, so only the count is wrong
    rejects(() => decodeSm2PublicKey(bad), 'SDR_KEYERR', /unused bits/);
  });

  test('encoders refuse wrong lengths (SDR_KEYERR) and wrong types (TypeError)', () => {
    rejects(() => encodeSm2PrivateKeyDer(new Uint8Array(31)), 'SDR_KEYERR', /private key must be 32 bytes, got 31/);
    rejects(() => encodeSm2PrivateKeyDer(D, PUB.subarray(1)), 'SDR_KEYERR', /public key must be 65 bytes/);
    const compressed = PUB.slice(0, 33);
    compressed[0] = 3;
    rejects(() => encodeSm2PublicKeyDer(compressed), 'SDR_KEYERR', /public key must be 65 bytes 04‖x‖y, got 33/);
    assert.throws(() => encodeSm2PrivateKeyDer([1, 2] as unknown as Uint8Array), TypeError);
    assert.throws(() => decodeSm2PrivateKey(7 as unknown as string), TypeError);
  });
});
