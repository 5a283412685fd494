/**
 * CMS SignedData with SM2 (src/pki/cms.ts): attached and detached, GM/T 0010 and PKCS#7 OIDs,
 * verified here and — for the PKCS#7 flavour — by Bouncy Castle (bcpkix 1.72 has no mapping for
 * the GM/T 0010 signature OID sm2-1, 1.2.156.10197.1.301.1).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { issueCertificate, signCms, verifyCms, type Sm2Signer } from '../../src/pki/index.js';
import { bcCmsUnavailable, bcVerifyCms } from '../interop/bc-cms.js';

const key = sm2.generateKeyPair();
const signer: Sm2Signer = async (data) => sm2.sign(key.privateKey, data, { publicKey: key.publicKey });
const cert = await issueCertificate({
  serial: Uint8Array.of(0x42, 0x01), issuer: 'CN=CMS Signer, O=Mima', subject: 'CN=CMS Signer, O=Mima', notBefore: new Date(Date.now() - 60_000),
  notAfter: new Date(Date.now() + 86_400_000), publicKey: key.publicKey, issuerPublicKey: key.publicKey, usage: 'sign',
}, signer);
const content = utf8('content signed with SM2 in CMS');
const dir = mkdtempSync(join(tmpdir(), 'mima-cms-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;

describe('SignedData', () => {
  for (const flavour of ['gm', 'pkcs7'] as const) {
    test(`${flavour}: attached content verifies and comes back, with the signer and signing time`, async () => {
      const at = new Date(Math.floor(Date.now() / 1000) * 1000);
      const v = verifyCms(await signCms({ content, certificate: cert, signer, flavour, signingTime: at }));
      assert.deepEqual(v.content, content);
      assert.equal(v.signers[0]!.certificate.subject, 'CN=CMS Signer, O=Mima');
      assert.equal(v.signers[0]!.signingTime?.getTime(), at.getTime());
    });

    test(`${flavour}: detached needs the content, and the wrong content fails (SDR_VERIFYERR)`, async () => {
      const der = await signCms({ content, certificate: cert, signer, flavour, detached: true });
      assert.throws(() => verifyCms(der), code('SDR_INARGERR'));
      assert.deepEqual(verifyCms(der, { content }).content, content);
      assert.throws(() => verifyCms(der, { content: utf8('other') }), code('SDR_VERIFYERR'));
    });
  }

  test('without the certificate inside, the verifier needs it given', async () => {
    const der = await signCms({ content, certificate: cert, signer, includeCertificate: false });
    assert.throws(() => verifyCms(der), code('SDR_VERIFYERR'));
    assert.equal(verifyCms(der, { certificates: [cert] }).signers.length, 1);
  });

  test('a signature by another key fails', async () => {
    const other = sm2.generateKeyPair();
    const der = await signCms({ content, certificate: cert, signer: async (d) => sm2.sign(other.privateKey, d) });
    assert.throws(() => verifyCms(der), code('SDR_VERIFYERR'));
  });
});

describe('Bouncy Castle', { skip: bcCmsUnavailable() ?? false }, () => {
  test('verifies our PKCS#7-flavour SignedData, attached and detached', async () => {
    const att = join(dir, 'att.p7');
    const det = join(dir, 'det.p7');
    const data = join(dir, 'content.txt');
    writeFileSync(att, await signCms({ content, certificate: cert, signer, flavour: 'pkcs7' }));
    writeFileSync(det, await signCms({ content, certificate: cert, signer, flavour: 'pkcs7', detached: true }));
    writeFileSync(data, content);
    assert.deepEqual(bcVerifyCms(att), ['OK CN=CMS Signer,O=Mima']);
    assert.deepEqual(bcVerifyCms(det, data), ['OK CN=CMS Signer,O=Mima']);
  });

  test('and refuses it when the content was changed', async () => {
    const det = join(dir, 'det2.p7');
    const data = join(dir, 'changed.txt');
    writeFileSync(det, await signCms({ content, certificate: cert, signer, flavour: 'pkcs7', detached: true }));
    writeFileSync(data, 'changed');
    assert.match(bcVerifyCms(det, data)[0]!, /^FAIL /);
  });
});

describe('EnvelopedData (SM2 key transport, SM4-CBC)', async () => {
  const { encryptCms, decryptCms } = await import('../../src/pki/index.js');
  const bob = sm2.generateKeyPair();
  const bobCert = await issueCertificate({
    serial: Uint8Array.of(0x42, 0x02), issuer: 'CN=CMS Signer, O=Mima', subject: 'CN=bob', notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000), publicKey: bob.publicKey, issuerPublicKey: key.publicKey, usage: 'enc',
  }, signer);
  const bobDecrypt = async (c: Uint8Array) => sm2.decrypt(bob.privateKey, c);

  for (const flavour of ['gm', 'pkcs7'] as const) {
    test(`${flavour}: the recipient decrypts, by certificate or by trying its key`, async () => {
      const env = encryptCms(content, [cert, bobCert], flavour);
      assert.deepEqual(await decryptCms(env, bobCert, bobDecrypt), content);
      assert.deepEqual(await decryptCms(env, undefined, bobDecrypt), content);
    });
  }

  test('a key the message was not encrypted to: SDR_ENCDATAERR', async () => {
    const env = encryptCms(content, [cert]);
    await assert.rejects(decryptCms(env, bobCert, bobDecrypt), code('SDR_ENCDATAERR'));
    await assert.rejects(decryptCms(env, undefined, bobDecrypt), code('SDR_ENCDATAERR'));
  });

  test('the content is SM4-CBC encrypted: the plaintext does not appear in the message', () => {
    const env = encryptCms(content, [bobCert]);
    assert.equal(Buffer.from(env).includes(Buffer.from(content)), false);
  });
});

describe('DigestedData (SM3)', async () => {
  const { digestCms, verifyDigestedCms } = await import('../../src/pki/index.js');
  test('the content comes back when its SM3 digest matches, in both flavours', () => {
    for (const flavour of ['gm', 'pkcs7'] as const) assert.deepEqual(verifyDigestedCms(digestCms(content, flavour)), content);
  });

  test('an altered content fails (SDR_VERIFYERR)', () => {
    const der = digestCms(content);
    const i = Buffer.from(der).indexOf(Buffer.from(content));
    der[i]! ^= 1;
    assert.throws(() => verifyDigestedCms(der), code('SDR_VERIFYERR'));
  });
});
