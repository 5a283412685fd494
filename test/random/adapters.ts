/**
 * Test-only adapters: node:crypto's hashes and AES as Mima `HashFunction`/`BlockCipher`, so the
 * DRBG mechanisms can be checked against NIST CAVP vectors (SHA-1/256/512, AES) and against an
 * implementation of SM3/SM4 that is not ours.
 */
import { createCipheriv, createHash, type Hash as NodeHash } from 'node:crypto';
import type { BlockCipher, Hash, HashFunction } from '../../src/algorithms/types.js';

const SIZES: Record<string, [number, number]> = {
  sha1: [20, 64], sha256: [32, 64], sha512: [64, 128], sm3: [32, 64],
};

function wrap(h: NodeHash, outputLen: number, blockLen: number): Hash {
  return {
    outputLen,
    blockLen,
    update(data: Uint8Array) {
      h.update(data);
      return this;
    },
    digest: () => new Uint8Array(h.digest()),
    clone: () => wrap(h.copy(), outputLen, blockLen),
  };
}

/** node:crypto's `name` hash as a HashFunction. */
export function nodeHash(name: 'sha1' | 'sha256' | 'sha512' | 'sm3'): HashFunction {
  const [outputLen, blockLen] = SIZES[name]!;
  const fn = (data: Uint8Array): Uint8Array => new Uint8Array(createHash(name).update(data).digest());
  Object.defineProperty(fn, 'name', { value: name });
  return Object.assign(fn, { outputLen, blockLen, create: () => wrap(createHash(name), outputLen, blockLen) });
}

/** AES (key of 16/24/32 bytes) from node:crypto as a BlockCipher (encryption only). */
export function nodeAes(key: Uint8Array): BlockCipher {
  const alg = `aes-${key.length * 8}-ecb`;
  const k = Uint8Array.from(key);
  return {
    blockSize: 16,
    encryptBlock(src, srcOff, dst, dstOff) {
      const c = createCipheriv(alg, k, null).setAutoPadding(false);
      dst.set(c.update(src.subarray(srcOff, srcOff + 16)), dstOff);
    },
    decryptBlock() {
      throw new Error('nodeAes: decryption not needed');
    },
    destroy() {
      k.fill(0);
    },
  };
}

/** node:crypto's SM4 (key of 16 bytes) as a BlockCipher (encryption only). */
export function nodeSm4(key: Uint8Array): BlockCipher {
  const k = Uint8Array.from(key);
  return {
    blockSize: 16,
    encryptBlock(src, srcOff, dst, dstOff) {
      const c = createCipheriv('sm4-ecb', k, null).setAutoPadding(false);
      dst.set(c.update(src.subarray(srcOff, srcOff + 16)), dstOff);
    },
    decryptBlock() {
      throw new Error('nodeSm4: decryption not needed');
    },
    destroy() {
      k.fill(0);
    },
  };
}
