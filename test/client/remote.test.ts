/**
 * The TypeScript SDK: the same SDF scenario runs against the local facade and against a
 * machine over the network with identical results, and the SDK's connection behaviour
 * (pipelining, per-call timeouts, reconnect after the server restarts, error codes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import tls from 'node:tls';
import { connectRemote, Connection, type RemoteSdf } from '../../src/client/index.js';
import { encodeFrame, FrameKind } from '../../src/protocol/frame.js';
import { issueCertificate, privateKeyPem, x509 } from '../../src/server/pki/transport-ca.js';
import * as local from '../../src/sdf/index.js';
import { startTestMachine, type TestMachine } from '../helpers/machine.js';

type Api = Record<string, (...a: any[]) => any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let tm: TestMachine;
let remote: RemoteSdf;

before(async () => {
  tm = await startTestMachine();
  remote = await connectRemote(tm.demo);
});
after(async () => {
  remote?.close();
  await tm?.close();
});

/** GM/T 0018 code an application would write; returns what it observed. */
async function scenario(api: Api, hDevice: number): Promise<Record<string, unknown>> {
  const h = await api.SDF_OpenSession!(hDevice);
  const seen: Record<string, unknown> = {};
  try {
    await api.SDF_GetPrivateKeyAccessRight!(h, 1, utf8('demo'));
    const pub = await api.SDF_ExportSignPublicKey_ECC!(h, 1);
    seen.pub = local.eccPublicKeyToPoint(pub);
    await api.SDF_HashInit!(h, local.SGD_SM3, pub, utf8('1234567812345678'));
    await api.SDF_HashUpdate!(h, utf8('message digest'));
    const e = await api.SDF_HashFinal!(h);
    seen.e = e;
    const sig = await api.SDF_InternalSign_ECC!(h, 1, e);
    seen.signatureVerifies = sm2.verify(seen.pub as Uint8Array, utf8('message digest'), local.eccSignatureToRaw(sig));
    await api.SDF_ExternalVerify_ECC!(h, local.SGD_SM2_1, pub, e, sig);
    const ct = await api.SDF_InternalEncrypt_ECC!(h, 1, local.SGD_SM2_3, utf8('secret'));
    seen.decrypted = await api.SDF_InternalDecrypt_ECC!(h, 1, local.SGD_SM2_3, ct);
    const hk = await api.SDF_ImportKey!(h, new Uint8Array(16).fill(7));
    seen.ecb = (await api.SDF_Encrypt!(h, hk, local.SGD_SM4_ECB, null, new Uint8Array(32))).pucEncData;
    seen.random = (await api.SDF_GenerateRandom!(h, 24)).length;
    // Multi-part, AEAD, HMAC with the session key
    const iv = new Uint8Array(16).fill(3);
    await api.SDF_EncryptInit!(h, hk, local.SGD_SM4_CBC, iv);
    const parts = [await api.SDF_EncryptUpdate!(h, new Uint8Array(20).fill(1)), await api.SDF_EncryptUpdate!(h, new Uint8Array(12).fill(2)), await api.SDF_EncryptFinal!(h)];
    seen.multipart = parts.map((p: Uint8Array) => p.length);
    const gcm = await api.SDF_AuthEnc!(h, hk, local.SGD_SM4_GCM, new Uint8Array(12).fill(9), utf8('aad'), utf8('aead data'));
    seen.aead = await api.SDF_AuthDec!(h, hk, local.SGD_SM4_GCM, new Uint8Array(12).fill(9), utf8('aad'), gcm.pucAuthData, gcm.pucEncData);
    seen.gcm = gcm.pucEncData;
    await api.SDF_HMACInit!(h, hk, local.SGD_SM3);
    await api.SDF_HMACUpdate!(h, utf8('hmac me'));
    seen.hmac = await api.SDF_HMACFinal!(h);
    // A session key wrapped under the index's encryption key, imported in a second session
    const wrapped = await api.SDF_GenerateKeyWithIPK_ECC!(h, 1, 128);
    const h2 = await api.SDF_OpenSession!(hDevice);
    await api.SDF_GetPrivateKeyAccessRight!(h2, 1, utf8('demo'));
    const hk2 = await api.SDF_ImportKeyWithISK_ECC!(h2, 1, wrapped.pucKey);
    const a = (await api.SDF_Encrypt!(h, wrapped.phKeyHandle, local.SGD_SM4_ECB, null, new Uint8Array(16))).pucEncData;
    const b = (await api.SDF_Encrypt!(h2, hk2, local.SGD_SM4_ECB, null, new Uint8Array(16))).pucEncData;
    seen.ipkRoundTrip = Buffer.from(a).equals(Buffer.from(b));
    await api.SDF_CloseSession!(h2);
    // User files
    const name = utf8(`scenario-${hDevice}-${Date.now()}`);
    await api.SDF_CreateFile!(h, name, 32);
    await api.SDF_WriteFile!(h, name, 4, utf8('file data'));
    seen.file = await api.SDF_ReadFile!(h, name, 4, 9);
    await api.SDF_DeleteFile!(h, name);
    seen.info = (await api.SDF_GetDeviceInfo!(h)).DeviceSerial;
    await api.SDF_ReleasePrivateKeyAccessRight!(h, 1);
    try {
      await api.SDF_InternalSign_ECC!(h, 1, e);
      seen.afterRelease = 'signed';
    } catch (err) {
      seen.afterRelease = (err as CryptoError).code;
    }
  } finally {
    await api.SDF_CloseSession!(h);
  }
  return seen;
}

