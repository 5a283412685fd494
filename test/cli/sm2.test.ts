/**
 * `mima sm2 keygen|sign|verify|encrypt|decrypt`: key files OpenSSL reads and writes, DER
 * signatures checked by OpenSSL and by the GM/T 0003.5 example, ciphertexts in all three formats.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, statSync } from 'node:fs';
import { gmVector } from '../helpers/vectors.js';
import { openssl, opensslOk, opensslUnavailable, scratch } from '../interop/openssl.js';
import { decodeSm2PrivateKey, encodeSm2PrivateKeyPem, encodeSm2PublicKeyPem } from '../../src/formats/index.js';
import { decrypt as sm2Decrypt } from '../../src/algorithms/sm2/index.js';
import { fails, mima, ok } from './mima.js';

const skipOpenssl = opensslUnavailable();
const hexBytes = (s: unknown): Uint8Array => new Uint8Array(Buffer.from(s as string, 'hex'));

describe('mima sm2', () => {
  const dir = scratch();
  const key = dir.file('key.pem'), pub = dir.file('pub.pem');
  before(() => ok(mima(['sm2', 'keygen', '--out', key, '--pubout', pub])));
  after(() => dir.cleanup());

  describe('keygen', () => {
    test('writes the private key with mode 0600 and prints nothing', () => {
      assert.equal(statSync(key).mode & 0o777, 0o600);
      const r = ok(mima(['sm2', 'keygen', '--out', dir.file('quiet.pem')]));
      assert.equal(r.out, '');
    });

    test('an existing world-readable file is narrowed to 0600 when a key is written over it', () => {
      const f = dir.file('old.pem', 'not a key\n');
      chmodSync(f, 0o644);
      ok(mima(['sm2', 'keygen', '--out', f]));
      assert.equal(statSync(f).mode & 0o777, 0o600);
      assert.match(dir.read('old.pem').toString(), /^-----BEGIN PRIVATE KEY-----\n/);
    });

    test('OpenSSL accepts the key pair: `pkey -check` on the private key, and its -pubout equals --pubout', { skip: skipOpenssl }, () => {
      assert.match(opensslOk(['pkey', '-in', key, '-check', '-noout']).toString(), /Key is valid/);
      assert.equal(opensslOk(['pkey', '-in', key, '-pubout']).toString(), dir.read('pub.pem').toString());
      assert.match(opensslOk(['pkey', '-in', key, '-text', '-noout']).toString(), /ASN1 OID: SM2/);
    });
  });

  describe('sign and verify', () => {
    const msg = dir.file('msg.txt', 'Mima signs this.\n');

    test('a signature verifies: "OK", exit 0; a changed message gives "FAIL", exit 1, nothing on stderr', () => {
      ok(mima(['sm2', 'sign', '--key', key, '--in', msg, '--out', dir.file('msg.sig')]));
      assert.equal(ok(mima(['sm2', 'verify', '--pub', pub, '--sig', dir.file('msg.sig'), '--in', msg])).out, 'OK\n');
      const r = mima(['sm2', 'verify', '--pub', pub, '--sig', dir.file('msg.sig')], { input: 'Mima signs that.\n' });
      assert.deepEqual([r.status, r.out, r.stderr], [1, 'FAIL\n', '']);
    });

    test('message on stdin and DER signature on stdout; --id must match between sign and verify', () => {
      const sig = ok(mima(['sm2', 'sign', '--key', key, '--id', 'alice@example.com'], { input: 'hello' })).stdout;
      assert.equal(sig[0], 0x30, 'a DER SEQUENCE');
      const sigFile = dir.file('id.sig', sig);
      assert.equal(ok(mima(['sm2', 'verify', '--pub', pub, '--sig', sigFile, '--id', 'alice@example.com'], { input: 'hello' })).out, 'OK\n');
      assert.equal(mima(['sm2', 'verify', '--pub', pub, '--sig', sigFile], { input: 'hello' }).status, 1);
    });

    test('verifies the GM/T 0003.5 Annex A signature (key and DER signature from test-vectors.json)', () => {
      const v = gmVector('sm2_sign_recommended_curve');
      const pubFile = dir.file('gmt-pub.pem', encodeSm2PublicKeyPem(hexBytes(v.public_key)));
      const sigFile = dir.file('gmt.sig', hexBytes(v.signature_der));
      const r = mima(['sm2', 'verify', '--pub', pubFile, '--sig', sigFile, '--id', v.user_id_ascii as string], { input: v.message_ascii as string });
      assert.equal(ok(r).out, 'OK\n');
      assert.equal(mima(['sm2', 'verify', '--pub', pubFile, '--sig', sigFile], { input: 'message digesT' }).out, 'FAIL\n');
    });

    test('OpenSSL verifies ours and we verify OpenSSL\'s, with the default and a custom ID', { skip: skipOpenssl }, () => {
      const okey = dir.file('ossl-key.pem'), opub = dir.file('ossl-pub.pem');
      opensslOk(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', okey]);
      opensslOk(['pkey', '-in', okey, '-pubout', '-out', opub]);
      for (const id of ['1234567812345678', 'bob']) {
        const idArgs = id === '1234567812345678' ? [] : ['--id', id];
        // ours (with OpenSSL's key) -> OpenSSL
        ok(mima(['sm2', 'sign', '--key', okey, '--in', msg, '--out', dir.file('m.sig'), ...idArgs]));
        const v = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', opub, '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-in', msg, '-sigfile', dir.file('m.sig')]);
        assert.equal(v.status, 0, `OpenSSL: ${v.stdout.toString()} ${v.stderr}`);
        // OpenSSL (with our key) -> ours
        opensslOk(['pkeyutl', '-sign', '-inkey', key, '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-in', msg, '-out', dir.file('o.sig')]);
        assert.equal(ok(mima(['sm2', 'verify', '--pub', pub, '--sig', dir.file('o.sig'), '--in', msg, ...idArgs])).out, 'OK\n');
      }
    });
  });

  describe('encrypt and decrypt', () => {
    const plain = 'encrypt me, then decrypt me';

    test('round trip in each --format; asn1 is the default', () => {
      for (const format of [undefined, 'asn1', 'c1c3c2', 'c1c2c3'] as const) {
        const f = format === undefined ? [] : ['--format', format];
        const ct = ok(mima(['sm2', 'encrypt', '--pub', pub, ...f], { input: plain })).stdout;
        assert.equal(ok(mima(['sm2', 'decrypt', '--key', key, ...f], { input: ct })).out, plain, format ?? 'default');
        if (format !== 'asn1' && format !== undefined) {
          // The raw layouts are what the algorithm module reads under the same name.
          const { privateKey } = decodeSm2PrivateKey(dir.read('key.pem'));
          assert.equal(Buffer.from(sm2Decrypt(privateKey, ct, { format })).toString(), plain, `${format} layout`);
        } else {
          assert.equal(ct[0], 0x30, 'SM2Cipher is a DER SEQUENCE');
        }
      }
    });

    test('decrypts the GM/T 0003.5 Annex C ciphertext in all three formats', () => {
      const v = gmVector('sm2_encrypt_recommended_curve');
      const keyFile = dir.file('gmt-key.pem', encodeSm2PrivateKeyPem(hexBytes(v.private_key), hexBytes(v.public_key)));
      const formats = [['asn1', v.asn1_der], ['c1c3c2', v.c1c3c2], ['c1c2c3', v.c1c2c3]] as const;
      for (const [format, ct] of formats) {
        const r = mima(['sm2', 'decrypt', '--key', keyFile, '--format', format, '--in', dir.file('gmt.ct', hexBytes(ct))]);
        assert.equal(ok(r).out, v.message_ascii, format);
      }
      assert.equal(formats.length, 3);
    });

    test('OpenSSL decrypts our default (asn1) output and we decrypt `openssl pkeyutl -encrypt` output', { skip: skipOpenssl }, () => {
      ok(mima(['sm2', 'encrypt', '--pub', pub, '--in', dir.file('p.txt', plain), '--out', dir.file('c.der')]));
      assert.equal(opensslOk(['pkeyutl', '-decrypt', '-inkey', key, '-in', dir.file('c.der')]).toString(), plain);
      opensslOk(['pkeyutl', '-encrypt', '-pubin', '-inkey', pub, '-in', dir.file('p.txt'), '-out', dir.file('o.der')]);
      assert.equal(ok(mima(['sm2', 'decrypt', '--key', key, '--in', dir.file('o.der')])).out, plain);
    });

    test('refusals: empty plaintext, unknown --format, a raw ciphertext read as asn1', () => {
      fails(mima(['sm2', 'encrypt', '--pub', pub], { input: '' }), /empty input/);
      fails(mima(['sm2', 'encrypt', '--pub', pub, '--format', 'c2c3c1'], { input: 'x' }), /--format: expected one of asn1, c1c3c2, c1c2c3, got "c2c3c1"/);
      const raw = ok(mima(['sm2', 'encrypt', '--pub', pub, '--format', 'c1c3c2'], { input: plain })).stdout;
      fails(mima(['sm2', 'decrypt', '--key', key], { input: raw }), /not a DER SM2Cipher.*SDR_ENCDATAERR/);
    });
  });
});
