/**
 * Discrete Fourier transform of any length, for the GM/T 0005-2021 §5.15 spectral test.
 *
 * The standard transforms the whole sample of n bits (n = 2×10^4, 10^6 or 10^8), so a
 * power-of-two FFT with zero padding would change the spectrum it tests. This is a
 * mixed-radix Stockham (autosort, decimation in frequency) FFT with radix-4/2/3/5 butterflies and
 * a direct butterfly for other small primes; lengths with a prime factor above 13 go through
 * Bluestein's chirp-z algorithm on a power-of-two FFT. The standard's lengths factor as
 * 2^a·5^b, so they take the fast path. A real input of even length is packed into a complex
 * sequence of half the length (the usual "two real halves" split).
 *
 * Twiddles come from one table of cos/sin(2πk/n) per length (computed directly, not by
 * recurrence, so errors do not accumulate). Inputs are public; nothing here is secret.
 *
 * @module
 */

interface Plan {
  readonly n: number;
  readonly radices: readonly number[];
  /** cos(2πk/n) and -sin(2πk/n): W_n^k = wr[k] + i·wi[k]. */
  readonly wr: Float64Array;
  readonly wi: Float64Array;
  /** Bluestein data when some prime factor is too large for a direct butterfly. */
  readonly bluestein?: Bluestein;
}

interface Bluestein {
  readonly m: number; // power of two ≥ 2n - 1
  readonly mPlan: Plan;
  readonly cr: Float64Array; // chirp w_k = exp(-iπk²/n), k < n
  readonly ci: Float64Array;
  readonly br: Float64Array; // FFT_m of the conjugate chirp, wrapped
  readonly bi: Float64Array;
}

const MAX_DIRECT_PRIME = 13;

/** Radices in the order used: 4s first, then 2, 3, 5 and any other primes. */
function factorize(n: number): number[] {
  const out: number[] = [];
  let r = n;
  while (r % 4 === 0) {
    out.push(4);
    r /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (r % p === 0) {
      out.push(p);
      r /= p;
    }
  }
  for (let p = 7; p * p <= r; p += 2) {
    while (r % p === 0) {
      out.push(p);
      r /= p;
    }
  }
  if (r > 1) out.push(r);
  return out;
}

const planCache = new Map<number, Plan>();
const PLAN_CACHE_SIZE = 6;
/** Plans above this length (16 bytes of twiddles per point) are not kept after use. */
const PLAN_CACHE_MAX_N = 1 << 21;

function getPlan(n: number): Plan {
  const hit = planCache.get(n);
  if (hit) return hit;
  const radices = factorize(n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    wr[k] = Math.cos(t);
    wi[k] = -Math.sin(t);
  }
  const big = radices.some((p) => p > MAX_DIRECT_PRIME);
  const plan: Plan = big ? { n, radices, wr, wi, bluestein: makeBluestein(n) } : { n, radices, wr, wi };
  if (n <= PLAN_CACHE_MAX_N) {
    if (planCache.size >= PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value!);
    planCache.set(n, plan);
  }
  return plan;
}

function makeBluestein(n: number): Bluestein {
  let m = 1;
  while (m < 2 * n - 1) m *= 2;
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  // k² mod 2n by the recurrence (k+1)² = k² + 2k + 1, exact in integers for any n we accept.
  let sq = 0;
  for (let k = 0; k < n; k++) {
    const t = (Math.PI * sq) / n;
    cr[k] = Math.cos(t);
    ci[k] = -Math.sin(t);
    sq = (sq + 2 * k + 1) % (2 * n);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = cr[0]!;
  bi[0] = -ci[0]!;
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = cr[k]!;
    bi[k] = bi[m - k] = -ci[k]!;
  }
  const mPlan = getPlan(m);
  stockham(mPlan, br, bi);
  return { m, mPlan, cr, ci, br, bi };
}

