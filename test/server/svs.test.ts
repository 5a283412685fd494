/**
 * The signature-verification server on the machine: its trust store managed through the
 * management API, its GM/T 0029 functions over the binary protocol (SDK), key grants enforced,
 * and a CRL uploaded through the API reaching cached validation results.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { connectRemote, type RemoteSdf } from '../../src/client/index.js';
import { certificateToPem, createCrl, crlToPem, issueCertificate, parseCertificate, type Sm2Signer } from '../../src/pki/index.js';
import { SGD_SM3_SM2 } from '../../src/sdf/sgd.js';
import { SVS, SvsError } from '../../src/svs/index.js';
import { SO_PASSWORD, startTestMachine, type TestMachine } from '../helpers/machine.js';

let tm: TestMachine;
let sdf: RemoteSdf;
let signerDer: Uint8Array;
const ca = sm2.generateKeyPair();
const caSign: Sm2Signer = async (d) => sm2.sign(ca.privateKey, d, { publicKey: ca.publicKey });
const now = Date.now();
const base = { notBefore: new Date(now - 60_000), notAfter: new Date(now + 864e5) };
const SO = { authorization: `Basic ${Buffer.from(`so:${SO_PASSWORD}`).toString('base64')}`, 'content-type': 'application/json' };

async function putTrust(kind: string, id: string, pem: string): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${tm.machine.adminPort}/v1/svs/trust/${kind}/${id}`, { method: 'PUT', headers: SO, body: JSON.stringify({ pem }) });
  return r.status;
}

before(async () => {
  tm = await startTestMachine({ adminPort: 0 });
  const caDer = await issueCertificate({ ...base, serial: Uint8Array.of(0x10), issuer: 'CN=Machine SVS CA', subject: 'CN=Machine SVS CA', publicKey: ca.publicKey, issuerPublicKey: ca.publicKey, usage: 'ca' }, caSign);
  const demoPub = (await tm.machine.device.keys.keyPair(1, 'sign')).publicKey;
  signerDer = await issueCertificate({ ...base, serial: Uint8Array.of(0x11), issuer: 'CN=Machine SVS CA', subject: 'CN=demo signer', publicKey: demoPub, issuerPublicKey: ca.publicKey, usage: 'sign' }, caSign);
  assert.equal(await putTrust('anchor', 'root', certificateToPem(caDer)), 204);
  assert.equal(await putTrust('key-cert', '1', certificateToPem(signerDer)), 204);
  sdf = await connectRemote(tm.demo);
});
after(async () => {
  sdf?.close();
  await tm?.close();
});

const data = utf8('signed through the machine\'s SVS');

test('SVS_SignData / SVS_VerifySignedData over the protocol with the demo key and its certificate', async () => {
  const sig = (await sdf.SVS_SignData(SGD_SM3_SM2, 1, utf8('demo'), data)) as Uint8Array;
  assert.equal(await sdf.SVS_VerifySignedData(1, signerDer, data, sig, 2), SVS.SUCCESS);
  assert.equal(await sdf.SVS_VerifySignedData(1, signerDer, utf8('other'), sig, 2), SVS.INVALID_SIGNATURE);
  assert.equal(await sdf.SVS_ParseCert(0x31, signerDer).then((v) => new TextDecoder().decode(v as Uint8Array)), 'demo signer');
});

test('SVS_SignMessage / SVS_VerifySignedMessage round trip', async () => {
  const msg = (await sdf.SVS_SignMessage(SGD_SM3_SM2, 1, utf8('demo'), data, 1)) as Uint8Array;
  assert.equal(await sdf.SVS_VerifySignedMessage(msg, null), SVS.SUCCESS);
});

test('GM/T 0029 errors arrive as SvsError codes; an index not granted is SDR_PARDENY', async () => {
  await assert.rejects(sdf.SVS_SignData(SGD_SM3_SM2, 1, utf8('wrong'), data), (e: unknown) => e instanceof SvsError && e.code === SVS.KEY_VALUE);
  await assert.rejects(sdf.SVS_SignData(SGD_SM3_SM2, 5, utf8('x'), data), (e: unknown) => e instanceof CryptoError && e.code === 'SDR_PARDENY');
});

test('a CRL put through the management API reaches validation (cached results dropped)', async () => {
  assert.equal(await sdf.SVS_ValidateCert(signerDer), SVS.SUCCESS);
  const crl = await createCrl({ issuer: 'CN=Machine SVS CA', issuerPublicKey: ca.publicKey, number: 1, thisUpdate: new Date(now - 1000), nextUpdate: new Date(now + 864e5),
    revoked: [{ serial: parseCertificate(signerDer).serial, at: new Date(now - 500), reason: 1 }] }, caSign);
  assert.equal(await putTrust('crl', 'machine-svs-ca', crlToPem(crl)), 204);
  assert.equal(await sdf.SVS_ValidateCert(signerDer), SVS.CERT_REMOVED);
  const list = (await (await fetch(`http://127.0.0.1:${tm.machine.adminPort}/v1/svs/trust`, { headers: SO })).json()) as { kind: string }[];
  assert.deepEqual(list.map((i) => i.kind).sort(), ['anchor', 'crl', 'key-cert']);
});
