/**
 * The PKI services in process ('mima-pki'), with the signing keys in a crypto device in memory:
 *   svs-sign-data           SVS_SignData (device key, access password per call)
 *   svs-verify-signed-data  SVS_VerifySignedData at level 2 with a root → issuing CA → signer
 *                           chain (validation cached, as the server keeps it)
 *   pkcs7-sign / -verify    GM/T 0010 SignedData of 1 KiB and 1 MiB (device key / SVS check)
 *   tsa-timestamp           an RFC 3161 token (TimeStampReq in, TimeStampResp out)
 */
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import * as sm2 from '../../src/algorithms/sm2/index.js';
import { sm3 } from '../../src/algorithms/sm3/index.js';
import { Device } from '../../src/device/index.js';
import { OID } from '../../src/formats/index.js';
import { deviceSigner, issueCertificate, parseCertificate, signCms, type Sm2Signer } from '../../src/pki/index.js';
import { SGD_SM3_SM2 } from '../../src/sdf/sgd.js';
import { openMemoryStore } from '../../src/store/index.js';
import { SignatureVerificationServer } from '../../src/svs/index.js';
import { encodeRequest, TimestampAuthority } from '../../src/tsa/index.js';
import type { Adapter } from '../types.js';

interface Pki {
  device: Device;
  svs: SignatureVerificationServer;
  tsa: TimestampAuthority;
  signerDer: Uint8Array;
  signer: Sm2Signer;
  close(): void;
}

async function setup(): Promise<Pki> {
  const device = await Device.open(await openMemoryStore());
  const pw = (s: string): Uint8Array => utf8(`bench-${s}-password`);
  await device.init({ seal: { kind: 'shares', threshold: 1, count: 1 }, accounts: [
    { name: 'so', role: 'security-officer', password: pw('so') }, { name: 'op', role: 'operator', password: pw('op') }, { name: 'au', role: 'auditor', password: pw('au') }] });
  const so = await device.login('so', pw('so'));
  await device.keys.generateKeyPair(so, 1, 'sm2', { accessPassword: utf8('key') });
  const op = await device.login('op', pw('op'));
  const root = sm2.generateKeyPair();
  const inter = sm2.generateKeyPair();
  const sw = (k: typeof root): Sm2Signer => async (d) => sm2.sign(k.privateKey, d, { publicKey: k.publicKey });
  const t = Date.now();
  const base = { notBefore: new Date(t - 60_000), notAfter: new Date(t + 864e5) };
  const rootDer = await issueCertificate({ ...base, serial: Uint8Array.of(0x10), issuer: 'CN=Bench Root', subject: 'CN=Bench Root', publicKey: root.publicKey, issuerPublicKey: root.publicKey, usage: 'ca' }, sw(root));
  const interDer = await issueCertificate({ ...base, serial: Uint8Array.of(0x11), issuer: 'CN=Bench Root', subject: 'CN=Bench CA', publicKey: inter.publicKey, issuerPublicKey: root.publicKey, usage: 'ca' }, sw(root));
  const ds = await deviceSigner(device, op, 1, utf8('key'));
  const signerDer = await issueCertificate({ ...base, serial: Uint8Array.of(0x12), issuer: 'CN=Bench CA', subject: 'CN=Bench Signer', publicKey: ds.publicKey, issuerPublicKey: inter.publicKey, usage: 'sign' }, sw(inter));
  const tsaDer = await issueCertificate({ ...base, serial: Uint8Array.of(0x13), issuer: 'CN=Bench CA', subject: 'CN=Bench TSA', publicKey: ds.publicKey, issuerPublicKey: inter.publicKey, usage: 'tsa' }, sw(inter));
  const svs = new SignatureVerificationServer(device, op, { anchors: [parseCertificate(rootDer)], intermediates: [parseCertificate(interDer)], crls: [] });
  svs.addCertificate('index:1', signerDer);
  let serial = 0n;
  const tsa = new TimestampAuthority({ certificate: tsaDer, signer: ds.signer, nextSerial: async () => ++serial });
  return { device, svs, tsa, signerDer, signer: ds.signer, close: () => ds.close() };
}

export function pkiAdapter(): Adapter {
  let p: Pki | undefined;
  return {
    implementation: 'mima-pki',
    notes: 'PKI services in process, keys in a device in memory (SVS, SignedData, RFC 3161)',
    async setup() {
      p = await setup();
    },
    async teardown() {
      p?.close();
      await p?.device.close();
    },
    prepare(operation, bytes) {
      if (!p) return undefined;
      const { svs, tsa, signerDer, signer } = p;
      const data = new Uint8Array(randomBytes(bytes));
      switch (operation) {
        case 'svs-sign-data':
          return () => svs.signData(SGD_SM3_SM2, 1, 'key', data);
        case 'svs-verify-signed-data': {
          let sig: Uint8Array | undefined;
          return async () => {
            sig ??= await svs.signData(SGD_SM3_SM2, 1, 'key', data);
            if (svs.verifySignedData(1, signerDer, data, sig, 2) !== 0) throw new Error('verify failed');
          };
        }
        case 'pkcs7-sign':
          return () => signCms({ content: data, certificate: signerDer, signer });
        case 'pkcs7-verify': {
          let msg: Uint8Array | undefined;
          return async () => {
            msg ??= await signCms({ content: data, certificate: signerDer, signer });
            if (svs.verifySignedMessage(msg) !== 0) throw new Error('verify failed');
          };
        }
        case 'tsa-timestamp': {
          const req = encodeRequest({ hashAlgorithm: OID.sm3, imprint: sm3(data), certReq: true });
          return () => tsa.respond(req);
        }
        default:
          return undefined;
      }
    },
  };
}