/**
 * One Stockham pass: for every subsequence q < s and p < m = len/r, an r-point DFT of
 * x[q + s(p + j·m)], j < r, twiddled by W_len^{p·k}, written to y[q + s(r·p + k)].
 */
function pass(plan: Plan, r: number, len: number, s: number,
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { wr, wi } = plan;
  const m = len / r;
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p;
      const o0 = q + s * r * p;
      if (r === 2) {
        const ar = xr[i0]!, ai = xi[i0]!, br = xr[i0 + sm]!, bi = xi[i0 + sm]!;
        yr[o0] = ar + br;
        yi[o0] = ai + bi;
        twiddleStore(wr, wi, p * s, ar - br, ai - bi, yr, yi, o0 + s);
      } else if (r === 4) {
        const a0r = xr[i0]!, a0i = xi[i0]!, a1r = xr[i0 + sm]!, a1i = xi[i0 + sm]!;
        const a2r = xr[i0 + 2 * sm]!, a2i = xi[i0 + 2 * sm]!, a3r = xr[i0 + 3 * sm]!, a3i = xi[i0 + 3 * sm]!;
        const t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
        const t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
        yr[o0] = t0r + t2r;
        yi[o0] = t0i + t2i;
        // A1 = t1 - i·t3, A2 = t0 - t2, A3 = t1 + i·t3
        twiddleStore(wr, wi, p * s, t1r + t3i, t1i - t3r, yr, yi, o0 + s);
        twiddleStore(wr, wi, 2 * p * s, t0r - t2r, t0i - t2i, yr, yi, o0 + 2 * s);
        twiddleStore(wr, wi, 3 * p * s, t1r - t3i, t1i + t3r, yr, yi, o0 + 3 * s);
      } else if (r === 3) {
        const a0r = xr[i0]!, a0i = xi[i0]!, a1r = xr[i0 + sm]!, a1i = xi[i0 + sm]!;
        const a2r = xr[i0 + 2 * sm]!, a2i = xi[i0 + 2 * sm]!;
        const t1r = a1r + a2r, t1i = a1i + a2i, t2r = a1r - a2r, t2i = a1i - a2i;
        const mr = a0r - 0.5 * t1r, mi = a0i - 0.5 * t1i;
        const sr = S3 * t2i, si = -S3 * t2r; // -i·sin(2π/3)·t2
        yr[o0] = a0r + t1r;
        yi[o0] = a0i + t1i;
        twiddleStore(wr, wi, p * s, mr + sr, mi + si, yr, yi, o0 + s);
        twiddleStore(wr, wi, 2 * p * s, mr - sr, mi - si, yr, yi, o0 + 2 * s);
      } else if (r === 5) {
        radix5(plan, p, s, sm, i0, o0, xr, xi, yr, yi);
      } else {
        radixGeneric(plan, r, p, s, sm, i0, o0, xr, xi, yr, yi);
      }
    }
  }
}

const S3 = Math.sqrt(3) / 2;
const C51 = Math.cos((2 * Math.PI) / 5);
const C52 = Math.cos((4 * Math.PI) / 5);
const S51 = Math.sin((2 * Math.PI) / 5);
const S52 = Math.sin((4 * Math.PI) / 5);

function twiddleStore(wr: Float64Array, wi: Float64Array, k: number, ar: number, ai: number,
  yr: Float64Array, yi: Float64Array, o: number): void {
  const c = wr[k]!, d = wi[k]!;
  yr[o] = ar * c - ai * d;
  yi[o] = ar * d + ai * c;
}

