/**
 * The device layer's cost: GM/T 0018 functions through the SDF facade of the crypto device
 * ('mima-sdf', src/sdf/ on a device in memory with audit on) beside the same work done directly
 * on the engine the device uses ('mima-engine'), so `sdf/engine` in the report is the price of
 * handles, sessions, access rights, key lookup, structure conversion, the device's DRBG and the
 * audit summaries.
 *
 *   InternalSign_ECC        SDF_InternalSign_ECC (one digest per call); 'sdf-internal-sign-batch':
 *                           MIMA_InternalSign_ECC_Batch with SIGN_BATCH digests per call
 *   InternalVerify_ECC      SDF_InternalVerify_ECC
 *   ExternalVerify_ECC      SDF_ExternalVerify_ECC with the caller's ECCrefPublicKey
 *   InternalEncrypt_ECC     SDF_InternalEncrypt_ECC
 *   InternalDecrypt_ECC     SDF_InternalDecrypt_ECC
 *   Encrypt/Decrypt         SDF_Encrypt / SDF_Decrypt with a session key (IV returned for CBC)
 *   GenerateRandom          SDF_GenerateRandom (the device's GM/T 0105 SM3 Hash_DRBG)
 *   GenerateKeyWithKEK      SDF_GenerateKeyWithKEK (SGD_SM4_ECB), then SDF_DestroyKey
 * The engine side holds keys in memory and calls the same engine entry points with the same
 * inputs (a Hash_DRBG with the device's settings for the random lines).
 */
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../src/algorithms/internal/bytes.js';
import { createHashDrbg } from '../../src/algorithms/random/index.js';
import { Device } from '../../src/device/index.js';
import * as sdf from '../../src/sdf/index.js';
import { engine } from '../../src/engine/index.js';
import type { Sm4Mode } from '../../src/engine/types.js';
import { openMemoryStore } from '../../src/store/index.js';
import { SIGN_BATCH, type Adapter, type Operation } from '../types.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const INDEX = 1;
const KEK_INDEX = 1;
const PIN = utf8('bench-access-password');

/** Message sizes of the device lines: full run, quick run. */
export function sdfSizes(op: Operation, quick: boolean): number[] {
  if (op.startsWith('sdf-sm4-')) return quick ? [16, 16 * KiB] : [16, KiB, 16 * KiB, MiB];
  if (op === 'sdf-generate-random') return quick ? [KiB] : [32, KiB, 64 * KiB];
  if (op === 'sdf-generate-key-with-kek') return [16];
  return [32];
}

/** The SM4 lines: mode and direction. */
const SM4_LINES: Partial<Record<Operation, { mode: Sm4Mode; decrypt: boolean }>> = {
  'sdf-sm4-ecb-encrypt': { mode: 'ecb', decrypt: false },
  'sdf-sm4-ecb-decrypt': { mode: 'ecb', decrypt: true },
  'sdf-sm4-cbc-encrypt': { mode: 'cbc', decrypt: false },
  'sdf-sm4-cbc-decrypt': { mode: 'cbc', decrypt: true },
};

/** A device in memory with an SM2 key pair at INDEX, a KEK, an operator session holding the access right. */
interface Bench {
  device: Device;
  hDevice: number;
  /** An operator session (SDF handle) holding the access right of INDEX. */
  h: number;
  encPub: Uint8Array;
  /** A digest signed by the key at INDEX (for InternalVerify). */
  signed: { e: Uint8Array; sig: Uint8Array };
}

async function benchDevice(): Promise<Bench> {
  const device = await Device.open(await openMemoryStore());
  const pw = (s: string): Uint8Array => utf8(`bench-${s}-password`);
  await device.init({
    seal: { kind: 'shares', threshold: 1, count: 1 },
    accounts: [
      { name: 'so', role: 'security-officer', password: pw('so') },
      { name: 'op', role: 'operator', password: pw('op') },
      { name: 'au', role: 'auditor', password: pw('au') },
    ],
  });
  const so = await device.login('so', pw('so'));
  await device.keys.generateKeyPair(so, INDEX, 'sm2', { accessPassword: PIN });
  await device.keys.generateKek(so, KEK_INDEX);
  const hDevice = await sdf.SDF_OpenDevice({ device, principal: await device.login('op', pw('op')) });
  const h = sdf.SDF_OpenSession(hDevice);
  await sdf.SDF_GetPrivateKeyAccessRight(h, INDEX, PIN);
  const [e] = digests(1);
  const sig = sdf.eccSignatureToRaw(await sdf.SDF_InternalSign_ECC(h, INDEX, e!));
  return { device, hDevice, h, encPub: (await device.keys.keyPair(INDEX, 'enc')).publicKey, signed: { e: e!, sig } };
}

function digests(n: number): Uint8Array[] {
  return Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));
}

