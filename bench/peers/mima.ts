/**
 * Mima's own backends as benchmark implementations. Every operation goes through the engine
 * interface, as the device and server will call it; SM2 keys are loaded once (the per-key state
 * a crypto card keeps: (1+d)^-1, Z_A, the public-key table), as the peers' best modes do too.
 */
import { randomBytes } from 'node:crypto';
import { createHashDrbg } from '../../src/algorithms/random/index.js';
import { nativeBackend } from '../../src/engine/native/index.js';
import { tsBackend } from '../../src/engine/ts/index.js';
import type { SmBackend } from '../../src/engine/types.js';
import { SIGN_BATCH } from '../types.js';
import type { Adapter, Implementation } from '../types.js';

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function adapterFor(implementation: Implementation, backend: SmBackend): Adapter {
  return {
    implementation,
    notes: `engine backend "${backend.name}"; SM2 keys loaded once (Z_A, (1+d)^-1 and public-key table cached)`,
    prepare(operation, bytes) {
      const { sm2, sm3, sm4, zuc } = backend;
      const msg = randomBytes(bytes);
      switch (operation) {
        case 'sm2-keygen':
          return () => sm2.generateKeyPairs(1);
        case 'sm2-keygen-batch':
          // Batched k·G with one shared inversion: what a KMS filling a key pool calls.
          return () => sm2.generateKeyPairs(SIGN_BATCH);
        case 'sm2-sign': {
          const [pair] = sm2.generateKeyPairs(1);
          const key = sm2.signingKey(pair!.privateKey, { publicKey: pair!.publicKey });
          return () => key.sign(msg);
        }
        case 'sm2-sign-batch': {
          // SM3(Z_A ‖ M) per message, then one batch of k·G with a shared inversion.
          const [pair] = sm2.generateKeyPairs(1);
          const key = sm2.signingKey(pair!.privateKey, { publicKey: pair!.publicKey });
          const z = sm2.computeZ(pair!.publicKey);
          const msgs = Array.from({ length: SIGN_BATCH }, () => randomBytes(bytes));
          return () => key.signDigests(sm3.digestBatch(msgs.map((m) => concat(z, m))));
        }
        case 'sm2-verify': {
          const [pair] = sm2.generateKeyPairs(1);
          const sig = sm2.signingKey(pair!.privateKey).sign(msg);
          const key = sm2.verifyingKey(pair!.publicKey, { precompute: true });
          return () => {
            if (!key.verify(msg, sig)) throw new Error(`${implementation} verify failed`);
          };
        }
        case 'sm2-encrypt': {
          const [pair] = sm2.generateKeyPairs(1);
          const key = sm2.encryptingKey(pair!.publicKey, { precompute: true });
          return () => key.encrypt(msg);
        }
        case 'sm2-decrypt': {
          const [pair] = sm2.generateKeyPairs(1);
          const ct = sm2.encrypt(pair!.publicKey, msg);
          return () => sm2.decrypt(pair!.privateKey, ct);
        }
        case 'sm3':
          return () => sm3.digest(msg);
        case 'sm4-ecb': {
          const req = { mode: 'ecb', key: randomBytes(16), data: msg } as const;
          return () => sm4.encrypt(req);
        }
        case 'sm4-cbc-encrypt':
        case 'sm4-cbc-decrypt': {
          const req = { mode: 'cbc', key: randomBytes(16), iv: randomBytes(16), data: msg } as const;
          return operation === 'sm4-cbc-encrypt' ? () => sm4.encrypt(req) : () => sm4.decrypt(req);
        }
        case 'sm4-ctr': {
          const req = { mode: 'ctr', key: randomBytes(16), iv: randomBytes(16), data: msg } as const;
          return () => sm4.encrypt(req);
        }
        case 'sm4-gcm': {
          const req = { mode: 'gcm', key: randomBytes(16), nonce: randomBytes(12), data: msg } as const;
          return () => sm4.seal(req);
        }
        case 'sm4-xts': {
          // Storage encryption: a 32-byte key (two SM4 keys), the sector number as tweak.
          const req = { mode: 'xts', key: randomBytes(32), iv: randomBytes(16), data: msg } as const;
          return () => sm4.encrypt(req);
        }
        case 'zuc-eia3': {
          const key = randomBytes(16);
          return () => zuc.eia3(key, 0x12345678, 3, 0, msg);
        }
        case 'zuc-eea3': {
          const key = randomBytes(16);
          return () => zuc.eea3(key, 0x12345678, 3, 0, msg);
        }
        case 'drbg': {
          // The DRBG is not an engine operation: one generator, as a device would keep one.
          const drbg = createHashDrbg({ securityLevel: 1 });
          return () => drbg.generate(bytes);
        }
        default:
          return undefined;
      }
    },
  };
}

/** The Mima backends available in this build. */
export function mimaAdapters(): Adapter[] {
  const native = nativeBackend().backend;
  return native ? [adapterFor('mima-native', native), adapterFor('mima-ts', tsBackend)] : [adapterFor('mima-ts', tsBackend)];
}