function radix5(plan: Plan, p: number, s: number, sm: number, i0: number, o0: number,
  xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const a0r = xr[i0]!, a0i = xi[i0]!;
  const b1r = xr[i0 + sm]! + xr[i0 + 4 * sm]!, b1i = xi[i0 + sm]! + xi[i0 + 4 * sm]!;
  const d1r = xr[i0 + sm]! - xr[i0 + 4 * sm]!, d1i = xi[i0 + sm]! - xi[i0 + 4 * sm]!;
  const b2r = xr[i0 + 2 * sm]! + xr[i0 + 3 * sm]!, b2i = xi[i0 + 2 * sm]! + xi[i0 + 3 * sm]!;
  const d2r = xr[i0 + 2 * sm]! - xr[i0 + 3 * sm]!, d2i = xi[i0 + 2 * sm]! - xi[i0 + 3 * sm]!;
  yr[o0] = a0r + b1r + b2r;
  yi[o0] = a0i + b1i + b2i;
  const m1r = a0r + C51 * b1r + C52 * b2r, m1i = a0i + C51 * b1i + C52 * b2i;
  const m2r = a0r + C52 * b1r + C51 * b2r, m2i = a0i + C52 * b1i + C51 * b2i;
  // -i·(S51·d1 + S52·d2) and -i·(S52·d1 - S51·d2)
  const n1r = S51 * d1i + S52 * d2i, n1i = -(S51 * d1r + S52 * d2r);
  const n2r = S52 * d1i - S51 * d2i, n2i = -(S52 * d1r - S51 * d2r);
  const { wr, wi } = plan;
  twiddleStore(wr, wi, p * s, m1r + n1r, m1i + n1i, yr, yi, o0 + s);
  twiddleStore(wr, wi, 2 * p * s, m2r + n2r, m2i + n2i, yr, yi, o0 + 2 * s);
  twiddleStore(wr, wi, 3 * p * s, m2r - n2r, m2i - n2i, yr, yi, o0 + 3 * s);
  twiddleStore(wr, wi, 4 * p * s, m1r - n1r, m1i - n1i, yr, yi, o0 + 4 * s);
}

/** Direct r-point DFT for a small odd prime r (7, 11, 13); W_r^t = W_n^{t·n/r}. */
function radixGeneric(plan: Plan, r: number, p: number, s: number, sm: number, i0: number,
  o0: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const { n, wr, wi } = plan;
  const step = n / r;
  for (let k = 0; k < r; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < r; j++) {
      const t = ((j * k) % r) * step;
      const ar = xr[i0 + j * sm]!, ai = xi[i0 + j * sm]!;
      sr += ar * wr[t]! - ai * wi[t]!;
      si += ar * wi[t]! + ai * wr[t]!;
    }
    twiddleStore(wr, wi, k * p * s, sr, si, yr, yi, o0 + k * s);
  }
}

/** Mixed-radix transform of a length whose prime factors are all ≤ 13. */
function stockham(plan: Plan, re: Float64Array, im: Float64Array): void {
  const n = plan.n;
  let xr: Float64Array = re, xi: Float64Array = im;
  let yr: Float64Array = new Float64Array(n), yi: Float64Array = new Float64Array(n);
  let len = n;
  let s = 1;
  for (const r of plan.radices) {
    pass(plan, r, len, s, xr, xi, yr, yi);
    [xr, yr] = [yr, xr];
    [xi, yi] = [yi, xi];
    len /= r;
    s *= r;
  }
  if (xr !== re) {
    re.set(xr);
    im.set(xi);
  }
}

function bluesteinTransform(plan: Plan, re: Float64Array, im: Float64Array): void {
  const { n } = plan;
  const { m, mPlan: pm, cr, ci, br, bi } = plan.bluestein!;
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k]! * cr[k]! - im[k]! * ci[k]!;
    ai[k] = re[k]! * ci[k]! + im[k]! * cr[k]!;
  }
  stockham(pm, ar, ai);
  // Pointwise product, conjugated so that a forward FFT performs the inverse transform.
  for (let k = 0; k < m; k++) {
    const xr = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    const xi = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = xr;
    ai[k] = -xi;
  }
  stockham(pm, ar, ai);
  for (let k = 0; k < n; k++) {
    const cr_ = ar[k]! / m, ci_ = -ai[k]! / m;
    re[k] = cr_ * cr[k]! - ci_ * ci[k]!;
    im[k] = cr_ * ci[k]! + ci_ * cr[k]!;
  }
}

