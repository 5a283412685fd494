/**
 * sm-crypto 0.5.8, the most used npm SM package (jsbn big integers).
 * SM2 sign/verify use its fastest documented options: SM3 with Z_A (hash: true) and the
 * public key passed in so it is not re-derived.
 */
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import type { Adapter } from '../types.js';

interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: number[] | string, priv: string, opts: object): string;
    doVerifySignature(msg: number[] | string, sig: string, pub: string, opts: object): boolean;
    doEncrypt(msg: number[] | string, pub: string, mode: number): string;
    doDecrypt(ct: string, priv: string, mode: number, opts: object): number[] | string;
  };
  sm3(msg: number[] | string): string;
  sm4: {
    encrypt(msg: number[], key: string, opts: object): number[] | string;
    decrypt(msg: number[], key: string, opts: object): number[] | string;
  };
}

const smCrypto = createRequire(import.meta.url)('sm-crypto') as SmCrypto;
const arr = (n: number): number[] => Array.from(randomBytes(n));
const hex = (n: number): string => randomBytes(n).toString('hex');

export const smCryptoAdapter: Adapter = {
  implementation: 'sm-crypto',
  notes: 'sm-crypto 0.5.8; sign/verify with hash:true and the public key supplied',
  prepare(operation, bytes) {
    const { sm2, sm3, sm4 } = smCrypto;
    switch (operation) {
      case 'sm2-keygen':
        return () => sm2.generateKeyPairHex();
      case 'sm2-sign': {
        const { privateKey, publicKey } = sm2.generateKeyPairHex();
        const msg = arr(bytes);
        return () => sm2.doSignature(msg, privateKey, { hash: true, publicKey });
      }
      case 'sm2-verify': {
        const { privateKey, publicKey } = sm2.generateKeyPairHex();
        const msg = arr(bytes);
        const sig = sm2.doSignature(msg, privateKey, { hash: true, publicKey });
        return () => {
          if (!sm2.doVerifySignature(msg, sig, publicKey, { hash: true })) throw new Error('sm-crypto verify failed');
        };
      }
      case 'sm2-encrypt': {
        const { publicKey } = sm2.generateKeyPairHex();
        const msg = arr(bytes);
        return () => sm2.doEncrypt(msg, publicKey, 1);
      }
      case 'sm2-decrypt': {
        const { privateKey, publicKey } = sm2.generateKeyPairHex();
        const ct = sm2.doEncrypt(arr(bytes), publicKey, 1);
        return () => sm2.doDecrypt(ct, privateKey, 1, { output: 'array' });
      }
      case 'sm3': {
        const msg = arr(bytes);
        return () => sm3(msg);
      }
      case 'sm4-ecb': {
        const key = hex(16);
        const msg = arr(bytes);
        return () => sm4.encrypt(msg, key, { padding: 'none', output: 'array' });
      }
      case 'sm4-cbc-encrypt':
      case 'sm4-cbc-decrypt': {
        const key = hex(16);
        const iv = hex(16);
        const msg = arr(bytes);
        const opts = { mode: 'cbc', iv, padding: 'none', output: 'array' };
        return operation === 'sm4-cbc-encrypt' ? () => sm4.encrypt(msg, key, opts) : () => sm4.decrypt(msg, key, opts);
      }
      default:
        return undefined;
    }
  },
};
