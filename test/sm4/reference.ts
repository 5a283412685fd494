/**
 * Slow, literal reference constructions for the SM4 tests, built on node:crypto's sm4-ecb (an
 * independent SM4, OpenSSL's) and written straight from the standards with byte arrays, so that
 * they share no code or representation choices with src/algorithms/sm4.
 *
 * - GHASH: NIST SP 800-38D §6.3 Algorithm 1, bit by bit.
 * - GCM: SP 800-38D §7.1 (J0, inc32, GCTR, tag).
 * - CCM: SP 800-38C §6.1 with the formatting of Appendix A.
 * - XTS: IEEE 1619 §5.3 / GB/T 17964 with the α multiplication done on bytes as OpenSSL's
 *   portable code does (crypto/modes/xts128.c, xts128gb.c).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

/** One SM4 block encryption (or decryption) by node:crypto (OpenSSL). */
export function nodeEcb(key: Uint8Array, block: Uint8Array, decrypt = false): Uint8Array {
  const c = decrypt ? createDecipheriv('sm4-ecb', key, null) : createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((x, i) => x ^ b[i]!);
}

/** X · Y in GF(2^128) with GCM's bit order (SP 800-38D Algorithm 1). */
export function gfMul(x: Uint8Array, y: Uint8Array): Uint8Array {
  const z = new Uint8Array(16);
  const v = y.slice();
  for (let i = 0; i < 128; i++) {
    if ((x[i >> 3]! >> (7 - (i & 7))) & 1) for (let j = 0; j < 16; j++) z[j] ^= v[j]!;
    const lsb = v[15]! & 1;
    for (let j = 15; j > 0; j--) v[j] = (v[j]! >> 1) | ((v[j - 1]! & 1) << 7);
    v[0] = v[0]! >> 1;
    if (lsb) v[0] ^= 0xe1;
  }
  return z;
}

/** GHASH_H(X) for X a whole number of blocks. */
export function refGhash(h: Uint8Array, x: Uint8Array): Uint8Array {
  let y: Uint8Array = new Uint8Array(16);
  for (let o = 0; o < x.length; o += 16) y = gfMul(xor(y, x.subarray(o, o + 16)), h);
  return y;
}

function zeroPad(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(x.length / 16) * 16);
  out.set(x);
  return out;
}

function be64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  let v = BigInt(n);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function inc32(cb: Uint8Array): Uint8Array {
  const out = cb.slice();
  const v = ((out[12]! << 24) | (out[13]! << 16) | (out[14]! << 8) | out[15]!) >>> 0;
  const w = (v + 1) >>> 0;
  out[12] = w >>> 24;
  out[13] = w >>> 16;
  out[14] = w >>> 8;
  out[15] = w;
  return out;
}

/** SM4-GCM encryption: ciphertext ‖ tag (tag truncated to tagLen). */
export function refGcm(key: Uint8Array, iv: Uint8Array, pt: Uint8Array, aad: Uint8Array, tagLen = 16): Uint8Array {
  const h = nodeEcb(key, new Uint8Array(16));
  const j0 =
    iv.length === 12
      ? cat(iv, Uint8Array.of(0, 0, 0, 1))
      : refGhash(h, cat(zeroPad(iv), new Uint8Array(8), be64(iv.length * 8)));
  const ct = new Uint8Array(pt.length);
  let cb = inc32(j0);
  for (let o = 0; o < pt.length; o += 16) {
    const ks = nodeEcb(key, cb);
    for (let i = 0; i < 16 && o + i < pt.length; i++) ct[o + i] = pt[o + i]! ^ ks[i]!;
    cb = inc32(cb);
  }
  const s = refGhash(h, cat(zeroPad(aad), zeroPad(ct), be64(aad.length * 8), be64(ct.length * 8)));
  const tag = xor(nodeEcb(key, j0), s);
  return cat(ct, tag.subarray(0, tagLen));
}

