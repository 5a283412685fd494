/**
 * SM4 constants (GM/T 0002-2012 §6) and the T-tables derived from them.
 *
 * The S-box, FK and CK are copied from the standard. The four T-tables fold the S-box τ and the
 * linear transform L of the round function into one 32-bit lookup per input byte:
 * `T(a) = L(τ(a)) = T0[a0] ^ T1[a1] ^ T2[a2] ^ T3[a3]` for the bytes a0..a3 of `a`
 * (a0 most significant). They are built once, when this module is first evaluated, from the
 * S-box and L: 1,024 entries cost microseconds, stay in step with the S-box by construction and
 * need no generated 1,024-literal file to audit. A test checks every entry against the
 * definition.
 *
 * Portable path: the round function indexes these tables with secret bytes, so it is not
 * constant-time on machines whose caches can be observed by an attacker.
 *
 * @module
 */

/** The S-box τ (GM/T 0002-2012 §6.2, Table 1), row-major: `SBOX[0x1a]` is row 1, column a. */
export const SBOX: Uint8Array = /* @__PURE__ */ (() => {
  const hex =
    'd690e9fecce13db716b614c228fb2c052b679a762abe04c3aa441326498606999c4250f491ef987a33540b43edcfac62' +
    'e4b31ca9c908e89580df94fa758f3fa64707a7fcf37317ba83593c19e6854fa8686b81b27164da8bf8eb0f4b70569d35' +
    '1e240e5e6358d1a225227c3b01217887d40046579fd327524c3602e7a0c4c89eeabf8ad240c738b5a3f7f2cef96115a1' +
    'e0ae5da49b341a55ad933230f58cb1e31df6e22e8266ca60c02923ab0d534e6fd5db3745defd8e2f03ff6a726d6c5b51' +
    '8d1baf92bbddbc7f11d95c411f105ad80ac13188a5cd7bbd2d74d012b8e5b4b08969974a0c96777e65b9f109c56ec684' +
    '18f07dec3adc4d2079ee5f3ed7cb3948';
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return s;
})();

/** System parameter FK (GM/T 0002-2012 §7.3.1), XORed into the key before the schedule. */
export const FK: Int32Array = Int32Array.of(0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc);

/**
 * Fixed parameters CK_0..CK_31 (GM/T 0002-2012 §7.3.1): byte j of CK_i is (4i + j)·7 mod 256.
 * Listed as in the standard; a test re-derives them from the rule. (Typed arrays of Int32 hold
 * the same 32 bits as the unsigned constants; the kernels only XOR and shift them.)
 */
export const CK: Int32Array = Int32Array.of(
  0x00070e15, 0x1c232a31, 0x383f464d, 0x545b6269, 0x70777e85, 0x8c939aa1, 0xa8afb6bd, 0xc4cbd2d9,
  0xe0e7eef5, 0xfc030a11, 0x181f262d, 0x343b4249, 0x50575e65, 0x6c737a81, 0x888f969d, 0xa4abb2b9,
  0xc0c7ced5, 0xdce3eaf1, 0xf8ff060d, 0x141b2229, 0x30373e45, 0x4c535a61, 0x686f767d, 0x848b9299,
  0xa0a7aeb5, 0xbcc3cad1, 0xd8dfe6ed, 0xf4fb0209, 0x10171e25, 0x2c333a41, 0x484f565d, 0x646b7279,
);

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/** L(B) = B ⊕ (B <<< 2) ⊕ (B <<< 10) ⊕ (B <<< 18) ⊕ (B <<< 24) (GM/T 0002-2012 §6.2). */
export function linearL(b: number): number {
  return b ^ rotl(b, 2) ^ rotl(b, 10) ^ rotl(b, 18) ^ rotl(b, 24);
}

/** L'(B) = B ⊕ (B <<< 13) ⊕ (B <<< 23), the key-schedule transform (GM/T 0002-2012 §7.3). */
export function linearLPrime(b: number): number {
  return b ^ rotl(b, 13) ^ rotl(b, 23);
}

/** τ: the S-box applied to each byte of a word. */
export function tau(a: number): number {
  return (SBOX[a >>> 24]! << 24) | (SBOX[(a >>> 16) & 255]! << 16) | (SBOX[(a >>> 8) & 255]! << 8) | SBOX[a & 255]!;
}

function buildT(shift: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) t[i] = linearL(SBOX[i]! << shift);
  return t;
}

/** T0[a] = L(τ(a) << 24): the contribution of the most significant input byte. */
export const T0: Int32Array = /* @__PURE__ */ buildT(24);
/** T1[a] = L(τ(a) << 16). */
export const T1: Int32Array = /* @__PURE__ */ buildT(16);
/** T2[a] = L(τ(a) << 8). */
export const T2: Int32Array = /* @__PURE__ */ buildT(8);
/** T3[a] = L(τ(a)): the contribution of the least significant input byte. */
export const T3: Int32Array = /* @__PURE__ */ buildT(0);
