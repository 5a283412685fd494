/**
 * The GM/T 0005-2021 battery on whole samples: Annex A settings per sample length, good data
 * passing, known-bad generators failing the tests that should catch them, and options.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import { formatReport, runRandomnessTests, type RandomnessReport } from '../../src/algorithms/random/index.js';
import { fixedRandomBytes } from './fixed-random.js';

const MEDIUM_NAMES = [
  'frequency', 'blockFrequency m=10000', 'poker m=4', 'poker m=8', 'serial m=3', 'serial m=5', 'runs',
  'runsDistribution', 'longestRun m=10000 ones', 'longestRun m=10000 zeros', 'binaryDerivative k=3',
  'binaryDerivative k=7', 'autocorrelation d=1', 'autocorrelation d=2', 'autocorrelation d=8',
  'autocorrelation d=16', 'matrixRank 32x32', 'cumulativeSums forward', 'cumulativeSums backward',
  'approximateEntropy m=2', 'approximateEntropy m=5', 'linearComplexity M=500', 'linearComplexity M=1000',
  'universal L=7 Q=1280', 'discreteFourier',
];
const SMALL_NAMES = [
  'frequency', 'blockFrequency m=1000', 'poker m=4', 'poker m=8', 'serial m=3', 'serial m=5', 'runs',
  'runsDistribution', 'longestRun m=128 ones', 'longestRun m=128 zeros', 'binaryDerivative k=3',
  'binaryDerivative k=7', 'autocorrelation d=2', 'autocorrelation d=8', 'autocorrelation d=16',
  'cumulativeSums forward', 'cumulativeSums backward', 'approximateEntropy m=2', 'approximateEntropy m=5',
  'discreteFourier',
];

const good1M = fixedRandomBytes(125_000, 1);
const failed = (r: RandomnessReport) => r.results.filter((x) => !x.passed).map((x) => x.name);
const byName = (r: RandomnessReport, name: string) => r.results.find((x) => x.name === name)!;

/** Bits from a generator function, packed MSB first. */
function pack(nBits: number, bit: (i: number) => number): Uint8Array {
  const out = new Uint8Array(nBits / 8);
  for (let i = 0; i < nBits; i++) if (bit(i)) out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

describe('settings of GM/T 0005-2021 Annex A', () => {
  test('a 10^6-bit sample runs the 15 tests as 25 settings with 27 P-values, in clause order', () => {
    const r = runRandomnessTests(good1M);
    assert.equal(r.profile, 'medium');
    assert.equal(r.nBits, 1_000_000);
    assert.deepEqual(r.results.map((x) => x.name), MEDIUM_NAMES);
    assert.equal(r.results.reduce((n, x) => n + x.pValues.length, 0), 27);
    assert.equal(new Set(r.results.map((x) => x.test)).size, 15);
    const clauses = r.results.map((x) => Number(x.clause.split('.')[1]));
    assert.deepEqual(clauses, [...clauses].sort((a, b) => a - b));
  });

  test('a 2×10^4-bit sample runs the Annex A short-sample settings (no rank, linear complexity, universal)', () => {
    const r = runRandomnessTests(good1M.subarray(0, 2500));
    assert.equal(r.profile, 'small');
    assert.deepEqual(r.results.map((x) => x.name), SMALL_NAMES);
  });

  test('tests and profile can be chosen; unknown tests are refused', () => {
    const r = runRandomnessTests(good1M.subarray(0, 2500), { tests: ['matrixRank', 'poker'] });
    assert.deepEqual(r.results.map((x) => x.name), ['poker m=4', 'poker m=8', 'matrixRank 32x32']);
    const m = runRandomnessTests(good1M.subarray(0, 2500), { tests: ['blockFrequency'], profile: 'medium' });
    assert.equal(m.results[0]!.name, 'blockFrequency m=10000');
    assert.throws(() => runRandomnessTests(good1M, { tests: ['bogus' as 'runs'] }), TypeError);
  });

  test('nBits tests a prefix, need not be a multiple of 8, and may not exceed the data', () => {
    const a = runRandomnessTests(good1M, { nBits: 20_003, tests: ['frequency', 'runs'] });
    assert.equal(a.nBits, 20_003);
    const b = runRandomnessTests(good1M.subarray(0, 2501), { nBits: 20_003, tests: ['frequency', 'runs'] });
    assert.deepEqual(a.results, b.results);
    assert.throws(() => runRandomnessTests(good1M.subarray(0, 2500), { nBits: 20_001 }), RangeError);
  });

  test('a sample shorter than 2×10^4 bits is refused with SDR_INARGERR', () => {
    assert.throws(() => runRandomnessTests(new Uint8Array(2499)), (e) => isCryptoError(e, 'SDR_INARGERR'));
  });
});

describe('verdicts', () => {
  test('fixed-seed SM3 Hash_DRBG output (10^6 bits) passes every test', () => {
    const r = runRandomnessTests(good1M);
    assert.deepEqual(failed(r), []);
    assert.equal(r.passed, true);
    for (const x of r.results) for (const q of x.qValues) assert.ok(q >= 0 && q <= 1);
  });

  test('fixed-seed SM3 Hash_DRBG output (2×10^4 bits) passes every short-sample test', () => {
    assert.deepEqual(failed(runRandomnessTests(fixedRandomBytes(2500, 7))), []);
  });

  test('all zeros fails frequency, runs and every test of balance', () => {
    const r = runRandomnessTests(new Uint8Array(125_000));
    for (const name of ['frequency', 'blockFrequency m=10000', 'poker m=4', 'runs', 'cumulativeSums forward',
      'approximateEntropy m=2', 'discreteFourier']) {
      assert.equal(byName(r, name).passed, false, name);
    }
    assert.equal(r.passed, false);
  });

  test('alternating 0101… is balanced but fails runs, serial and autocorrelation d=1', () => {
    const r = runRandomnessTests(new Uint8Array(125_000).fill(0x55));
    assert.equal(byName(r, 'frequency').passed, true);
    for (const name of ['runs', 'serial m=3', 'autocorrelation d=1', 'poker m=4', 'runsDistribution']) {
      assert.equal(byName(r, name).passed, false, name);
    }
  });

  test('a source with 51% ones fails the frequency test and passes autocorrelation', () => {
    let s = 99;
    const r = runRandomnessTests(pack(1_000_000, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32 < 0.51 ? 1 : 0;
    }));
    assert.equal(byName(r, 'frequency').passed, false);
    assert.equal(byName(r, 'cumulativeSums forward').passed, false);
    assert.equal(byName(r, 'autocorrelation d=8').passed, true);
  });

  test('an LCG mod 2^32: its low bit (period 2) fails runs; its bit 16 passes frequency but fails poker m=8 and DFT', () => {
    const lcg = (shift: number) => {
      let s = 1;
      return pack(1_000_000, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> shift) & 1);
    };
    const low = runRandomnessTests(lcg(0));
    assert.equal(byName(low, 'runs').passed, false);
    assert.equal(byName(low, 'autocorrelation d=1').passed, false);
    const mid = runRandomnessTests(lcg(16));
    assert.equal(byName(mid, 'frequency').passed, true);
    assert.equal(byName(mid, 'poker m=8').passed, false);
    assert.equal(byName(mid, 'discreteFourier').passed, false);
  });

  test('an m-sequence of degree 20 passes the counting tests but fails linear complexity and matrix rank', () => {
    // x^20 + x^3 + 1 is primitive: period 2^20 - 1 > 10^6, so the sample never repeats.
    const reg = new Uint8Array(1_000_000 + 20);
    reg[0] = 1;
    for (let i = 20; i < reg.length; i++) reg[i] = reg[i - 20]! ^ reg[i - 17]!;
    const r = runRandomnessTests(pack(1_000_000, (i) => reg[i + 20]!));
    assert.equal(byName(r, 'frequency').passed, true);
    assert.equal(byName(r, 'runs').passed, true);
    assert.equal(byName(r, 'linearComplexity M=500').passed, false);
    assert.equal(byName(r, 'linearComplexity M=1000').passed, false);
    assert.equal(byName(r, 'matrixRank 32x32').passed, false);
  });
});

test('formatReport gives one fixed-column line per result', () => {
  const r = runRandomnessTests(good1M);
  const lines = formatReport(r);
  assert.equal(lines.length, r.results.length);
  assert.match(lines[0]!, /^pass {2}5\.1 {3}frequency {21}P=0\.\d{6} {2}Q=0\.\d{6}$/);
  assert.match(lines[4]!, /^pass {2}5\.4 {3}serial m=3 +P=0\.\d{6},0\.\d{6} {2}Q=/);
  const bad = formatReport(runRandomnessTests(new Uint8Array(2500)));
  assert.match(bad[0]!, /^FAIL {2}5\.1 {3}frequency +P=0\.000000 {2}Q=/);
});