/** SM4-CCM encryption: ciphertext ‖ tag. */
export function refCcm(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad: Uint8Array, tagLen: number): Uint8Array {
  const q = 15 - nonce.length;
  const b0 = new Uint8Array(16);
  b0[0] = (aad.length > 0 ? 64 : 0) + ((tagLen - 2) / 2) * 8 + (q - 1);
  b0.set(nonce, 1);
  for (let i = 0, n = pt.length; i < q; i++, n = Math.floor(n / 256)) b0[15 - i] = n % 256;
  let aEnc: Uint8Array = new Uint8Array(0);
  const a = aad.length;
  if (a > 0 && a < 65280) aEnc = Uint8Array.of(a >> 8, a & 255);
  else if (a >= 65280) aEnc = cat(Uint8Array.of(0xff, 0xfe), be64(a).subarray(4));
  const b = cat(b0, zeroPad(cat(aEnc, aad)), zeroPad(pt));
  let y: Uint8Array = new Uint8Array(16);
  for (let o = 0; o < b.length; o += 16) y = nodeEcb(key, xor(y, b.subarray(o, o + 16)));
  const ctr = (i: number): Uint8Array => {
    const c = new Uint8Array(16);
    c[0] = q - 1;
    c.set(nonce, 1);
    for (let k = 0, n = i; k < q; k++, n = Math.floor(n / 256)) c[15 - k] = n % 256;
    return c;
  };
  const ct = new Uint8Array(pt.length);
  for (let o = 0, i = 1; o < pt.length; o += 16, i++) {
    const ks = nodeEcb(key, ctr(i));
    for (let k = 0; k < 16 && o + k < pt.length; k++) ct[o + k] = pt[o + k]! ^ ks[k]!;
  }
  const tag = xor(y, nodeEcb(key, ctr(0))).subarray(0, tagLen);
  return cat(ct, tag);
}

/** T·α on bytes: GB/T 17964 (big-endian, right shift, 0xE1) or IEEE 1619 (little-endian, left shift, 0x87). */
export function refMulAlpha(t: Uint8Array, standard: 'GB' | 'IEEE'): Uint8Array {
  const out = new Uint8Array(16);
  if (standard === 'GB') {
    let carry = 0;
    for (let i = 0; i < 16; i++) {
      out[i] = (t[i]! >> 1) | carry;
      carry = (t[i]! & 1) << 7;
    }
    if (carry) out[0] ^= 0xe1;
  } else {
    let carry = 0;
    for (let i = 0; i < 16; i++) {
      out[i] = ((t[i]! << 1) & 0xff) | carry;
      carry = t[i]! >> 7;
    }
    if (carry) out[0] ^= 0x87;
  }
  return out;
}

/** SM4-XTS encryption with ciphertext stealing (IEEE 1619 §5.3.2). */
export function refXtsEncrypt(key: Uint8Array, tweak: Uint8Array, pt: Uint8Array, standard: 'GB' | 'IEEE'): Uint8Array {
  const k1 = key.subarray(0, 16);
  const k2 = key.subarray(16, 32);
  const m = Math.floor(pt.length / 16);
  const r = pt.length % 16;
  const tweaks = [nodeEcb(k2, tweak)];
  for (let j = 1; j <= m; j++) tweaks.push(refMulAlpha(tweaks[j - 1]!, standard));
  const xex = (p: Uint8Array, t: Uint8Array): Uint8Array => xor(nodeEcb(k1, xor(p, t)), t);
  const out = new Uint8Array(pt.length);
  const whole = r === 0 ? m : m - 1;
  for (let j = 0; j < whole; j++) out.set(xex(pt.subarray(16 * j, 16 * j + 16), tweaks[j]!), 16 * j);
  if (r > 0) {
    const cc = xex(pt.subarray(16 * (m - 1), 16 * m), tweaks[m - 1]!);
    const pp = cat(pt.subarray(16 * m), cc.subarray(r));
    out.set(xex(pp, tweaks[m]!), 16 * (m - 1));
    out.set(cc.subarray(0, r), 16 * m);
  }
  return out;
}