function transform(plan: Plan, re: Float64Array, im: Float64Array): void {
  if (plan.bluestein) bluesteinTransform(plan, re, im);
  else stockham(plan, re, im);
}

/** In-place forward DFT X_k = Σ_j x_j·e^{-2πijk/n} of any length n ≥ 1. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError('fft: re and im differ in length');
  if (n <= 1) return;
  transform(getPlan(n), re, im);
}

/**
 * Visits |X_k|² for k = 0 … ⌊n/2⌋-1 of the DFT of a real sequence of length n, loaded by
 * `load(re, im)` into a complex array of length n (odd n) or as z_j = x_2j + i·x_2j+1 into
 * arrays of length n/2 (even n).
 */
function halfSpectrum(n: number, loadFull: (re: Float64Array) => void,
  loadPacked: (zr: Float64Array, zi: Float64Array) => void, visit: (k: number, power: number) => void): void {
  const count = Math.floor(n / 2);
  if (count === 0) return;
  if (n % 2 === 1) {
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    loadFull(re);
    fft(re, im);
    for (let k = 0; k < count; k++) visit(k, re[k]! * re[k]! + im[k]! * im[k]!);
    return;
  }
  const h = count;
  const zr = new Float64Array(h);
  const zi = new Float64Array(h);
  loadPacked(zr, zi);
  const plan = getPlan(h);
  if (h > 1) transform(plan, zr, zi);
  const { wr, wi } = plan;
  const c1 = Math.cos((2 * Math.PI) / n), s1 = -Math.sin((2 * Math.PI) / n);
  // Even part E_k = (Z_k + conj Z_{h-k})/2, odd part O_k = (Z_k - conj Z_{h-k})/(2i);
  // X_k = E_k + W_n^k·O_k, with W_n^2j = W_h^j from the plan and W_n^(2j+1) = W_h^j·W_n.
  for (let k = 0; k < h; k++) {
    const j = k === 0 ? 0 : h - k;
    const ar = zr[k]!, ai = zi[k]!, br = zr[j]!, bi = -zi[j]!;
    const er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
    const dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
    const or = di, oi = -dr; // d/i = -i·d
    let c = wr[k >> 1]!, s = wi[k >> 1]!;
    if (k & 1) [c, s] = [c * c1 - s * s1, c * s1 + s * c1];
    const xr = er + (or * c - oi * s);
    const xi = ei + (or * s + oi * c);
    visit(k, xr * xr + xi * xi);
  }
}

/**
 * |X_k|² for k = 0 … ⌊n/2⌋-1 of the DFT of the real sequence x (the half spectrum the
 * GM/T 0005 spectral test inspects).
 */
export function realDftPowerHalf(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(Math.floor(n / 2));
  halfSpectrum(n, (re) => re.set(x), (zr, zi) => {
    for (let j = 0; j < zr.length; j++) {
      zr[j] = x[2 * j]!;
      zi[j] = x[2 * j + 1]!;
    }
  }, (k, p) => { out[k] = p; });
  return out;
}

/**
 * #{k < ⌊n/2⌋ : |X_k|² < t2} for the DFT of x_i = 2·bits[i] - 1, without materializing x or the
 * spectrum (peak memory about 24 bytes per bit: 2.4 GB for a 10^8-bit sample).
 */
export function countHalfSpectrumBelow(bits: Uint8Array, t2: number): number {
  let count = 0;
  halfSpectrum(bits.length, (re) => {
    for (let i = 0; i < re.length; i++) re[i] = bits[i] ? 1 : -1;
  }, (zr, zi) => {
    for (let j = 0; j < zr.length; j++) {
      zr[j] = bits[2 * j] ? 1 : -1;
      zi[j] = bits[2 * j + 1] ? 1 : -1;
    }
  }, (_, p) => { if (p < t2) count++; });
  return count;
}
