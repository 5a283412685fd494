/**
 * SM2 signatures and encryption against the OpenSSL 3 command line (`openssl pkeyutl`), both
 * directions, on random keys, messages and user IDs, for every engine backend. Half the keys are
 * made by us and written with src/formats, half by `openssl genpkey` and read by src/formats.
 * Signatures travel as DER (GM/T 0009 §7.3), ciphertexts as SM2Cipher (GM/T 0009 §7.2).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableBackends } from '../../src/engine/index.js';
import type { SmBackend } from '../../src/engine/index.js';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import {
  ciphertextFromAsn1, ciphertextToAsn1, decodeSm2PrivateKey, decodeSm2PublicKey,
  encodeSm2PrivateKeyPem, encodeSm2PublicKeyPem, signatureFromDer, signatureToDer,
} from '../../src/formats/index.js';
import { bytes, hex, lengths, sameBytes } from './cases.js';
import { openssl, opensslOk, opensslUnavailable, scratch } from './openssl.js';

const skip = opensslUnavailable();
const DEFAULT_ID = new TextEncoder().encode('1234567812345678');

interface Sm2Fixture {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  /** Files OpenSSL reads: PKCS#8 and SPKI PEM. */
  keyFile: string;
  pubFile: string;
  origin: 'ours' | 'openssl';
}

/** Key i: even -> our key pair written by src/formats; odd -> `openssl genpkey` read by src/formats. */
function keyPair(b: SmBackend, dir: ReturnType<typeof scratch>, i: number): Sm2Fixture {
  const keyFile = dir.file(`key${i}.pem`), pubFile = dir.file(`pub${i}.pem`);
  if (i % 2 === 0) {
    const [pair] = b.sm2.generateKeyPairs(1);
    dir.file(`key${i}.pem`, encodeSm2PrivateKeyPem(pair!.privateKey, pair!.publicKey));
    dir.file(`pub${i}.pem`, encodeSm2PublicKeyPem(pair!.publicKey));
    return { ...pair!, keyFile, pubFile, origin: 'ours' };
  }
  opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', keyFile]);
  opensslOk(['pkey', '-in', keyFile, '-pubout', '-out', pubFile]);
  const { privateKey, publicKey } = decodeSm2PrivateKey(dir.read(`key${i}.pem`));
  const pub = decodeSm2PublicKey(dir.read(`pub${i}.pem`));
  assert.equal(hex(pub), hex(publicKey!), 'openssl -pubout and the PKCS#8 public key agree');
  return { privateKey, publicKey: pub, keyFile, pubFile, origin: 'openssl' };
}

/** OpenSSL's -pkeyopt for a user ID (hexdistid takes any bytes). */
const distid = (id: Uint8Array): string => `hexdistid:${hex(id)}`;

function opensslVerify(pubFile: string, msgFile: string, sigFile: string, id: Uint8Array): boolean {
  const r = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pubFile, '-rawin', '-digest', 'sm3',
    '-pkeyopt', distid(id), '-in', msgFile, '-sigfile', sigFile]);
  if (r.status !== 0 && r.status !== 1) throw new Error(`openssl pkeyutl -verify: ${r.stderr}`);
  return r.status === 0 && r.stdout.toString().includes('Signature Verified Successfully');
}

/** IDs: the GM/T 0009 default, then random bytes (not only ASCII) of 1 to 64 bytes, the last of 200. */
function ids(n: number): { id: Uint8Array; label: string }[] {
  const out: { id: Uint8Array; label: string }[] = [{ id: DEFAULT_ID, label: 'default ID' }];
  for (let i = 1; i < n; i++) {
    const id = bytes(i === n - 1 ? 200 : 1 + Math.floor(Math.random() * 64));
    out.push({ id, label: `ID ${hex(id)}` });
  }
  return out;
}

