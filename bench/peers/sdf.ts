/**
 * The device layer's cost: GM/T 0018 operations through the crypto device ('mima-sdf') beside
 * the same work done directly on the engine the device uses ('mima-engine'), so `sdf/engine`
 * in the report is the price of sessions, access rights, key lookup and unwrapping, the
 * device's DRBG and the audit summaries.
 *
 * The SDF facade (src/sdf/) was not there when these lines were written, so 'mima-sdf' calls
 * the device's Session and KeyStore and the engine the way the facade maps each function:
 *   InternalSign_ECC        Session.internalSignDigests(index, [e])  (one digest per call;
 *                           'sdf-internal-sign-batch': SIGN_BATCH digests per call)
 *   InternalVerify_ECC      session check, the index's public key from the store, engine verify
 *   ExternalVerify_ECC      session check, engine verify with the caller's public key
 *   InternalEncrypt_ECC     session check, the index's encryption public key from the store, engine encrypt
 *   InternalDecrypt_ECC     Session.internalDecryptEcc (access right, cached private key, audit)
 *   Encrypt/Decrypt         session key by handle, SDF length rule (whole blocks), engine SM4, CBC IV out
 *   GenerateRandom          the device DRBG (GM/T 0105 SM3 Hash_DRBG, security level 2)
 *   GenerateKeyWithKEK      KEK from the store (unwrapped per call), session key from the DRBG,
 *                           SM4-ECB under the KEK, a handle; then DestroyKey (so handles do not pile up)
 * The engine side holds keys in memory and calls the same engine entry points with the same
 * inputs (a Hash_DRBG with the device's settings for the random lines).
 */
import { randomBytes } from 'node:crypto';
import { utf8, wipe } from '../../src/algorithms/internal/bytes.js';
import { CryptoError } from '../../src/algorithms/internal/errors.js';
import { createHashDrbg } from '../../src/algorithms/random/index.js';
import { Device, type Session } from '../../src/device/index.js';
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
  session: Session;
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
  const session = device.openSession(await device.login('op', pw('op')));
  await session.getPrivateKeyAccessRight(INDEX, PIN);
  const [e] = digests(1);
  const [sig] = await session.internalSignDigests(INDEX, [e!]);
  return { device, session, encPub: (await device.keys.keyPair(INDEX, 'enc')).publicKey, signed: { e: e!, sig: sig! } };
}

function digests(n: number): Uint8Array[] {
  return Array.from({ length: n }, () => new Uint8Array(randomBytes(32)));
}

/** GM/T 0018 Encrypt/Decrypt: no padding, so the length must be whole blocks. */
function checkBlocks(data: Uint8Array): void {
  if (data.length === 0 || data.length % 16 !== 0) throw new CryptoError('SDR_INARGERR', 'SDF_Encrypt: data must be whole 16-byte blocks');
}

/** Throughput through the device ('mima-sdf'). */
export function sdfAdapter(): Adapter {
  let b: Bench | undefined;
  const sm = engine().sm;
  return {
    implementation: 'mima-sdf',
    notes: `the crypto device (Session/KeyStore, in-memory store, audit on) on engine "${sm.name}"`,
    async setup() {
      b = await benchDevice();
    },
    async teardown() {
      await b?.device.close();
    },
    prepare(operation, bytes) {
      if (!operation.startsWith('sdf-') || !b) return undefined;
      const { device, session, encPub, signed } = b;
      const msg = new Uint8Array(randomBytes(bytes));
      const sm4 = SM4_LINES[operation];
      if (sm4) {
        const handle = session.addKey('sm4', new Uint8Array(randomBytes(16))).handle;
        const iv = new Uint8Array(randomBytes(16));
        return () => {
          const k = session.key(handle);
          checkBlocks(msg);
          const req = { mode: sm4.mode, key: k.key, iv: sm4.mode === 'cbc' ? iv : undefined, data: msg };
          const out = sm4.decrypt ? sm.sm4.decrypt(req) : sm.sm4.encrypt(req);
          // CBC: the IV is in/out; the next call would continue from the last ciphertext block.
          const nextIv = sm4.mode === 'cbc' ? (sm4.decrypt ? msg : out).subarray(-16) : undefined;
          return nextIv ?? out;
        };
      }
      switch (operation) {
        case 'sdf-internal-sign': {
          const [e] = digests(1);
          return () => session.internalSignDigests(INDEX, [e!]);
        }
        case 'sdf-internal-sign-batch': {
          const es = digests(SIGN_BATCH);
          return () => session.internalSignDigests(INDEX, es);
        }
        case 'sdf-internal-verify':
          return async () => {
            session.check();
            const { publicKey } = await device.keys.keyPair(INDEX, 'sign');
            if (!sm.sm2.verifyDigestBatch([{ publicKey, digest: signed.e, signature: signed.sig }])[0]) throw new Error('verify failed');
          };
        case 'sdf-external-verify': {
          // The caller's public key (ECCrefPublicKey) comes with every call.
          const [pair] = sm.sm2.generateKeyPairs(1);
          const [e] = digests(1);
          const sig = sm.sm2.signingKey(pair!.privateKey).signDigests([e!])[0]!;
          return () => {
            session.check();
            if (!sm.sm2.verifyDigestBatch([{ publicKey: pair!.publicKey, digest: e!, signature: sig }])[0]) throw new Error('verify failed');
          };
        }
        case 'sdf-internal-encrypt':
          return async () => {
            session.check();
            const { publicKey } = await device.keys.keyPair(INDEX, 'enc');
            return sm.sm2.encrypt(publicKey, msg);
          };
        case 'sdf-internal-decrypt': {
          const ct = sm.sm2.encrypt(encPub, msg);
          return () => session.internalDecryptEcc(INDEX, ct);
        }
        case 'sdf-generate-random':
          return () => {
            session.check();
            return device.random(bytes);
          };
        case 'sdf-generate-key-with-kek':
          return async () => {
            session.check();
            const kek = await device.keys.kek(KEK_INDEX);
            const key = device.random(16);
            const wrapped = sm.sm4.encrypt({ mode: 'ecb', key: kek, data: key });
            wipe(kek);
            session.destroyKey(session.addKey('sm4', key).handle);
            return wrapped;
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
