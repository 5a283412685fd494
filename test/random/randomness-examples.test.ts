/**
 * Every GM/T 0005-2021 test against published P-values: the examples shared by GM/T 0005-2021
 * implementations (believed to be the standard's Annex C), NIST SP 800-22's worked examples for
 * the tests it shares with GM/T 0005, NIST's Appendix B values for the e data set, and the
 * full-precision GM values of opengm_rts on that data set (test/vectors/randomness/examples.json).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../src/algorithms/random/randomness/tests-frequency.js';
import * as S from '../../src/algorithms/random/randomness/tests-structure.js';
import { unpackBits, type TestValue } from '../../src/algorithms/random/randomness/stat.js';
import { readJson } from '../helpers/vectors.js';
import { eBytes } from './e-bits.js';

interface Example {
  id: string; test: string; params: Record<string, number | string>; sequence: string;
  p: number[]; q?: number[]; counts?: number[]; tolerance: number; source: string;
}
const { examples } = readJson<{ examples: Example[] }>('randomness', 'examples.json');

function sequence(s: string): Uint8Array {
  if (s === 'e') return unpackBits(eBytes());
  if (s.startsWith('e:')) return unpackBits(eBytes(), Number(s.slice(2)));
  return Uint8Array.from(s, (c) => Number(c));
}

function run(e: Example, bits: Uint8Array): TestValue[] {
  const p = e.params;
  const num = (k: string) => Number(p[k]);
  switch (e.test) {
    case 'frequency': return [F.frequency(bits)];
    case 'blockFrequency': return [F.blockFrequency(bits, num('m'))];
    case 'poker': return [F.poker(bits, num('m'))];
    case 'serial': return F.serial(bits, num('m'));
    case 'runs': return [F.runs(bits)];
    case 'runsDistribution': return [F.runsDistribution(bits)];
    case 'longestRun': return [F.longestRun(bits, num('m'), num('bit') as 0 | 1)];
    case 'binaryDerivative': return [F.binaryDerivative(bits, num('k'))];
    case 'autocorrelation': return [F.autocorrelation(bits, num('d'))];
    case 'matrixRank': return [S.matrixRank(bits)];
    case 'cumulativeSums': return [S.cumulativeSums(bits, p['mode'] === 'forward')];
    case 'approximateEntropy': return [S.approximateEntropy(bits, num('m'))];
    case 'linearComplexity': return [S.linearComplexity(bits, num('M'))];
    case 'universal': return [S.universal(bits)];
    case 'discreteFourier': return [S.discreteFourier(bits)];
    default: throw new Error(`unknown test ${e.test}`);
  }
}

function check(e: Example): void {
  const got = run(e, sequence(e.sequence));
  const cmp = (what: string, vals: number[], exp: number[]) => {
    exp.forEach((x, i) => assert.ok(Math.abs(vals[i]! - x) <= e.tolerance,
      `${e.id}: ${what}[${i}] = ${vals[i]}, expected ${x} ± ${e.tolerance} (${e.source})`));
  };
  cmp('P', got.map((g) => g.p), e.p);
  if (e.q) cmp('Q', got.map((g) => g.q), e.q);
  if (e.counts) assert.deepEqual(got[0]!.counts, e.counts, `${e.id}: class counts`);
}

function group(prefix: string, count: number): void {
  const list = examples.filter((e) => e.id.startsWith(prefix));
  for (const e of list) check(e);
  assert.equal(list.length, count);
}

describe('GM/T 0005-2021 tests reproduce published P-values', () => {
  test('the GM/T 0005-2021 example values (P and Q) of all 15 tests', () => group('gm-', 18));
  test('the NIST SP 800-22 worked examples of the shared tests', () => group('nist-', 12));
  test('NIST SP 800-22 Appendix B on the binary expansion of e', () => group('nistB-', 10));
  test('opengm_rts full-precision GM/T 0005 values on e (17 test settings, P and Q)', () => group('gmE-', 17));
  test('every example was run', () => assert.equal(examples.length, 18 + 12 + 10 + 17));
});

test('the generated e sequence starts as NIST data.e does', () => {
  const e = unpackBits(eBytes(), 100);
  assert.equal(Array.from(e).join(''),
    '1010110111111000010101000101100010100010101110110100101010011010101011111101110001010110001000000010');
});
