/**
 * Shamir's secret sharing over GF(2^8) (the AES field, x^8 + x^4 + x^3 + x + 1), byte by byte:
 * a secret is split into N shares of which any M reconstruct it and M-1 reveal nothing.
 *
 * A share is its x-coordinate (1..255) followed by one y byte per secret byte.
 * Field arithmetic is branch-free and table-free (the secret and the coefficients are secret).
 *
 * @module
 */
import { CryptoError } from '../../algorithms/internal/errors.js';
import { wipe } from '../../algorithms/internal/bytes.js';
import type { RandomSource } from '../../algorithms/internal/random.js';

/** Multiplication in GF(2^8), constant time (8 shift-and-add steps, masks instead of branches). */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    p ^= -(b & 1) & a;
    const hi = -((a >> 7) & 1);
    a = ((a << 1) ^ (hi & 0x1b)) & 0xff;
    b >>= 1;
  }
  return p & 0xff;
}

/** a^254 = a^-1 in GF(2^8) (0 for 0), by a fixed square-and-multiply chain. */
function gfInv(a: number): number {
  let r = a; // a^1
  for (let i = 0; i < 6; i++) r = gfMul(gfMul(r, r), a); // builds a^(2^k - 1), ends at a^127
  return gfMul(r, r); // a^254
}

/**
 * Splits `secret` into `count` shares, any `threshold` of which reconstruct it.
 * @throws RangeError unless 1 <= threshold <= count <= 255.
 */
export function splitSecret(secret: Uint8Array, threshold: number, count: number, rand: RandomSource): Uint8Array[] {
  if (!Number.isInteger(threshold) || !Number.isInteger(count) || threshold < 1 || count < threshold || count > 255) {
    throw new RangeError('shamir.split: need 1 <= threshold <= count <= 255');
  }
  const shares = Array.from({ length: count }, (_, i) => {
    const s = new Uint8Array(1 + secret.length);
    s[0] = i + 1;
    return s;
  });
  const coeffs = new Uint8Array(threshold);
  for (let j = 0; j < secret.length; j++) {
    coeffs[0] = secret[j]!;
    const r = rand(threshold - 1);
    coeffs.set(r, 1);
    wipe(r);
    for (const s of shares) {
      const x = s[0]!;
      let y = 0;
      for (let k = threshold - 1; k >= 0; k--) y = gfMul(y, x) ^ coeffs[k]!; // Horner
      s[1 + j] = y;
    }
  }
  wipe(coeffs);
  return shares;
}

/**
 * Reconstructs the secret from `threshold` or more distinct shares (Lagrange at x = 0).
 * Too few or inconsistent shares give a wrong value, not an error: callers check the result
 * against a stored check value.
 * @throws CryptoError SDR_INARGERR for malformed or duplicate shares.
 */
export function combineShares(shares: readonly Uint8Array[]): Uint8Array {
  if (shares.length === 0) throw new CryptoError('SDR_INARGERR', 'shamir.combine: no shares');
  const len = shares[0]!.length;
  const xs = new Set<number>();
  for (const s of shares) {
    if (s.length !== len || len < 2 || s[0] === 0) throw new CryptoError('SDR_INARGERR', 'shamir.combine: malformed share');
    if (xs.has(s[0]!)) throw new CryptoError('SDR_INARGERR', `shamir.combine: share ${s[0]} given twice`);
    xs.add(s[0]!);
  }
  // Lagrange basis at 0: l_i = prod_{k != i} x_k / (x_k - x_i); in GF(2^8) minus is xor.
  const basis = shares.map((si, i) => {
    let num = 1;
    let den = 1;
    shares.forEach((sk, k) => {
      if (k === i) return;
      num = gfMul(num, sk[0]!);
      den = gfMul(den, sk[0]! ^ si[0]!);
    });
    return gfMul(num, gfInv(den));
  });
  const secret = new Uint8Array(len - 1);
  for (let j = 0; j < secret.length; j++) {
    let v = 0;
    shares.forEach((s, i) => {
      v ^= gfMul(s[1 + j]!, basis[i]!);
    });
    secret[j] = v;
  }
  return secret;
}
