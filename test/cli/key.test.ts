/**
 * `mima key gen|list|export-pub|passwd|destroy` and `mima device sign|decrypt`: the whole path
 * init → status → key gen → export-pub → sign → verify (with `mima sm2 verify` and OpenSSL),
 * decryption of `mima sm2 encrypt` and OpenSSL output, role separation, access passwords.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openssl, opensslOk, opensslUnavailable } from '../interop/openssl.js';
import { fails, mima, ok } from './mima.js';
import { makeDevice, type DeviceFixture } from './device-fixture.js';

const skipOpenssl = opensslUnavailable();

describe('internal SM2 keys on a 2-of-3 shares device', () => {
  let dev: DeviceFixture;
  let S: string[];
  let msg: string, pub: string, encPub: string;
  const data = (): string[] => ['--data', dev.data];
  before(() => {
    dev = makeDevice({ shares: 3, threshold: 2 });
    S = dev.shareArgs(2);
    msg = dev.dir.file('msg.txt', 'Mima device signs this.\n');
    const r = ok(dev.run(['key', 'gen', ...data(), '--index', '1', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD', ...S]));
    assert.equal(r.out, 'created index 1: sm2 signing and encryption key pairs\n');
    pub = dev.dir.file('sign-pub.pem');
    encPub = dev.dir.file('enc-pub.pem');
    ok(dev.run(['key', 'export-pub', ...data(), '--index', '1', '--usage', 'sign', '--out', pub]));
    ok(dev.run(['key', 'export-pub', ...data(), '--index', '1', '--usage', 'enc', '--out', encPub]));
  });
  after(() => dev.cleanup());

  test('status counts the two key pairs; key list shows both usages with an access password', () => {
    assert.match(ok(dev.run(['device', 'status', ...data()])).out, /key pairs: 2; KEKs: 0/);
    const out = ok(dev.run(['key', 'list', ...data()])).out;
    assert.match(out, /^index 1 enc {2}sm2 {5}\S+ access-password=yes sm3\(pub\)=[0-9a-f]{16}$/m);
    assert.match(out, /^index 1 sign sm2 {5}\S+ access-password=yes sm3\(pub\)=[0-9a-f]{16}$/m);
  });

  test('export-pub writes SubjectPublicKeyInfo PEM; the two usages are different keys; stdout works', () => {
    const a = readFileSync(pub, 'utf8'), b = readFileSync(encPub, 'utf8');
    assert.match(a, /^-----BEGIN PUBLIC KEY-----\n/);
    assert.notEqual(a, b);
    assert.equal(ok(dev.run(['key', 'export-pub', ...data(), '--index', '1', '--usage', 'sign'])).out, a);
  });

  test('OpenSSL reads the exported key as an SM2 public key', { skip: skipOpenssl }, () => {
    assert.match(opensslOk(['pkey', '-pubin', '-in', pub, '-text', '-noout']).toString(), /ASN1 OID: SM2/);
  });

  test('device sign → mima sm2 verify says OK; a changed message says FAIL', () => {
    ok(dev.run(['device', 'sign', ...data(), '--index', '1', '--in', msg, '--out', dev.dir.file('m.sig'), ...S]));
    assert.equal(ok(mima(['sm2', 'verify', '--pub', pub, '--sig', dev.dir.file('m.sig'), '--in', msg])).out, 'OK\n');
    assert.equal(mima(['sm2', 'verify', '--pub', pub, '--sig', dev.dir.file('m.sig')], { input: 'another message' }).status, 1);
  });

  test('device sign with --id: verifies with the same ID only; stdin in, DER on stdout', () => {
    const sig = ok(dev.run(['device', 'sign', ...data(), '--index', '1', '--id', 'alice@example.com', ...S], { input: 'hello' })).stdout;
    assert.equal(sig[0], 0x30, 'a DER SEQUENCE');
    const f = dev.dir.file('id.sig', sig);
    assert.equal(ok(mima(['sm2', 'verify', '--pub', pub, '--sig', f, '--id', 'alice@example.com'], { input: 'hello' })).out, 'OK\n');
    assert.equal(mima(['sm2', 'verify', '--pub', pub, '--sig', f], { input: 'hello' }).out, 'FAIL\n');
  });

  test('OpenSSL verifies the device\'s signatures (default ID and a custom one)', { skip: skipOpenssl }, () => {
    for (const id of ['1234567812345678', 'bob']) {
      const sigFile = dev.dir.file(`ossl-${id}.sig`);
      ok(dev.run(['device', 'sign', ...data(), '--index', '1', '--in', msg, '--out', sigFile, ...S, ...(id === 'bob' ? ['--id', id] : [])]));
      const v = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-in', msg, '-sigfile', sigFile]);
      assert.equal(v.status, 0, v.stderr);
      assert.match(v.stdout.toString(), /Signature Verified Successfully/);
    }
  });

  test('device decrypt opens `mima sm2 encrypt` output (GM/T 0009 ASN.1)', () => {
    const ct = dev.dir.file('ct.der');
    ok(mima(['sm2', 'encrypt', '--pub', encPub, '--in', msg, '--out', ct]));
    const r = ok(dev.run(['device', 'decrypt', ...data(), '--index', '1', '--in', ct, ...S]));
    assert.equal(r.out, readFileSync(msg, 'utf8'));
  });

  test('device decrypt opens OpenSSL\'s SM2 encryption', { skip: skipOpenssl }, () => {
    const ct = dev.dir.file('ossl-ct.der');
    opensslOk(['pkeyutl', '-encrypt', '-pubin', '-inkey', encPub, '-in', msg, '-out', ct]);
    ok(dev.run(['device', 'decrypt', ...data(), '--index', '1', '--in', ct, '--out', dev.dir.file('ossl.pt'), ...S]));
    assert.equal(readFileSync(dev.dir.file('ossl.pt'), 'utf8'), readFileSync(msg, 'utf8'));
  });

  test('the signing key does not decrypt: ciphertext to the signing key is refused', () => {
    const ct = dev.dir.file('to-sign-key.der');
    ok(mima(['sm2', 'encrypt', '--pub', pub, '--in', msg, '--out', ct]));
    fails(dev.run(['device', 'decrypt', ...data(), '--index', '1', '--in', ct, ...S]), /decryption failed \(SDR_ENCDATAERR\)/);
  });

  test('bad ciphertext is exit 2, one line', () => {
    fails(dev.run(['device', 'decrypt', ...data(), '--index', '1', '--in', msg, ...S]), /not a DER SM2Cipher.*\(SDR_ENCDATAERR\)/);
  });

  test('a wrong access password is refused (SDR_PRKRERR) without echoing it', () => {
    const r = dev.run(['device', 'sign', ...data(), '--index', '1', '--in', msg, ...S], { env: { MIMA_ACCESS_PASSWORD: 'wrong-access-pw' } });
    fails(r, /access right for index 1 refused: wrong password \(SDR_PRKRERR\)/);
    assert.doesNotMatch(r.stderr, /wrong-access-pw/);
  });

  test('sign without shares on a locked device is refused', () => {
    fails(dev.run(['device', 'sign', ...data(), '--index', '1', '--in', msg]), /is locked: give 2 administrator shares with --share FILE/);
  });

  test('roles: the operator cannot generate keys, the security officer cannot sign', () => {
    fails(dev.run(['key', 'gen', ...data(), '--index', '9', '--type', 'sm2', ...S, '--user', 'operator', '--password-env', 'MIMA_OPERATOR_PASSWORD']),
      /account operator is an operator, not a security officer/);
    fails(dev.run(['device', 'sign', ...data(), '--index', '1', '--in', msg, ...S, '--user', 'so', '--password-env', 'MIMA_SO_PASSWORD']),
      /account so is a security officer, not an operator/);
    fails(dev.run(['device', 'sign', ...data(), '--index', '1', '--in', msg, ...S], { env: { MIMA_OPERATOR_PASSWORD: 'bad-operator-pw' } }),
      /wrong account name or password \(SDR_MIMA_AUTH\)/);
  });

  test('key gen at an index that holds keys is refused', () => {
    fails(dev.run(['key', 'gen', ...data(), '--index', '1', '--type', 'sm2', ...S]), /key pair at index 1 already exists/);
  });

  test('a key without an access password cannot be used until `key passwd` sets one', () => {
    const r = ok(dev.run(['key', 'gen', ...data(), '--index', '2', '--type', 'sm2', ...S]));
    assert.match(r.out, /no access password set: set one with `mima key passwd --index 2`/);
    fails(dev.run(['device', 'sign', ...data(), '--index', '2', '--in', msg, ...S]), /no access password is set for this index \(SDR_PRKRERR\)/);
    const env = { NEW_PW: 'index-2-password' };
    assert.equal(ok(dev.run(['key', 'passwd', ...data(), '--index', '2', '--access-password-env', 'NEW_PW', ...S], { env })).out, 'access password of index 2 set\n');
    ok(dev.run(['device', 'sign', ...data(), '--index', '2', '--in', msg, '--access-password-env', 'NEW_PW', ...S], { env }));
  });

  test('key gen over a range prints one line per stored key', () => {
    const r = ok(dev.run(['key', 'gen', ...data(), '--index', '3-5', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD', ...S]));
    assert.deepEqual(r.out.trim().split('\n'), [3, 4, 5].map((i) => `created index ${i}: sm2 signing and encryption key pairs`));
  });

  test('destroy removes both pairs; the index then does not exist', () => {
    assert.equal(ok(dev.run(['key', 'destroy', ...data(), '--index', '5', ...S])).out, 'destroyed key pairs and access password at index 5\n');
    assert.doesNotMatch(ok(dev.run(['key', 'list', ...data()])).out, /^index 5 /m);
    fails(dev.run(['device', 'sign', ...data(), '--index', '5', '--in', msg, ...S]), /SDR_KEYNOTEXIST/);
    fails(dev.run(['key', 'export-pub', ...data(), '--index', '5', '--usage', 'sign']), /no sign key pair at index 5/);
    fails(dev.run(['key', 'destroy', ...data(), '--index', '5', ...S]), /key pair at index 5 does not exist \(SDR_KEYNOTEXIST\)/);
  });

  test('KEKs: gen, list, destroy', () => {
    assert.equal(ok(dev.run(['key', 'gen', ...data(), '--index', '7', '--type', 'kek', ...S])).out, 'created index 7: SM4 KEK\n');
    assert.match(ok(dev.run(['key', 'list', ...data()])).out, /^kek 7 sm4 \S+$/m);
    ok(dev.run(['key', 'destroy', ...data(), '--index', '7', '--kek', ...S]));
    assert.doesNotMatch(ok(dev.run(['key', 'list', ...data()])).out, /^kek 7/m);
  });

  test('key list --json: public data only', () => {
    const j = JSON.parse(ok(dev.run(['key', 'list', ...data(), '--json'])).out) as { keyPairs: Record<string, unknown>[]; keks: unknown[] };
    assert.ok(j.keyPairs.length >= 2);
    assert.deepEqual(Object.keys(j.keyPairs[0]!).sort(), ['accessPassword', 'algorithm', 'createdAt', 'index', 'publicKeySm3', 'usage']);
  });

  test('bad input: exit 2, one line naming the problem', () => {
    fails(dev.run(['key', 'gen', ...data(), '--index', '8', '--type', 'sm3', ...S]), /--type: expected one of sm2, rsa2048, rsa3072, rsa4096, kek, got "sm3"/);
    fails(dev.run(['key', 'gen', ...data(), '--index', '0', '--type', 'sm2', ...S]), /--index: expected 1 <= A <= B, got "0"/);
    fails(dev.run(['key', 'gen', ...data(), '--index', '5-3', '--type', 'sm2', ...S]), /--index: expected 1 <= A <= B/);
    fails(dev.run(['key', 'gen', ...data(), '--index', 'x', '--type', 'sm2', ...S]), /--index: expected N or A-B, got "x"/);
    fails(dev.run(['key', 'gen', ...data(), '--index', '1025', '--type', 'sm2', ...S]), /key indexes are 1\.\.1024 \(set at init with --max-key-index\)/);
    fails(dev.run(['key', 'export-pub', ...data(), '--index', '1', '--usage', 'both']), /--usage: expected one of sign, enc, got "both"/);
    fails(dev.run(['key', 'export-pub', ...data(), '--index', '1-2', '--usage', 'sign']), /--index: expected a number, got "1-2"/);
    fails(dev.run(['key', 'gen', ...data(), '--index', '8', '--type', 'kek', '--access-password-env', 'X', ...S]), /KEKs have no access password/);
    fails(dev.run(['device', 'sign', ...data(), '--index', '1', '--in', dev.dir.file('missing'), ...S]), /missing: no such file/);
    fails(dev.run(['key', 'passwd', ...data(), '--index', '1', ...S], { env: { MIMA_ACCESS_PASSWORD: '' } }), /environment variable MIMA_ACCESS_PASSWORD is not set/);
    fails(dev.run(['key', 'list', '--data', dev.dir.file('nowhere')]), /no device here/);
  });
});

describe('RSA key pairs', () => {
  let dev: DeviceFixture;
  before(() => {
    dev = makeDevice({ shares: 2, threshold: 2 });
  });
  after(() => dev.cleanup());

  test('rsa2048: generated, listed, exported as an RSA SubjectPublicKeyInfo; SM2 sign refuses it', () => {
    const S = dev.shareArgs(2);
    ok(dev.run(['key', 'gen', '--data', dev.data, '--index', '1', '--type', 'rsa2048', '--access-password-env', 'MIMA_ACCESS_PASSWORD', ...S]));
    assert.match(ok(dev.run(['key', 'list', '--data', dev.data])).out, /^index 1 sign rsa2048 /m);
    const pem = ok(dev.run(['key', 'export-pub', '--data', dev.data, '--index', '1', '--usage', 'sign'])).out;
    assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
    if (!skipOpenssl) assert.match(opensslOk(['pkey', '-pubin', '-text', '-noout'], Buffer.from(pem)).toString(), /Public-Key: \(2048 bit\)/);
    fails(dev.run(['device', 'sign', '--data', dev.data, '--index', '1', ...S], { input: 'x' }), /the signing key at index 1 is rsa2048, not SM2/);
  });
});
