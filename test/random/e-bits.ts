/**
 * The first n bits of the binary expansion of e = 10.1011011111100001…₂ (integer part
 * included), as NIST STS `data/data.e` has them: Σ 1/k! by binary splitting in BigInt,
 * then ⌊e·2^(n-2)⌋. During development the first 10^6 bits were compared with data.e
 * (Trisia/randomness data/data_e, a copy of it): equal.
 */
function split(a: number, b: number): [bigint, bigint] {
  if (b - a === 1) return [1n, BigInt(b)];
  const m = (a + b) >> 1;
  const [p1, q1] = split(a, m);
  const [p2, q2] = split(m, b);
  return [p1 * q2 + p2, q1 * q2];
}

const cache = new Map<number, Uint8Array>();

/** e's first n bits (n a multiple of 8) as bytes, most significant bit first. */
export function eBytes(n = 1_000_000): Uint8Array {
  const hit = cache.get(n);
  if (hit) return hit;
  if (n % 8 !== 0) throw new RangeError('eBytes: n must be a multiple of 8');
  const guard = 64;
  let terms = 1;
  for (let lg = 0; lg < n + guard + 8; ) lg += Math.log2(++terms);
  const [p, q] = split(0, terms); // Σ_{k=1..terms} 1/k! = p/q
  const x = (((q + p) << BigInt(n - 2 + guard)) / q) >> BigInt(guard);
  const out = Uint8Array.from(Buffer.from(x.toString(16).padStart(n / 4, '0'), 'hex'));
  cache.set(n, out);
  return out;
}
