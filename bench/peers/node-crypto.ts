/**
 * node:crypto (OpenSSL 3.0, C) as a speed reference.
 *
 * Its SM2 signatures hash with an empty user ID (node cannot set the distinguishing ID), so
 * they are not standard SM2 signatures: the figures are a reference for curve arithmetic only.
 * It has no SM2 encryption, SM4-GCM or ZUC. "drbg" is randomFillSync (OpenSSL's AES CTR_DRBG).
 */
import * as crypto from 'node:crypto';
import type { Adapter } from '../types.js';

function sm4Stream(name: string, decrypt: boolean, bytes: number): () => unknown {
  const key = crypto.randomBytes(16);
  const iv = name === 'sm4-ecb' ? null : crypto.randomBytes(16);
  const data = crypto.randomBytes(bytes);
  return () => {
    const c = decrypt ? crypto.createDecipheriv(name, key, iv) : crypto.createCipheriv(name, key, iv);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(data), c.final()]);
  };
}

export const nodeCryptoAdapter: Adapter = {
  implementation: 'node-crypto',
  notes: 'OpenSSL 3.0 via node:crypto; SM2 sign/verify without the standard user ID (reference only)',
  prepare(operation, bytes) {
    switch (operation) {
      case 'sm2-keygen':
        return () => crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' });
      case 'sm2-sign': {
        const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' });
        const msg = crypto.randomBytes(bytes);
        return () => crypto.sign('sm3', msg, privateKey);
      }
      case 'sm2-verify': {
        const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' });
        const msg = crypto.randomBytes(bytes);
        const sig = crypto.sign('sm3', msg, privateKey);
        return () => {
          if (!crypto.verify('sm3', msg, publicKey, sig)) throw new Error('node-crypto verify failed');
        };
      }
      case 'sm3': {
        const msg = crypto.randomBytes(bytes);
        return () => crypto.createHash('sm3').update(msg).digest();
      }
      case 'sm4-ecb':
        return sm4Stream('sm4-ecb', false, bytes);
      case 'sm4-cbc-encrypt':
        return sm4Stream('sm4-cbc', false, bytes);
      case 'sm4-cbc-decrypt':
        return sm4Stream('sm4-cbc', true, bytes);
      case 'sm4-ctr':
        return sm4Stream('sm4-ctr', false, bytes);
      case 'drbg': {
        const out = new Uint8Array(bytes);
        return () => crypto.randomFillSync(out);
      }
      default:
        return undefined;
    }
  },
};
