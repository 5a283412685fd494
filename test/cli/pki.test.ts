/**
 * `mima ca init|issue` and `mima cert csr|show|verify` with keys in the device: a CA at index 1
 * issues a certificate for a request made by the key at index 2; mima and OpenSSL verify it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { toHex } from '../../src/algorithms/internal/bytes.js';
import { decodeSm2PublicKey } from '../../src/formats/index.js';
import { makeDevice, okWarned, type DeviceFixture } from './device-fixture.js';

let dev: DeviceFixture;
before(() => {
  dev = makeDevice('dev');
  okWarned(dev.run(['key', 'gen', '--data', dev.data, '--index', '1-2', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD']));
});
after(() => dev.cleanup());

test('CA key and end-entity key in the device: init, csr, issue, verify (mima and OpenSSL)', () => {
  const ca = dev.dir.file('ca.pem');
  const req = dev.dir.file('req.pem');
  const cert = dev.dir.file('alice.pem');
  okWarned(dev.run(['ca', 'init', '--data', dev.data, '--index', '1', '--subject', 'CN=Test Root, O=Mima, C=CN', '--days', '3650', '--out', ca]));
  okWarned(dev.run(['cert', 'csr', '--data', dev.data, '--index', '2', '--subject', 'CN=alice, O=Mima, C=CN', '--out', req]));
  okWarned(dev.run(['ca', 'issue', '--data', dev.data, '--index', '1', '--ca', ca, '--csr', req, '--days', '365', '--out', cert]));
  const v = dev.run(['cert', 'verify', '--trust', ca, cert]);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.out.trim(), 'OK: CN=alice, O=Mima, C=CN <- CN=Test Root, O=Mima, C=CN');
  const show = dev.run(['cert', 'show', cert]);
  assert.match(show.out, /^subject: CN=alice, O=Mima, C=CN$/m);
  assert.match(show.out, /^signature: sm2sign-with-sm3$/m);
  if (spawnSync('openssl', ['version']).status === 0) {
    const o = spawnSync('openssl', ['verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', ca, cert], { encoding: 'utf8' });
    assert.match(o.stdout, /alice\.pem: OK/, o.stderr);
  }
});

test('verify against the wrong trust anchor: FAIL with the reason, exit 1', () => {
  const other = dev.dir.file('other.pem');
  okWarned(dev.run(['ca', 'init', '--data', dev.data, '--index', '2', '--subject', 'CN=Other Root', '--days', '10', '--out', other]));
  const v = dev.run(['cert', 'verify', '--trust', other, dev.dir.file('alice.pem')]);
  assert.equal(v.status, 1);
  assert.match(v.out, /^FAIL: no issuer found for "CN=alice/m);
});

test('a certificate file that is not a certificate: one line, exit 2', () => {
  const junk = dev.dir.file('junk.pem');
  writeFileSync(junk, 'not a certificate');
  const r = dev.run(['cert', 'show', junk]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^mima: certificate: not an X\.509 certificate/);
});

test('revoke and CRL: the revoked certificate fails verification with the CRL; OpenSSL reads the CRL', () => {
  const ca = dev.dir.file('ca.pem');
  const cert = dev.dir.file('alice.pem');
  const crl = dev.dir.file('crl.pem');
  okWarned(dev.run(['ca', 'crl', '--data', dev.data, '--index', '1', '--ca', ca, '--out', crl]));
  assert.equal(dev.run(['cert', 'verify', '--trust', ca, '--crl', crl, cert]).status, 0, 'not revoked yet');
  const r = dev.run(['ca', 'revoke', '--data', dev.data, '--ca', ca, '--cert', cert, '--reason', '1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.out, /revoked CN=alice/);
  okWarned(dev.run(['ca', 'crl', '--data', dev.data, '--index', '1', '--ca', ca, '--out', crl]));
  const v = dev.run(['cert', 'verify', '--trust', ca, '--crl', crl, cert]);
  assert.equal(v.status, 1);
  assert.match(v.out, /^FAIL: "CN=alice, O=Mima, C=CN" was revoked at .* \(reason 1\)$/m);
  if (spawnSync('openssl', ['version']).status === 0) {
    // OpenSSL 3.0 reads our CRL (it cannot check SM2 CRL signatures: -vfyopt does not reach them).
    const o = spawnSync('openssl', ['crl', '-in', crl, '-noout', '-text'], { encoding: 'utf8' });
    const serial = /^serial: (\w+)$/m.exec(dev.run(['cert', 'show', cert]).out)![1]!.toUpperCase();
    assert.match(o.stdout, new RegExp(`Serial Number: ${serial}`));
    assert.match(o.stdout, /Key Compromise/);
  }
  const again = dev.run(['ca', 'revoke', '--data', dev.data, '--ca', ca, '--cert', cert]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already revoked/);
});

test('TLCP double certificates: the encryption certificate of the same index, for its stored encryption key', () => {
  const ca = dev.dir.file('ca.pem');
  const enc = dev.dir.file('alice-enc.pem');
  okWarned(dev.run(['ca', 'issue', '--data', dev.data, '--index', '1', '--ca', ca, '--enc-key-index', '2', '--subject', 'CN=alice, O=Mima, C=CN', '--days', '365', '--out', enc]));
  const show = dev.run(['cert', 'show', enc]).out;
  assert.match(show, /^key usage: keyEncipherment, dataEncipherment, keyAgreement$/m);
  const pub = dev.dir.file('enc-pub.pem');
  okWarned(dev.run(['key', 'export-pub', '--data', dev.data, '--index', '2', '--usage', 'enc', '--out', pub]));
  const encKeyHex = /^public key: SM2 (\w+)$/m.exec(show)![1]!;
  assert.equal(dev.run(['cert', 'verify', '--trust', ca, enc]).status, 0);
  assert.equal(toHex(decodeSm2PublicKey(readFileSync(pub, 'utf8'))), encKeyHex, 'the certificate carries the index\'s encryption key');
  const bad = dev.run(['ca', 'issue', '--data', dev.data, '--index', '1', '--ca', ca, '--enc-key-index', '2', '--days', '1', '--out', dev.dir.file('x.pem')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /needs --subject/);
});

test('cms sign with the device key and its certificate; cms verify checks the signature and the signer\'s path', () => {
  const ca = dev.dir.file('ca.pem');
  const leaf = dev.dir.file('bob.pem');
  const req = dev.dir.file('bob.csr');
  okWarned(dev.run(['key', 'gen', '--data', dev.data, '--index', '3', '--type', 'sm2', '--access-password-env', 'MIMA_ACCESS_PASSWORD']));
  okWarned(dev.run(['cert', 'csr', '--data', dev.data, '--index', '3', '--subject', 'CN=bob, O=Mima, C=CN', '--out', req]));
  okWarned(dev.run(['ca', 'issue', '--data', dev.data, '--index', '1', '--ca', ca, '--csr', req, '--days', '30', '--out', leaf]));
  const msg = dev.dir.file('contract.txt');
  writeFileSync(msg, 'the contract');
  const sig = dev.dir.file('contract.p7');
  okWarned(dev.run(['cms', 'sign', '--data', dev.data, '--index', '3', '--cert', leaf, '--detached', '--in', msg, '--out', sig]));
  const ok = dev.run(['cms', 'verify', '--trust', ca, '--in', sig, '--content', msg]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.out, /^OK: signed by CN=bob, O=Mima, C=CN at /m);
  writeFileSync(msg, 'the contract, changed');
  const bad = dev.run(['cms', 'verify', '--trust', ca, '--in', sig, '--content', msg]);
  assert.equal(bad.status, 1);
  assert.match(bad.out, /^FAIL: cms: the message digest does not match the content$/m);
});

test('cms encrypt to the encryption certificate of a device key; cms decrypt with that key inside the device', () => {
  const enc = dev.dir.file('alice-enc.pem');
  const secret = dev.dir.file('secret.txt');
  writeFileSync(secret, 'for alice only');
  const env = dev.dir.file('secret.p7');
  assert.equal(dev.run(['cms', 'encrypt', '--cert', enc, '--in', secret, '--out', env]).status, 0);
  const out = dev.dir.file('secret.out');
  okWarned(dev.run(['cms', 'decrypt', '--data', dev.data, '--index', '2', '--in', env, '--out', out]));
  assert.equal(readFileSync(out, 'utf8'), 'for alice only');
  const wrong = dev.run(['cms', 'decrypt', '--data', dev.data, '--index', '1', '--in', env, '--out', out]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /no recipient key of this message decrypts/);
});

