/**
 * Big-endian arithmetic on DRBG state strings (V, C): addition modulo 2^(8·len) and increment.
 * Time depends only on the lengths.
 *
 * @module
 */

/** acc = (acc + x) mod 2^(8·acc.length), x right-aligned (x may be shorter than acc). */
export function addInto(acc: Uint8Array, x: Uint8Array): void {
  let carry = 0;
  let j = x.length - 1;
  for (let i = acc.length - 1; i >= 0; i--, j--) {
    const s = acc[i]! + (j >= 0 ? x[j]! : 0) + carry;
    acc[i] = s & 0xff;
    carry = s >>> 8;
  }
}

/** acc = (acc + n) mod 2^(8·acc.length) for a non-negative safe integer n. */
export function addNumber(acc: Uint8Array, n: number): void {
  let carry = 0;
  let rest = n;
  for (let i = acc.length - 1; i >= 0; i--) {
    const s = acc[i]! + (rest % 256) + carry;
    rest = Math.floor(rest / 256);
    acc[i] = s & 0xff;
    carry = s >>> 8;
  }
}

/** v = (v + 1) mod 2^(8·v.length). */
export function increment(v: Uint8Array): void {
  addNumber(v, 1);
}
