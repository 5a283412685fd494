/**
 * SM2 certificates (src/pki): issued certificates parse back, verify under the issuer's key and
 * are accepted by the OpenSSL 3 CLI (with the default SM2 ID, as OpenSSL needs it spelled out);
 * certificates OpenSSL makes are read and verified here; PKCS#10 requests carry a checked proof
 * of possession; path validation names the reason for every refusal.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import {
  certificateToPem, createCsr, csrToPem, issueCertificate, parseCertificate, parseCsr, validatePath, verifyCertificateSignature,
  type CertificateSpec, type Sm2Signer,
} from '../../src/pki/index.js';

const openssl = spawnSync('openssl', ['version']).status === 0;
const DAY = 86_400_000;
const signer = (k: { privateKey: Uint8Array; publicKey: Uint8Array }): Sm2Signer => async (tbs) => sm2.sign(k.privateKey, tbs, { publicKey: k.publicKey });

const root = sm2.generateKeyPair();
const inter = sm2.generateKeyPair();
const leafKey = sm2.generateKeyPair();
const now = Date.now();

function spec(over: Partial<CertificateSpec>): CertificateSpec {
  return {
    serial: Uint8Array.of(0x11, 0x22), issuer: 'CN=Root, O=Mima, C=CN', subject: 'CN=Root, O=Mima, C=CN',
    notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY), publicKey: root.publicKey, issuerPublicKey: root.publicKey, usage: 'ca', ...over,
  };
}

const rootDer = await issueCertificate(spec({ pathLength: 1 }), signer(root));
const interDer = await issueCertificate(spec({ subject: 'CN=Issuing CA, O=Mima, C=CN', publicKey: inter.publicKey, pathLength: 0 }), signer(root));
const leafDer = await issueCertificate(spec({ issuer: 'CN=Issuing CA, O=Mima, C=CN', subject: 'CN=alice, O=Mima, C=CN', publicKey: leafKey.publicKey, issuerPublicKey: inter.publicKey, usage: 'sign' }), signer(inter));

describe('issue and parse', () => {
  test('an issued certificate parses back with its names, key, usage and key identifiers', () => {
    const c = parseCertificate(leafDer);
    assert.equal(c.subject, 'CN=alice, O=Mima, C=CN');
    assert.equal(c.issuer, 'CN=Issuing CA, O=Mima, C=CN');
    assert.deepEqual(c.publicKey, leafKey.publicKey);
    assert.equal(c.isCa, false);
    assert.deepEqual(c.keyUsage, ['digitalSignature', 'nonRepudiation']);
    assert.equal(c.authorityKeyId, parseCertificate(interDer).subjectKeyId);
    assert.equal(parseCertificate(certificateToPem(leafDer)).serial, c.serial);
  });

  test('the signature verifies under the issuer\'s key and not under another', () => {
    const c = parseCertificate(leafDer);
    assert.equal(verifyCertificateSignature(c, inter.publicKey), true);
    assert.equal(verifyCertificateSignature(c, root.publicKey), false);
  });

  test('garbage is SDR_INARGERR', () => {
    assert.throws(() => parseCertificate(new Uint8Array([0x30, 0x03, 1, 2, 3])), (e: unknown) => e instanceof CryptoError && e.code === 'SDR_INARGERR');
  });
});

describe('path validation', () => {
  const trusted = [parseCertificate(rootDer)];
  const inters = [parseCertificate(interDer)];

  test('leaf ← issuing CA ← trusted root: OK, with the chain', () => {
    const r = validatePath(parseCertificate(leafDer), inters, trusted);
    assert.deepEqual(r, { ok: true, chain: ['CN=alice, O=Mima, C=CN', 'CN=Issuing CA, O=Mima, C=CN', 'CN=Root, O=Mima, C=CN'] });
  });

  test('a missing intermediate is named', () => {
    assert.match(validatePath(parseCertificate(leafDer), [], trusted).reason!, /no issuer found for "CN=alice/);
  });

  test('an expired certificate is named', () => {
    assert.match(validatePath(parseCertificate(leafDer), inters, trusted, new Date(now + 400 * DAY)).reason!, /expired/);
  });

  test('an issuer that is not a CA is refused', async () => {
    const notCa = await issueCertificate(spec({ subject: 'CN=Not a CA', publicKey: inter.publicKey, usage: 'sign' }), signer(root));
    const below = await issueCertificate(spec({ issuer: 'CN=Not a CA', subject: 'CN=bob', publicKey: leafKey.publicKey, issuerPublicKey: inter.publicKey, usage: 'sign' }), signer(inter));
    assert.match(validatePath(parseCertificate(below), [parseCertificate(notCa)], trusted).reason!, /is not a CA/);
  });

  test('a path longer than a CA\'s path length is refused', async () => {
    const sub = sm2.generateKeyPair();
    const subCa = await issueCertificate(spec({ issuer: 'CN=Issuing CA, O=Mima, C=CN', subject: 'CN=Sub CA', publicKey: sub.publicKey, issuerPublicKey: inter.publicKey }), signer(inter));
    const deep = await issueCertificate(spec({ issuer: 'CN=Sub CA', subject: 'CN=deep', publicKey: leafKey.publicKey, issuerPublicKey: sub.publicKey, usage: 'sign' }), signer(sub));
    assert.match(validatePath(parseCertificate(deep), [parseCertificate(subCa), ...inters], trusted).reason!, /allows 0 CA certificate/);
  });

  test('a certificate signed by the wrong key is refused', async () => {
    const forged = await issueCertificate(spec({ issuer: 'CN=Issuing CA, O=Mima, C=CN', subject: 'CN=mallory', publicKey: leafKey.publicKey, issuerPublicKey: inter.publicKey, usage: 'sign' }), signer(leafKey));
    assert.match(validatePath(parseCertificate(forged), inters, trusted).reason!, /does not verify with the key of "CN=Issuing CA/);
  });
});

describe('PKCS#10', () => {
  test('a request round-trips and its proof of possession is checked', async () => {
    const der = await createCsr('CN=carol, O=Mima, C=CN', leafKey.publicKey, signer(leafKey));
    const r = parseCsr(csrToPem(der));
    assert.equal(r.subject, 'CN=carol, O=Mima, C=CN');
    assert.deepEqual(r.publicKey, leafKey.publicKey);
    const wrong = await createCsr('CN=carol', leafKey.publicKey, signer(root));
    assert.throws(() => parseCsr(wrong), (e: unknown) => e instanceof CryptoError && e.code === 'SDR_VERIFYERR');
  });
});

describe('OpenSSL 3 interop', { skip: openssl ? false : 'no openssl CLI' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mima-pki-'));
  const file = (name: string, der: Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, certificateToPem(der));
    return p;
  };
  // OpenSSL 3.0 applies -vfyopt to one signature per run, so each link is checked on its own.
  test('openssl verify (distid 1234567812345678) accepts each link of our chain, and x509 -text reads SM2-with-SM3', () => {
    const rootPem = file('root.pem', rootDer);
    const interPem = file('inter.pem', interDer);
    const r1 = spawnSync('openssl', ['verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', rootPem, interPem], { encoding: 'utf8' });
    assert.match(r1.stdout, /inter\.pem: OK/, r1.stderr);
    const r2 = spawnSync('openssl', ['verify', '-vfyopt', 'distid:1234567812345678', '-partial_chain', '-CAfile', interPem, file('leaf.pem', leafDer)], { encoding: 'utf8' });
    assert.match(r2.stdout, /leaf\.pem: OK/, r2.stderr);
    const text = spawnSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-text'], { encoding: 'utf8' }).stdout;
    assert.match(text, /Signature Algorithm: SM2-with-SM3/);
  });

  test('openssl req -verify accepts our PKCS#10 request', async () => {
    const p = join(dir, 'req.pem');
    writeFileSync(p, csrToPem(await createCsr('CN=dave', leafKey.publicKey, signer(leafKey))));
    const r = spawnSync('openssl', ['req', '-in', p, '-noout', '-verify', '-vfyopt', 'distid:1234567812345678'], { encoding: 'utf8' });
    assert.match(r.stdout + r.stderr, /verify OK/);
  });

  test('a CA without keyCertSign (made by openssl) is refused as an issuer: the key usage is named', () => {
    const run = (args: string[]): void => assert.equal(spawnSync('openssl', args, { cwd: dir }).status, 0, args.join(' '));
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'ku-ca.key']);
    run(['req', '-x509', '-new', '-key', 'ku-ca.key', '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', '/CN=KU CA', '-days', '30',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,digitalSignature', '-out', 'ku-ca.pem']);
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'ku-leaf.key']);
    run(['req', '-new', '-key', 'ku-leaf.key', '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', '/CN=KU leaf', '-out', 'ku-leaf.csr']);
    run(['x509', '-req', '-in', 'ku-leaf.csr', '-CA', 'ku-ca.pem', '-CAkey', 'ku-ca.key', '-CAcreateserial', '-sm3', '-sigopt', 'distid:1234567812345678',
      '-vfyopt', 'distid:1234567812345678', '-days', '10', '-out', 'ku-leaf.pem']);
    const ca = parseCertificate(readFileSync(join(dir, 'ku-ca.pem'), 'utf8'));
    const leaf = parseCertificate(readFileSync(join(dir, 'ku-leaf.pem'), 'utf8'));
    assert.equal(verifyCertificateSignature(leaf, ca.publicKey!), true, 'the signature itself is good');
    assert.match(validatePath(leaf, [], [ca]).reason!, /issuer "CN=KU CA" may not sign certificates \(keyUsage\)/);
  });

  test('a not-yet-valid certificate is named', () => {
    assert.match(validatePath(parseCertificate(leafDer), [parseCertificate(interDer)], [parseCertificate(rootDer)], new Date(now - 2 * DAY)).reason!, /is not valid before/);
  });

  test('a self-signed SM2 certificate made by openssl is read and verified here', () => {
    const key = join(dir, 'os-key.pem');
    const ca = join(dir, 'os-ca.pem');
    assert.equal(spawnSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', key]).status, 0);
    assert.equal(spawnSync('openssl', ['req', '-x509', '-new', '-key', key, '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', '/CN=openssl root/O=peer', '-days', '30', '-out', ca]).status, 0);
    const c = parseCertificate(readFileSync(ca, 'utf8'));
    assert.equal(c.subject, 'CN=openssl root, O=peer');
    assert.equal(verifyCertificateSignature(c, c.publicKey!), true);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('CRLs', () => {
  test('a CRL lists revoked serials; path validation refuses a revoked certificate and a forged CRL', async () => {
    const { createCrl, parseCrl } = await import('../../src/pki/index.js');
    const leaf = parseCertificate(leafDer);
    const crlOf = async (k: typeof inter, revoked: { serial: string; at: Date; reason: number }[]) =>
      parseCrl(await createCrl({ issuer: 'CN=Issuing CA, O=Mima, C=CN', issuerPublicKey: inter.publicKey, number: 1, thisUpdate: new Date(now - 1000), nextUpdate: new Date(now + DAY), revoked }, signer(k)));
    const clean = await crlOf(inter, []);
    assert.equal(validatePath(leaf, [parseCertificate(interDer)], [parseCertificate(rootDer)], new Date(), { crls: [clean] }).ok, true);
    const revoked = await crlOf(inter, [{ serial: leaf.serial, at: new Date(now - 500), reason: 1 }]);
    assert.deepEqual(revoked.revoked.map((r) => [r.serial, r.reason]), [[leaf.serial, 1]]);
    assert.match(validatePath(leaf, [parseCertificate(interDer)], [parseCertificate(rootDer)], new Date(), { crls: [revoked] }).reason!, /was revoked at .* \(reason 1\)/);
    const forged = await crlOf(leafKey, []);
    assert.match(validatePath(leaf, [parseCertificate(interDer)], [parseCertificate(rootDer)], new Date(), { crls: [forged] }).reason!, /CRL of "CN=Issuing CA.*does not verify/);
    assert.match(validatePath(leaf, [parseCertificate(interDer)], [parseCertificate(rootDer)], new Date(now + 2 * DAY), { crls: [clean] }).reason!, /out of date/);
  });
});

describe('Bouncy Castle interop', { skip: (await import('../interop/bc-cms.js')).bcCmsUnavailable() ?? false }, () => {
  test('BC verifies the signatures of our certificates and CRLs (SM3withSM2, default ID), and refuses a wrong issuer', async () => {
    const { bcVerifySigned } = await import('../interop/bc-cms.js');
    const { createCrl } = await import('../../src/pki/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'mima-bc-pki-'));
    try {
      const f = (name: string, der: Uint8Array): string => {
        writeFileSync(join(dir, name), der);
        return join(dir, name);
      };
      const rootF = f('root.der', rootDer);
      const interF = f('inter.der', interDer);
      assert.equal(bcVerifySigned('cert', interF, rootF), 'OK');
      assert.equal(bcVerifySigned('cert', f('leaf.der', leafDer), interF), 'OK');
      assert.equal(bcVerifySigned('cert', join(dir, 'leaf.der'), rootF), 'FAIL');
      const crl = await createCrl({ issuer: 'CN=Root, O=Mima, C=CN', issuerPublicKey: root.publicKey, number: 1,
        thisUpdate: new Date(now - 1000), nextUpdate: new Date(now + DAY), revoked: [{ serial: parseCertificate(interDer).serial, at: new Date(now - 500), reason: 4 }] }, signer(root));
      assert.equal(bcVerifySigned('crl', f('root.crl', crl), rootF), 'OK 1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

