/**
 * Linear algebra over GF(2) for the matrix-rank (GM/T 0005-2021 §5.10) and linear-complexity
 * (§5.13) tests: the rank of a 32×32 bit matrix and the Berlekamp–Massey algorithm, both on
 * 32-bit words. Inputs are public; the branches depend on the data.
 *
 * @module
 */

/** Rank over GF(2) of a matrix given as up to 32 rows of 32 bits (the array is clobbered). */
export function rankGf2(rows: Uint32Array): number {
  const h = rows.length;
  let rank = 0;
  for (let col = 31; col >= 0 && rank < h; col--) {
    const bit = (1 << col) >>> 0;
    let piv = -1;
    for (let r = rank; r < h; r++) {
      if ((rows[r]! & bit) !== 0) {
        piv = r;
        break;
      }
    }
    if (piv < 0) continue;
    const p = rows[piv]!;
    rows[piv] = rows[rank]!;
    rows[rank] = p;
    for (let r = rank + 1; r < h; r++) if ((rows[r]! & bit) !== 0) rows[r] = (rows[r]! ^ p) >>> 0;
    rank++;
  }
  return rank;
}

/** Parity of a 32-bit word. */
function parity32(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/**
 * Linear complexity of s = bits[off … off+len-1] (each element 0 or 1): the length of the
 * shortest LFSR generating it, by Berlekamp–Massey.
 *
 * Word-parallel form: the sequence is stored reversed, so the discrepancy
 * d = s_N + Σ_{i=1..L} c_i·s_{N-i} is the parity of C AND a contiguous window of the reversed
 * sequence, 32 coefficients at a time. deg C ≤ L and deg B ≤ (L when B was saved) bound the
 * words touched, so a block costs about M²/128 word operations.
 */
export function linearComplexity(bits: Uint8Array, off: number, len: number): number {
  const words = (len >>> 5) + 2;
  const rev = new Uint32Array(words);
  for (let t = 0; t < len; t++) if (bits[off + len - 1 - t]) rev[t >>> 5] |= 1 << (t & 31);
  let c = new Uint32Array(words);
  let b = new Uint32Array(words);
  let t = new Uint32Array(words);
  c[0] = 1;
  b[0] = 1;
  let l = 0;
  let degB = 0;
  let m = -1;
  for (let n = 0; n < len; n++) {
    // s_{n-i} = rev[len-1-n+i] for i = 0 … L.
    const base = len - 1 - n;
    const a0 = base >>> 5;
    const sh = base & 31;
    const top = l >>> 5;
    let acc = 0;
    if (sh === 0) {
      for (let w = 0; w <= top; w++) acc ^= c[w] & rev[a0 + w];
    } else {
      const up = 32 - sh;
      for (let w = 0; w <= top; w++) acc ^= c[w] & ((rev[a0 + w] >>> sh) | (rev[a0 + w + 1] << up));
    }
    if (parity32(acc) === 0) continue;
    // C ^= B · x^(n - m)
    const shift = n - m;
    const ws = shift >>> 5;
    const bs = shift & 31;
    const bTop = degB >>> 5;
    const lOld = l;
    const swap = 2 * l <= n;
    if (swap) t.set(c);
    if (bs === 0) {
      for (let src = 0; src <= bTop; src++) c[src + ws] ^= b[src];
    } else {
      const back = 32 - bs;
      c[ws] ^= b[0] << bs;
      for (let src = 1; src <= bTop + 1; src++) c[src + ws] ^= (b[src] << bs) | (b[src - 1] >>> back);
    }
    if (swap) {
      l = n + 1 - l;
      m = n;
      degB = lOld;
      [b, t] = [t, b];
    }
  }
  return l;
}