/** Throughput through the SDF facade of the device ('mima-sdf'). */
export function sdfAdapter(): Adapter {
  let b: Bench | undefined;
  const sm = engine().sm;
  return {
    implementation: 'mima-sdf',
    notes: `the SDF facade of the crypto device (in-memory store, audit on) on engine "${sm.name}"`,
    async setup() {
      b = await benchDevice();
    },
    async teardown() {
      if (b) await sdf.SDF_CloseDevice(b.hDevice);
      await b?.device.close();
    },
    prepare(operation, bytes) {
      if (!operation.startsWith('sdf-') || !b) return undefined;
      const { h, encPub, signed } = b;
      const msg = new Uint8Array(randomBytes(bytes));
      const sm4 = SM4_LINES[operation];
      if (sm4) {
        const hk = sdf.SDF_ImportKey(h, new Uint8Array(randomBytes(16)));
        const alg = sm4.mode === 'cbc' ? sdf.SGD_SM4_CBC : sdf.SGD_SM4_ECB;
        const iv = sm4.mode === 'cbc' ? new Uint8Array(randomBytes(16)) : null;
        return () => (sm4.decrypt ? sdf.SDF_Decrypt(h, hk, alg, iv, msg) : sdf.SDF_Encrypt(h, hk, alg, iv, msg));
      }
      switch (operation) {
        case 'sdf-internal-sign': {
          const [e] = digests(1);
          return () => sdf.SDF_InternalSign_ECC(h, INDEX, e!);
        }
        case 'sdf-internal-sign-batch': {
          const es = digests(SIGN_BATCH);
          return () => sdf.MIMA_InternalSign_ECC_Batch(h, INDEX, es);
        }
        case 'sdf-internal-verify': {
          const sig = sdf.eccSignatureFromRaw(signed.sig);
          return () => sdf.SDF_InternalVerify_ECC(h, INDEX, signed.e, sig);
        }
        case 'sdf-external-verify': {
          const [pair] = sm.sm2.generateKeyPairs(1);
          const [e] = digests(1);
          const sig = sdf.eccSignatureFromRaw(sm.sm2.signingKey(pair!.privateKey).signDigests([e!])[0]!);
          const pub = sdf.eccPublicKeyFromPoint(pair!.publicKey);
          return () => sdf.SDF_ExternalVerify_ECC(h, sdf.SGD_SM2_1, pub, e!, sig);
        }
        case 'sdf-internal-encrypt':
          return () => sdf.SDF_InternalEncrypt_ECC(h, INDEX, sdf.SGD_SM2_3, msg);
        case 'sdf-internal-decrypt': {
          const ct = sdf.eccCipherFromC1C3C2(sm.sm2.encrypt(encPub, msg));
          return () => sdf.SDF_InternalDecrypt_ECC(h, INDEX, sdf.SGD_SM2_3, ct);
        }
        case 'sdf-generate-random':
          return () => sdf.SDF_GenerateRandom(h, bytes);
        case 'sdf-generate-key-with-kek':
          return async () => {
            const r = await sdf.SDF_GenerateKeyWithKEK(h, 128, sdf.SGD_SM4_ECB, KEK_INDEX);
            sdf.SDF_DestroyKey(h, r.phKeyHandle);
            return r.pucKey;
          };
        default:
          return undefined;
      }
    },
  };
}

/** The same work directly on the engine ('mima-engine'): the baseline of each device line. */
export function engineBaselineAdapter(): Adapter {
  const sm = engine().sm;
  return {
    implementation: 'mima-engine',
    notes: `engine "${sm.name}" called directly with keys in memory: the baseline of the device lines`,
    prepare(operation, bytes) {
      if (!operation.startsWith('sdf-')) return undefined;
      const msg = new Uint8Array(randomBytes(bytes));
      const sm4 = SM4_LINES[operation];
      if (sm4) {
        const key = new Uint8Array(randomBytes(16));
        const iv = new Uint8Array(randomBytes(16));
        return () => {
          const req = { mode: sm4.mode, key, iv: sm4.mode === 'cbc' ? iv : undefined, data: msg };
          return sm4.decrypt ? sm.sm4.decrypt(req) : sm.sm4.encrypt(req);
        };
      }
      const [pair] = sm.sm2.generateKeyPairs(1);
      switch (operation) {
        case 'sdf-internal-sign':
        case 'sdf-internal-sign-batch': {
          const signer = sm.sm2.signingKey(pair!.privateKey, { publicKey: pair!.publicKey });
          const es = digests(operation === 'sdf-internal-sign' ? 1 : SIGN_BATCH);
          return () => signer.signDigests(es);
        }
        case 'sdf-internal-verify':
        case 'sdf-external-verify': {
          const [e] = digests(1);
          const sig = sm.sm2.signingKey(pair!.privateKey).signDigests([e!])[0]!;
          return () => {
            if (!sm.sm2.verifyDigestBatch([{ publicKey: pair!.publicKey, digest: e!, signature: sig }])[0]) throw new Error('verify failed');
          };
        }
        case 'sdf-internal-encrypt':
          return () => sm.sm2.encrypt(pair!.publicKey, msg);
        case 'sdf-internal-decrypt': {
          const ct = sm.sm2.encrypt(pair!.publicKey, msg);
          return () => sm.sm2.decrypt(pair!.privateKey, ct);
        }
        case 'sdf-generate-random': {
          const drbg = createHashDrbg();
          return () => drbg.generate(bytes);
        }
        case 'sdf-generate-key-with-kek': {
          const drbg = createHashDrbg();
          const kek = new Uint8Array(randomBytes(16));
          return () => sm.sm4.encrypt({ mode: 'ecb', key: kek, data: drbg.generate(16) });
        }
        default:
          return undefined;
      }
    },
  };
}
