/** Small helpers shared by the SM4 tests. */
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { fromHex } from '../../src/algorithms/internal/bytes.js';

export const hex = (s: string): Uint8Array => fromHex(s);
export const rand = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

/** Asserts that `fn` throws a CryptoError with this SDR code. */
export function throwsCode(fn: () => unknown, code: SdrName): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CryptoError, `expected CryptoError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  });
}

export type NodeMode = 'ecb' | 'cbc' | 'cfb' | 'ofb' | 'ctr';

/** node:crypto (OpenSSL) SM4 in a mode; `pad` is node's auto-padding (PKCS#7), ECB/CBC only. */
export function nodeSm4(mode: NodeMode, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, decrypt: boolean, pad = false): Uint8Array {
  const alg = `sm4-${mode}`;
  const c = decrypt ? createDecipheriv(alg, key, iv) : createCipheriv(alg, key, iv);
  c.setAutoPadding(pad);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}
