/** Helpers shared by the ZUC tests: hex, randomness, vector files, bit-level references. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CryptoError, type SdrName } from '../../src/algorithms/internal/errors.js';
import { fromHex } from '../../src/algorithms/internal/bytes.js';
import { readJson } from '../helpers/vectors.js';

export const hex = (s: string): Uint8Array => fromHex(s);
export const rand = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
export const wordsHex = (w: Uint32Array): string[] => Array.from(w, (x) => x.toString(16).padStart(8, '0'));

/** Asserts that `fn` throws a CryptoError with this SDR code. */
export function throwsCode(fn: () => unknown, code: SdrName): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CryptoError, `expected CryptoError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  });
}

export interface Zuc128File {
  keystream: { id: string; key: string; iv: string; keystream_words: string[] }[];
  eea3: { id: string; key: string; count: string; bearer: number; direction: 0 | 1; length_bits: number; plaintext: string; ciphertext: string }[];
  eia3: { id: string; key: string; count: string; bearer: number; direction: 0 | 1; length_bits: number; message: string; mac: string }[];
}
export const zuc128File = (): Zuc128File => readJson<Zuc128File>('zuc128', '3gpp-eea3-eia3.json');

export interface Zuc256PaperFile {
  keystream: { id: string; key: string; iv25: string; iv23: string; keystream_words: string[] }[];
  mac: { id: string; key: string; iv25: string; iv23: string; message: string; tag32: string; tag64: string; tag128: string }[];
}
export const zuc256Paper = (): Zuc256PaperFile => readJson<Zuc256PaperFile>('zuc256', 'zuc256-paper.json');

export interface Zuc256IntelFile {
  keystream: { id: string; key: string; iv: string; length_bits: number; keystream: string }[];
  mac: { id: string; key: string; iv: string; mac_bits: 32 | 64 | 128; message: string; length_bits: number; tag: string }[];
}
export const zuc256Intel = (): Zuc256IntelFile => readJson<Zuc256IntelFile>('zuc256', 'intel-ipsec-mb.json');

/** Bit i (0 = most significant bit of byte 0) of a byte string. */
export const bitAt = (b: Uint8Array, i: number): number => (b[i >>> 3]! >>> (7 - (i & 7))) & 1;

/** Bit i (0 = most significant bit of word 0) of a word string. */
export const kbit = (z: Uint32Array, i: number): number => (z[i >>> 5]! >>> (31 - (i & 31))) & 1;

/** The 32 bits of `z` starting at bit `i`, as an unsigned number, one bit at a time. */
export function zWindow(z: Uint32Array, i: number): number {
  let w = 0;
  for (let b = 0; b < 32; b++) w = ((w << 1) | kbit(z, i + b)) >>> 0;
  return w;
}

/** Packs a 25-byte ZUC-256 IV (bytes 17..24 six bits each) into 23 bytes, bit by bit. */
export function packIv(iv25: Uint8Array): Uint8Array {
  const bits: number[] = [];
  for (let i = 0; i < 17; i++) for (let b = 7; b >= 0; b--) bits.push((iv25[i]! >>> b) & 1);
  for (let i = 17; i < 25; i++) for (let b = 5; b >= 0; b--) bits.push((iv25[i]! >>> b) & 1);
  assert.equal(bits.length, 184);
  const out = new Uint8Array(23);
  bits.forEach((v, i) => (out[i >>> 3] |= v << (7 - (i & 7))));
  return out;
}