for (const backend of availableBackends()) {
  describe(`SM2 (${backend.name} backend) with \`openssl pkeyutl\``, { skip }, () => {
    const dir = scratch();
    after(() => dir.cleanup());
    const wrongId = new TextEncoder().encode('1234567812345679');

    test('our signatures verify in OpenSSL (-rawin -digest sm3, default and 3 custom IDs, 10 messages each); a wrong ID fails there', () => {
      let n = 0;
      for (const [k, { id, label }] of ids(4).entries()) {
        const key = keyPair(backend, dir, k);
        const ourDefault = label === 'default ID';
        // Our default ID must be the GM/T 0009 one: sign without an ID when OpenSSL expects the default.
        const signer = backend.sm2.signingKey(key.privateKey, ourDefault ? {} : { id });
        for (const len of lengths(4)) {
          const m = bytes(len);
          const sig = signatureToDer(signer.sign(m));
          const msgFile = dir.file('msg', m), sigFile = dir.file('sig.der', sig);
          const what = `${label}, ${key.origin} key ${hex(key.privateKey)}, message ${hex(m)}, signature ${hex(sig)}`;
          assert.ok(opensslVerify(key.pubFile, msgFile, sigFile, id), `OpenSSL refused ${what}`);
          assert.ok(!opensslVerify(key.pubFile, msgFile, sigFile, wrongId), `OpenSSL accepted under another ID: ${what}`);
          n++;
        }
        signer.release();
      }
      assert.equal(n, 4 * 10);
    });

    test("OpenSSL's signatures (pkeyutl -sign, default and 3 custom IDs, 10 messages each) verify with ours; a changed message does not", () => {
      let n = 0;
      for (const [k, { id, label }] of ids(4).entries()) {
        const key = keyPair(backend, dir, 10 + k);
        const verifier = backend.sm2.verifyingKey(key.publicKey, label === 'default ID' ? {} : { id });
        for (const len of lengths(4)) {
          const m = bytes(len);
          const msgFile = dir.file('msg', m), sigFile = dir.file('sig.der');
          opensslOk(['pkeyutl', '-sign', '-inkey', key.keyFile, '-rawin', '-digest', 'sm3', '-pkeyopt', distid(id), '-in', msgFile, '-out', sigFile]);
          const sig = signatureFromDer(dir.read('sig.der'));
          const what = `${label}, ${key.origin} key ${hex(key.privateKey)}, message ${hex(m)}, signature ${hex(sig)}`;
          assert.ok(verifier.verify(m, sig), `we refused ${what}`);
          const changed = len === 0 ? Uint8Array.of(0) : m.slice();
          if (len > 0) changed[len - 1]! ^= 0x80;
          assert.ok(!verifier.verify(changed, sig), `we accepted a changed message: ${what}`);
          n++;
        }
        verifier.release();
      }
      assert.equal(n, 4 * 10);
    });

    test('OpenSSL without -pkeyopt distid signs with an empty ID, not the GM/T 0009 default (a pitfall, pinned)', () => {
      const key = keyPair(backend, dir, 20);
      const m = bytes(33);
      const msgFile = dir.file('msg', m), sigFile = dir.file('sig.der');
      opensslOk(['pkeyutl', '-sign', '-inkey', key.keyFile, '-rawin', '-digest', 'sm3', '-in', msgFile, '-out', sigFile]);
      const sig = signatureFromDer(dir.read('sig.der'));
      assert.equal(backend.sm2.verifyingKey(key.publicKey, { id: new Uint8Array(0) }).verify(m, sig), true);
      assert.equal(backend.sm2.verifyingKey(key.publicKey).verify(m, sig), false);
    });

    test('our ciphertexts (C1C3C2 and C1C2C3, as SM2Cipher) decrypt in OpenSSL: edge lengths and 4 random lengths', () => {
      let n = 0;
      for (const [k, len] of lengths(4, 300, 1).entries()) {
        const key = keyPair(backend, dir, 30 + (k % 2));
        const m = bytes(len);
        for (const order of ['c1c3c2', 'c1c2c3'] as const) {
          const ct = ciphertextToAsn1(backend.sm2.encrypt(key.publicKey, m, order), order);
          const out = opensslOk(['pkeyutl', '-decrypt', '-inkey', key.keyFile, '-in', dir.file('ct.der', ct)]);
          sameBytes(out, m, `openssl decrypting our ${order} ${hex(ct)} with ${key.origin} key ${hex(key.privateKey)}`);
          n++;
        }
      }
      assert.equal(n, 2 * 9);
    });

    test("OpenSSL's ciphertexts (pkeyutl -encrypt) decrypt with ours; one flipped bit in C2 or C3 is refused with SDR_ENCDATAERR", () => {
      let n = 0;
      for (const [k, len] of lengths(4, 300, 1).entries()) {
        const key = keyPair(backend, dir, 40 + (k % 2));
        const m = bytes(len);
        opensslOk(['pkeyutl', '-encrypt', '-pubin', '-inkey', key.pubFile, '-in', dir.file('msg', m), '-out', dir.file('ct.der')]);
        const raw = ciphertextFromAsn1(dir.read('ct.der'));
        const what = `ciphertext ${hex(raw)} under ${key.origin} key ${hex(key.privateKey)}`;
        sameBytes(backend.sm2.decrypt(key.privateKey, raw, 'c1c3c2'), m, what);
        for (const at of [65 + Math.floor(Math.random() * 32), 97 + Math.floor(Math.random() * len)]) {
          const bad = raw.slice();
          bad[at]! ^= 1 << Math.floor(Math.random() * 8);
          assert.throws(() => backend.sm2.decrypt(key.privateKey, bad, 'c1c3c2'), (e) => isCryptoError(e, 'SDR_ENCDATAERR'), `byte ${at} of ${what}`);
        }
        n++;
      }
      assert.equal(n, 9);
    });
  });
}