describe('the same code against the local device and a remote machine', () => {
  test('every step gives the same result (signatures, decryption, SM4 single and multi-part, AEAD, HMAC, wrapped session keys, files, errors)', async () => {
    const op = Object.freeze({ name: 'local-app', role: 'operator' as const });
    const hLocal = await local.SDF_OpenDevice({ device: tm.machine.device, principal: op });
    const here = await scenario(local as unknown as Api, hLocal);
    await local.SDF_CloseDevice(hLocal);
    const there = await scenario(remote as unknown as Api, (await remote.SDF_OpenDevice()) as number);
    assert.equal(here.signatureVerifies, true);
    assert.equal(there.signatureVerifies, true);
    assert.deepEqual(there.decrypted, utf8('secret'));
    assert.equal(there.afterRelease, 'SDR_PARDENY');
    assert.equal(there.ipkRoundTrip, true);
    assert.deepEqual(there.aead, utf8('aead data'));
    assert.deepEqual(there.file, utf8('file data'));
    for (const k of ['pub', 'e', 'decrypted', 'ecb', 'random', 'info', 'afterRelease', 'multipart', 'aead', 'gcm', 'hmac', 'ipkRoundTrip', 'file']) assert.deepEqual(there[k], here[k], k);
  });
});

describe('connections', () => {
  test('many requests in flight on one session are answered each to its own request', async () => {
    const h = await remote.SDF_OpenSession();
    await remote.SDF_GetPrivateKeyAccessRight(h, 1, utf8('demo'));
    const pub = local.eccPublicKeyToPoint(await remote.SDF_ExportSignPublicKey_ECC(h, 1) as local.ECCrefPublicKey);
    const digests = Array.from({ length: 200 }, (_, i) => new Uint8Array(32).fill(i));
    const sigs = await Promise.all(digests.map((d) => remote.SDF_InternalSign_ECC(h, 1, d) as Promise<local.ECCSignature>));
    sigs.forEach((s, i) => assert.ok(sm2.verifyDigest(pub, digests[i]!, local.eccSignatureToRaw(s)), `signature ${i}`));
    await remote.SDF_CloseSession(h);
  });

  test('server errors arrive as the same CryptoError codes', async () => {
    const h = await remote.SDF_OpenSession();
    await assert.rejects(remote.SDF_InternalSign_ECC(h, 1, new Uint8Array(32)), (e: CryptoError) => e.code === 'SDR_PARDENY');
    await assert.rejects(remote.SDF_Encrypt(h, 999999, local.SGD_SM4_ECB, null, new Uint8Array(16)), (e: CryptoError) => e.code === 'SDR_KEYNOTEXIST');
    await remote.SDF_CloseSession(h);
  });

  test('an unknown session handle is refused locally with SDR_INARGERR', async () => {
    await assert.rejects(remote.SDF_GenerateRandom(424242, 8), (e: CryptoError) => e.code === 'SDR_INARGERR');
  });

  test('a machine that cannot be reached is SDR_OPENDEVICE after the backoff attempts', async () => {
    await assert.rejects(connectRemote({ ...tm.demo, port: 1, connectAttempts: 2 }), (e: CryptoError) => e.code === 'SDR_OPENDEVICE');
  });

  test('the MIMA batch functions sign and verify many digests in one call', async () => {
    const h = await remote.SDF_OpenSession();
    await remote.SDF_GetPrivateKeyAccessRight(h, 1, utf8('demo'));
    const digests = Array.from({ length: 10 }, (_, i) => new Uint8Array(32).fill(i + 1));
    const sigs = (await remote.MIMA_InternalSign_ECC_Batch(h, 1, digests)) as local.ECCSignature[];
    assert.equal(sigs.length, 10);
    sigs[4]!.s[63]! ^= 1;
    assert.deepEqual(await remote.MIMA_InternalVerify_ECC_Batch(h, 1, digests, sigs), digests.map((_, i) => i !== 4));
    await remote.SDF_CloseSession(h);
  });
});

describe('per-call timeouts', () => {
  test('a machine that accepts a request but never answers: the call fails with SDR_COMMFAIL after the timeout', async () => {
    const { secret, record } = await tm.machine.device.keys.namedKeySecret('mima.transport-ca');
    const ca = { privateKeyPkcs8: secret, certificate: new x509.X509Certificate(record.attributes.certificate!) };
    const issued = await issueCertificate(ca, { commonName: 'silent', purpose: 'server', hostNames: ['127.0.0.1'] });
    const silent = tls.createServer({ key: privateKeyPem(issued.privateKeyPkcs8!), cert: issued.certificate.toString('pem'), ca: tm.demo.ca, requestCert: true }, (socket) => {
      socket.once('data', () => {
        const ack = new Uint8Array(14);
        new DataView(ack.buffer).setUint32(1, 1 << 20);
        new DataView(ack.buffer).setUint32(5, 16);
        ack[0] = 1;
        socket.write(encodeFrame(FrameKind.HELLO_ACK, 0, 0, ack)); // then silence
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const c = await Connection.open({ ...tm.demo, port, timeoutMs: 300 });
    const t = Date.now();
    await assert.rejects(c.request(0x0101, []), (e: CryptoError) => e.code === 'SDR_COMMFAIL' && /no answer within 300 ms/.test(e.message));
    assert.ok(Date.now() - t >= 250);
    c.close();
    await new Promise<void>((r) => silent.close(() => r()));
  });
});
