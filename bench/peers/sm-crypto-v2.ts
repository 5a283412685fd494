/**
 * sm-crypto-v2 1.15.1 (SM2 on @noble/curves, BigInt), the best pure-JS peer.
 * Measured in its fastest documented modes: public key passed to sign, a precomputed
 * public-key table (precomputePublicKey) for verify and encrypt, Uint8Array in and out.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import type { Adapter } from '../types.js';

type Bytes = Uint8Array;
interface SmCryptoV2 {
  sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    precomputePublicKey(pub: string): unknown;
    doSignature(msg: Bytes, priv: string, opts: object): string;
    doVerifySignature(msg: Bytes, sig: string, pub: unknown, opts: object): boolean;
    doEncrypt(msg: Bytes, pub: unknown, mode: number): string;
    doDecrypt(ct: string, priv: string, mode: number, opts: object): Bytes;
  };
  sm3(msg: Bytes): string;
  sm4: {
    encrypt(msg: Bytes, key: Bytes, opts: object): unknown;
    decrypt(msg: Bytes, key: Bytes, opts: object): unknown;
  };
}

const v2 = createRequire(import.meta.url)('sm-crypto-v2') as SmCryptoV2;

export const smCryptoV2Adapter: Adapter = {
  implementation: 'sm-crypto-v2',
  notes: 'sm-crypto-v2 1.15.1; sign with publicKey supplied, verify/encrypt with precomputePublicKey',
  prepare(operation, bytes) {
    const { sm2, sm3, sm4 } = v2;
    switch (operation) {
      case 'sm2-keygen':
        return () => sm2.generateKeyPairHex();
      case 'sm2-sign': {
        const { privateKey, publicKey } = sm2.generateKeyPairHex();
        const msg = randomBytes(bytes);
        return () => sm2.doSignature(msg, privateKey, { hash: true, publicKey });
      }
      case 'sm2-verify': {
        const { privateKey, publicKey } = sm2.generateKeyPairHex();
        const table = sm2.precomputePublicKey(publicKey);
        const msg = randomBytes(bytes);
        const sig = sm2.doSignature(msg, privateKey, { hash: true, publicKey });
        return () => {
          if (!sm2.doVerifySignature(msg, sig, table, { hash: true, publicKey }))
            throw new Error('sm-crypto-v2 verify failed');
        };
      }
      case 'sm2-encrypt': {
        const { publicKey } = sm2.generateKeyPairHex();
        const table = sm2.precomputePublicKey(publicKey);
        const msg = randomBytes(bytes);
        return () => sm2.doEncrypt(msg, table, 1);
      }
      case 'sm2-decrypt': {
        const { privateKey, publicKey } = sm2.generateKeyPairHex();
        const ct = sm2.doEncrypt(randomBytes(bytes), publicKey, 1);
        return () => sm2.doDecrypt(ct, privateKey, 1, { output: 'array' });
      }
      case 'sm3': {
        const msg = randomBytes(bytes);
        return () => sm3(msg);
      }
      case 'sm4-ecb': {
        const key = randomBytes(16);
        const msg = randomBytes(bytes);
        return () => sm4.encrypt(msg, key, { padding: 'none', output: 'array' });
      }
      case 'sm4-cbc-encrypt':
      case 'sm4-cbc-decrypt': {
        const key = randomBytes(16);
        const iv = randomBytes(16);
        const msg = randomBytes(bytes);
        const opts = { mode: 'cbc', iv, padding: 'none', output: 'array' };
        return operation === 'sm4-cbc-encrypt' ? () => sm4.encrypt(msg, key, opts) : () => sm4.decrypt(msg, key, opts);
      }
      case 'sm4-gcm': {
        const key = randomBytes(16);
        const iv = randomBytes(12);
        const msg = randomBytes(bytes);
        return () => sm4.encrypt(msg, key, { mode: 'gcm', iv, output: 'array', outputTag: true });
      }
      default:
        return undefined;
    }
  },
};
