/**
 * The R-ate pairing of GM/T 0044.1 Annex B: bilinearity and non-degeneracy on random scalars,
 * the final exponentiation's addition chain against a plain exponentiation by (q¹² − 1)/N, and
 * GT exponentiation against square-and-multiply. (Agreement with an independent implementation
 * is in interop-gmssl.test.ts and, through w, in vectors.test.ts.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FQ12_ONE, fq12Eq, fq12Mul, fq12Inv, type Fq12 } from '../../src/algorithms/sm9/fq12.js';
import { G1, G2, P1, P2 } from '../../src/algorithms/sm9/groups.js';
import { finalExponentiation, gtPow, millerLoop, pairing } from '../../src/algorithms/sm9/pairing.js';
import { N, Q } from '../../src/algorithms/sm9/params.js';
import { scalarFrom, stream } from './helpers.js';

const rnd = stream('sm9-pairing');

function powRef(f: Fq12, e: bigint): Fq12 {
  let r = FQ12_ONE;
  for (let i = BigInt(e.toString(2).length - 1); i >= 0n; i--) {
    r = fq12Mul(r, r);
    if ((e >> i) & 1n) r = fq12Mul(r, f);
  }
  return r;
}

const g = pairing(P1, P2);

describe('R-ate pairing e: G1 × G2 → GT', () => {
  test('non-degenerate: e(P1, P2) ≠ 1, and e(P1, P2)^N = 1 (it lies in GT of order N)', () => {
    assert.ok(!fq12Eq(g, FQ12_ONE));
    assert.ok(fq12Eq(powRef(g, N), FQ12_ONE));
  });

  test('bilinear: e([a]P1, [b]P2) = e(P1, P2)^(ab) for 4 random (a, b)', () => {
    for (let i = 0; i < 4; i++) {
      const a = scalarFrom(rnd), b = scalarFrom(rnd);
      const lhs = pairing(G1.mul(P1, a), G2.mul(P2, b));
      assert.ok(fq12Eq(lhs, gtPow(g, (a * b) % N)), `a=${a} b=${b}`);
    }
  });

  test('linear in each argument: e(P + P\', Q) = e(P, Q)·e(P\', Q) and e(P, Q + Q\') = e(P, Q)·e(P, Q\')', () => {
    const P = G1.mul(P1, scalarFrom(rnd)), Pp = G1.mul(P1, scalarFrom(rnd));
    const Qq = G2.mul(P2, scalarFrom(rnd)), Qp = G2.mul(P2, scalarFrom(rnd));
    assert.ok(fq12Eq(pairing(G1.add(P, Pp), Qq), fq12Mul(pairing(P, Qq), pairing(Pp, Qq))));
    assert.ok(fq12Eq(pairing(P, G2.add(Qq, Qp)), fq12Mul(pairing(P, Qq), pairing(P, Qp))));
  });

  test('e(−P, Q) = e(P, Q)⁻¹; the point at infinity pairs to 1', () => {
    const P = G1.mul(P1, scalarFrom(rnd));
    assert.ok(fq12Eq(pairing(G1.neg(P), P2), fq12Inv(pairing(P, P2))));
    assert.ok(fq12Eq(pairing(G1.infinity, P2), FQ12_ONE));
    assert.ok(fq12Eq(pairing(P1, G2.infinity), FQ12_ONE));
  });

  test('the final exponentiation chain equals f^((q¹² − 1)/N) computed by square-and-multiply', () => {
    const f = millerLoop(G1.toAffine(G1.mul(P1, scalarFrom(rnd)))!, G2.toAffine(P2)!);
    assert.ok(fq12Eq(finalExponentiation(f), powRef(f, (Q ** 12n - 1n) / N)));
  });
});

describe('GT exponentiation', () => {
  test('gtPow (regular signed windows) equals square-and-multiply, edge and random exponents', () => {
    for (const k of [0n, 1n, 2n, 15n, 16n, N - 1n, scalarFrom(rnd), scalarFrom(rnd)]) {
      assert.ok(fq12Eq(gtPow(g, k), powRef(g, k)), `k=${k}`);
    }
  });
});
