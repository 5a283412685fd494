/**
 * The signature-verification server (GM/T 0029 function set): signing with a key in the device,
 * verification with certificate checks at the three levels, the GM/T 0029 result codes, the
 * validation cache dropped on a CRL update, PKCS#7/GM/T 0010 messages, and the HTTP JSON API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { Device, runKnownAnswerSelfTests } from '../../src/device/index.js';
import { createCrl, issueCertificate, parseCertificate, parseCrl, type Sm2Signer } from '../../src/pki/index.js';
import { SGD_SM3_SM2 } from '../../src/sdf/sgd.js';
import { openMemoryStore } from '../../src/store/index.js';
import { CERT_ITEMS, SignatureVerificationServer, startSvsServer, SVS, SvsError } from '../../src/svs/index.js';

const caKey = sm2.generateKeyPair();
const caSign: Sm2Signer = async (d) => sm2.sign(caKey.privateKey, d, { publicKey: caKey.publicKey });
const now = Date.now();
let device: Device;
let svs: SignatureVerificationServer;
let caDer: Uint8Array;
let signerDer: Uint8Array;
const data = utf8('data to sign');
const issue = (serial: number, publicKey: Uint8Array, subject: string, from = now - 60_000, to = now + 864e5) =>
  issueCertificate({ serial: Uint8Array.of(0x20, serial), issuer: 'CN=SVS CA, O=Mima', subject, notBefore: new Date(from), notAfter: new Date(to), publicKey, issuerPublicKey: caKey.publicKey, usage: 'sign' }, caSign);

before(async () => {
  device = await Device.open(await openMemoryStore(), { selfTests: runKnownAnswerSelfTests });
  await device.init({ seal: { kind: 'dev', passphrase: utf8('dev') }, accounts: [
    { name: 'so', role: 'security-officer', password: utf8('so-password') }, { name: 'op', role: 'operator', password: utf8('op-password') },
    { name: 'au', role: 'auditor', password: utf8('au-password') }], config: { passwordIterations: 1000 } });
  const so = await device.login('so', utf8('so-password'));
  await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('key-one') });
  caDer = await issueCertificate({ serial: Uint8Array.of(0x10), issuer: 'CN=SVS CA, O=Mima', subject: 'CN=SVS CA, O=Mima', notBefore: new Date(now - 60_000), notAfter: new Date(now + 864e5), publicKey: caKey.publicKey, issuerPublicKey: caKey.publicKey, usage: 'ca' }, caSign);
  signerDer = await issue(1, (await device.keys.keyPair(1, 'sign')).publicKey, 'CN=signer, O=Mima, OU=Payments');
  svs = new SignatureVerificationServer(device, await device.login('op', utf8('op-password')), { anchors: [parseCertificate(caDer)], intermediates: [], crls: [] });
  svs.addCertificate('index:1', signerDer);
});
after(() => device.close());

const svsCode = (c: number) => (e: unknown) => e instanceof SvsError && e.code === c;

describe('sign and verify data', () => {
  test('SignData with the device key; VerifySignedData by certificate and by registered serial', async () => {
    const sig = await svs.signData(SGD_SM3_SM2, 1, 'key-one', data);
    assert.equal(svs.verifySignedData(1, signerDer, data, sig, 2), SVS.SUCCESS);
    assert.equal(svs.verifySignedData(2, parseCertificate(signerDer).serial, data, sig, 2), SVS.SUCCESS);
    assert.equal(svs.verifySignedData(1, signerDer, utf8('other'), sig, 2), SVS.INVALID_SIGNATURE);
    assert.ok(sm2.verify((await device.keys.keyPair(1, 'sign')).publicKey, data, (await import('../../src/formats/index.js')).signatureFromDer(sig)));
  });

  test('a wrong access password is KEY_VALUE, an empty index KEY_INDEX, another method SIGN_METHOD', async () => {
    await assert.rejects(svs.signData(SGD_SM3_SM2, 1, 'wrong', data), svsCode(SVS.KEY_VALUE));
    await assert.rejects(svs.signData(SGD_SM3_SM2, 7, 'x', data), svsCode(SVS.KEY_INDEX));
    await assert.rejects(svs.signData(0x00010004, 1, 'key-one', data), svsCode(SVS.SIGN_METHOD));
  });
});

describe('certificates', () => {
  test('ParseCert returns the GM/T 0006 items; an unknown item is CERT_INFO_TYPE; ExportCert of an unknown id is CERT_ID', () => {
    assert.equal(svs.parseCert(CERT_ITEMS.subjectCN, signerDer), 'signer');
    assert.equal(svs.parseCert(CERT_ITEMS.subjectOU, signerDer), 'Payments');
    assert.equal(svs.parseCert(CERT_ITEMS.issuerCN, signerDer), 'SVS CA');
    assert.throws(() => svs.parseCert(0x77, signerDer), svsCode(SVS.CERT_INFO_TYPE));
    assert.deepEqual(svs.exportCert('index:1'), signerDer);
    assert.throws(() => svs.exportCert('nope'), svsCode(SVS.CERT_ID));
  });

  test('ValidateCert: expired is CERT_INVALID_AF; an untrusted issuer is CERT; garbage is CERT_DECODE', async () => {
    const expired = await issue(2, sm2.generateKeyPair().publicKey, 'CN=old', now - 3 * 864e5, now - 864e5);
    assert.equal(svs.validateCert(expired), SVS.CERT_INVALID_AF);
    const stranger = sm2.generateKeyPair();
    const foreign = await issueCertificate({ serial: Uint8Array.of(0x30), issuer: 'CN=Elsewhere', subject: 'CN=x', notBefore: new Date(now - 1000), notAfter: new Date(now + 864e5), publicKey: stranger.publicKey, issuerPublicKey: stranger.publicKey, usage: 'sign' }, async (d) => sm2.sign(stranger.privateKey, d));
    assert.equal(svs.validateCert(foreign), SVS.CERT);
    assert.throws(() => svs.validateCert(Uint8Array.of(1, 2, 3)), svsCode(SVS.CERT_DECODE));
  });

  test('a CRL update reaches cached results: SUCCESS, then CERT_REMOVED after the revocation', async () => {
    const victim = await issue(3, sm2.generateKeyPair().publicKey, 'CN=victim');
    assert.equal(svs.validateCert(victim), SVS.SUCCESS);
    assert.ok(svs.cachedResults > 0);
    const crl = await createCrl({ issuer: 'CN=SVS CA, O=Mima', issuerPublicKey: caKey.publicKey, number: 2, thisUpdate: new Date(now - 1000), nextUpdate: new Date(now + 864e5),
      revoked: [{ serial: parseCertificate(victim).serial, at: new Date(now - 500), reason: 1 }] }, caSign);
    svs.updateTrust({ crls: [parseCrl(crl)] });
    assert.equal(svs.validateCert(victim), SVS.CERT_REMOVED);
    assert.equal(svs.validateCert(victim, 1), SVS.SUCCESS, 'level 1 does not consult CRLs');
  });
});

describe('messages and HTTP', () => {
  test('SignMessage / VerifySignedMessage (SignedData), attached and detached; a changed content is INVALID_SIGNATURE', async () => {
    const attached = await svs.signMessage(SGD_SM3_SM2, 1, 'key-one', data);
    assert.equal(svs.verifySignedMessage(attached), SVS.SUCCESS);
    const detached = await svs.signMessage(SGD_SM3_SM2, 1, 'key-one', data, { originalText: false });
    assert.equal(svs.verifySignedMessage(detached, data), SVS.SUCCESS);
    assert.equal(svs.verifySignedMessage(detached, utf8('changed')), SVS.INVALID_SIGNATURE);
  });

  test('the HTTP JSON API: signData then verifySignedData; a GM/T 0029 error is a result code; a malformed body is 400', async () => {
    const server = await startSvsServer(svs, { host: '127.0.0.1', port: 0 });
    try {
      const call = async (fn: string, body: unknown) => {
        const r = await fetch(`http://127.0.0.1:${server.port}/svs/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: r.status, json: (await r.json()) as Record<string, unknown> };
      };
      const d64 = Buffer.from(data).toString('base64');
      const signed = await call('signData', { keyIndex: 1, keyValue: 'key-one', data: d64 });
      assert.equal(signed.json.result, 0);
      const verified = await call('verifySignedData', { type: 1, cert: Buffer.from(signerDer).toString('base64'), data: d64, signature: signed.json.signature });
      assert.equal(verified.json.result, SVS.SUCCESS);
      assert.equal((await call('signData', { keyIndex: 1, keyValue: 'wrong', data: d64 })).json.result, SVS.KEY_VALUE);
      assert.equal((await call('signData', { keyValue: 'x' })).status, 400);
      const docs = await (await fetch(`http://127.0.0.1:${server.port}/docs`)).json() as { paths: Record<string, unknown> };
      assert.ok(docs.paths['/svs/verifySignedMessage']);
      // The multi-part form over HTTP: Init, Update, Final, verified by the single call.
      const pub = Buffer.from((await device.keys.keyPair(1, 'sign')).publicKey).toString('base64');
      const i1 = await call('signDataInit', { publicKey: pub, data: Buffer.from('data to ').toString('base64') });
      const i2 = await call('signDataUpdate', { intermediate: i1.json.intermediate, data: Buffer.from('sign').toString('base64') });
      const fin = await call('signDataFinal', { keyIndex: 1, keyValue: 'key-one', intermediate: i2.json.intermediate });
      assert.equal((await call('verifySignedData', { type: 1, cert: Buffer.from(signerDer).toString('base64'), data: d64, signature: fin.json.signature })).json.result, SVS.SUCCESS);
    } finally {
      await server.close();
    }
  });
});

describe('multi-part (stateless hash intermediate)', () => {
  const part1 = utf8('data to ');
  const part2 = utf8('sign');

  test('SignData Init/Update/Final equals one call: the single-call verification accepts it, and vice versa', async () => {
    const pub = (await device.keys.keyPair(1, 'sign')).publicKey;
    const mid = svs.dataUpdate(svs.dataInit(SGD_SM3_SM2, pub, null, part1), part2);
    const sig = await svs.signDataFinal(SGD_SM3_SM2, 1, 'key-one', mid);
    assert.equal(svs.verifySignedData(1, signerDer, data, sig, 2), SVS.SUCCESS);
    const one = await svs.signData(SGD_SM3_SM2, 1, 'key-one', data);
    const vmid = svs.dataUpdate(svs.dataInit(SGD_SM3_SM2, pub, null, part1), part2);
    assert.equal(svs.verifySignedDataFinal(1, signerDer, vmid, one, 2), SVS.SUCCESS);
    const wrong = svs.dataInit(SGD_SM3_SM2, pub, null, utf8('other'));
    assert.equal(svs.verifySignedDataFinal(1, signerDer, wrong, one, 2), SVS.INVALID_SIGNATURE);
  });

  test('SignMessage Init/Update/Final makes a detached SignedData the single-call verification accepts', async () => {
    const mid = svs.dataUpdate(svs.messageInit(part1), part2);
    const msg = await svs.signMessageFinal(SGD_SM3_SM2, 1, 'key-one', mid);
    assert.equal(svs.verifySignedMessage(msg, data), SVS.SUCCESS);
    assert.equal(svs.verifySignedMessageFinal(svs.dataUpdate(svs.messageInit(part1), part2), msg), SVS.SUCCESS);
    assert.equal(svs.verifySignedMessageFinal(svs.messageInit(utf8('tampered')), msg), SVS.INVALID_SIGNATURE);
  });

  test('an intermediate that is not one is INVALID_DATA_FORMAT', async () => {
    assert.throws(() => svs.dataUpdate(Uint8Array.of(9, 9, 9), data), svsCode(SVS.INVALID_DATA_FORMAT));
    await assert.rejects(svs.signDataFinal(SGD_SM3_SM2, 1, 'key-one', new Uint8Array(41)), svsCode(SVS.INVALID_DATA_FORMAT));
  });
});
