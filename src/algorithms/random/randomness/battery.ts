/**
 * The GM/T 0005-2021 battery on one sample: the 15 tests of clause 5 with the parameters of
 * Annex A (table "样本长度及检测设置") for the sample's length, the significance level
 * α = 0.01 of clause 6, and one result per test and parameter.
 *
 * Annex A sets three sample lengths; a sample uses the settings of the largest one it reaches:
 *
 * | test (clause)              | 2×10^4 ("small") | 10^6 ("medium") | 10^8 ("large")  |
 * | -------------------------- | ---------------- | --------------- | --------------- |
 * | block frequency (5.2) m    | 1000             | 10 000          | 1 000 000       |
 * | poker (5.3) m              | 4, 8             | 4, 8            | 4, 8            |
 * | serial (5.4) m             | 3, 5             | 3, 5            | 3, 5, 7         |
 * | longest run (5.7) m        | 128              | 10 000          | 10 000          |
 * | binary derivative (5.8) k  | 3, 7             | 3, 7            | 3, 7, 15        |
 * | autocorrelation (5.9) d    | 2, 8, 16         | 1, 2, 8, 16     | 1, 2, 8, 16, 32 |
 * | approximate entropy (5.12) | 2, 5             | 2, 5            | 2, 5            |
 * | linear complexity (5.13) M | —                | 500, 1000       | 5000            |
 * | matrix rank, universal     | —                | yes             | yes             |
 *
 * Frequency, runs, runs distribution, cumulative sums (forward and backward) and the DFT test
 * run at every length. Rank, linear complexity (M = 500) and universal can still be asked for
 * on a small sample through `tests` (GM/T 0062 periodic checks include the rank test).
 * The settings are those of the opengm_rts and Trisia/randomness implementations of the 2021
 * edition, which agree with each other on every row.
 *
 * @module
 */
import { CryptoError } from '../../internal/errors.js';
import { unpackBits, type TestValue } from './stat.js';
import {
  autocorrelation, binaryDerivative, blockFrequency, frequency, longestRun, poker, runs,
  runsDistribution, serial,
} from './tests-frequency.js';
import {
  approximateEntropy, cumulativeSums, discreteFourier, linearComplexity, matrixRank, universal,
} from './tests-structure.js';

/** Significance level α of GM/T 0005-2021 clause 6: a sample passes a test iff P ≥ α. */
export const RANDOMNESS_ALPHA = 0.01;

/** The 15 tests of GM/T 0005-2021 clause 5, in the standard's order. */
export const RANDOMNESS_TESTS = Object.freeze([
  'frequency', 'blockFrequency', 'poker', 'serial', 'runs', 'runsDistribution', 'longestRun',
  'binaryDerivative', 'autocorrelation', 'matrixRank', 'cumulativeSums', 'approximateEntropy',
  'linearComplexity', 'universal', 'discreteFourier',
] as const);

export type RandomnessTestName = (typeof RANDOMNESS_TESTS)[number];

/** Annex A sample-length settings. */
export type RandomnessProfile = 'small' | 'medium' | 'large';

/** One test with one parameter on one sample. */
export interface RandomnessResult {
  readonly test: RandomnessTestName;
  /** Clause of GM/T 0005-2021 that defines the test. */
  readonly clause: string;
  /** Test and parameter, e.g. "poker m=4", "longestRun m=10000 ones". */
  readonly name: string;
  readonly params: Readonly<Record<string, number | string>>;
  /** One P-value (two for the serial test: ∇ψ² and ∇²ψ²). */
  readonly pValues: readonly number[];
  /** The matching Q-values, used by the uniformity check over many samples. */
  readonly qValues: readonly number[];
  /** Every P-value ≥ α. */
  readonly passed: boolean;
}

export interface RandomnessReport {
  readonly nBits: number;
  readonly profile: RandomnessProfile;
  readonly alpha: number;
  readonly results: readonly RandomnessResult[];
  /** Every result passed. */
  readonly passed: boolean;
}

export interface RandomnessOptions {
  /** Bits of `bytes` to test (default: all); the first nBits, most significant bit first. */
  readonly nBits?: number;
  /** Tests to run (default: those Annex A sets for the sample length). */
  readonly tests?: readonly RandomnessTestName[];
  /** Force the Annex A settings of another sample length. */
  readonly profile?: RandomnessProfile;
}

interface ProfileParams {
  readonly blockFrequency: number;
  readonly poker: readonly number[];
  readonly serial: readonly number[];
  readonly longestRun: number;
  readonly binaryDerivative: readonly number[];
  readonly autocorrelation: readonly number[];
  readonly approximateEntropy: readonly number[];
  readonly linearComplexity: readonly number[];
  readonly defaults: readonly RandomnessTestName[];
}

const ALL = RANDOMNESS_TESTS;
const SMALL_DEFAULTS = ALL.filter((t) => t !== 'matrixRank' && t !== 'linearComplexity' && t !== 'universal');

const PROFILES: Readonly<Record<RandomnessProfile, ProfileParams>> = {
  small: {
    blockFrequency: 1000, poker: [4, 8], serial: [3, 5], longestRun: 128, binaryDerivative: [3, 7],
    autocorrelation: [2, 8, 16], approximateEntropy: [2, 5], linearComplexity: [500], defaults: SMALL_DEFAULTS,
  },
  medium: {
    blockFrequency: 10000, poker: [4, 8], serial: [3, 5], longestRun: 10000, binaryDerivative: [3, 7],
    autocorrelation: [1, 2, 8, 16], approximateEntropy: [2, 5], linearComplexity: [500, 1000], defaults: ALL,
  },
  large: {
    blockFrequency: 1000000, poker: [4, 8], serial: [3, 5, 7], longestRun: 10000, binaryDerivative: [3, 7, 15],
    autocorrelation: [1, 2, 8, 16, 32], approximateEntropy: [2, 5], linearComplexity: [5000], defaults: ALL,
  },
};

/** Smallest sample the battery accepts: the shortest length of Annex A. */
export const MIN_RANDOMNESS_BITS = 20000;

/** The Annex A settings for a sample of n bits. */
export function profileFor(nBits: number): RandomnessProfile {
  if (nBits >= 100_000_000) return 'large';
  if (nBits >= 1_000_000) return 'medium';
  return 'small';
}

interface Runner {
  readonly test: RandomnessTestName;
  readonly clause: string;
  readonly name: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly run: (bits: Uint8Array) => readonly TestValue[];
}

function runnersFor(test: RandomnessTestName, p: ProfileParams): Runner[] {
  const one = (clause: string, name: string, params: Record<string, number | string>,
    run: (b: Uint8Array) => TestValue | readonly TestValue[]): Runner =>
    ({ test, clause, name, params, run: (b) => { const r = run(b); return Array.isArray(r) ? r : [r as TestValue]; } });
  switch (test) {
    case 'frequency': return [one('5.1', 'frequency', {}, frequency)];
    case 'blockFrequency':
      return [one('5.2', `blockFrequency m=${p.blockFrequency}`, { m: p.blockFrequency }, (b) => blockFrequency(b, p.blockFrequency))];
    case 'poker': return p.poker.map((m) => one('5.3', `poker m=${m}`, { m }, (b) => poker(b, m)));
    case 'serial': return p.serial.map((m) => one('5.4', `serial m=${m}`, { m }, (b) => serial(b, m)));
    case 'runs': return [one('5.5', 'runs', {}, runs)];
    case 'runsDistribution': return [one('5.6', 'runsDistribution', {}, runsDistribution)];
    case 'longestRun':
      return ([1, 0] as const).map((bit) => one('5.7', `longestRun m=${p.longestRun} ${bit ? 'ones' : 'zeros'}`,
        { m: p.longestRun, bit }, (b) => longestRun(b, p.longestRun, bit)));
    case 'binaryDerivative':
      return p.binaryDerivative.map((k) => one('5.8', `binaryDerivative k=${k}`, { k }, (b) => binaryDerivative(b, k)));
    case 'autocorrelation':
      return p.autocorrelation.map((d) => one('5.9', `autocorrelation d=${d}`, { d }, (b) => autocorrelation(b, d)));
    case 'matrixRank': return [one('5.10', 'matrixRank 32x32', { rows: 32, cols: 32 }, matrixRank)];
    case 'cumulativeSums':
      return [true, false].map((fw) => one('5.11', `cumulativeSums ${fw ? 'forward' : 'backward'}`,
        { mode: fw ? 'forward' : 'backward' }, (b) => cumulativeSums(b, fw)));
    case 'approximateEntropy':
      return p.approximateEntropy.map((m) => one('5.12', `approximateEntropy m=${m}`, { m }, (b) => approximateEntropy(b, m)));
    case 'linearComplexity':
      return p.linearComplexity.map((m) => one('5.13', `linearComplexity M=${m}`, { M: m }, (b) => linearComplexity(b, m)));
    case 'universal': return [one('5.14', 'universal L=7 Q=1280', { L: 7, Q: 1280 }, universal)];
    case 'discreteFourier': return [one('5.15', 'discreteFourier', {}, discreteFourier)];
    default: throw new TypeError(`runRandomnessTests: unknown test ${String(test)}`);
  }
}

/**
 * Runs the GM/T 0005-2021 tests on one sample.
 *
 * Cost (measured, one core): about 0.2-0.3 s for 10^6 bits, 2 ms for 2×10^4 bits, 30 s and
 * 2.5 GB peak memory (the spectral test) for 10^8 bits.
 *
 * @param bytes the sample, most significant bit of each byte first
 * @returns one result per test and parameter, in the standard's order
 * @throws CryptoError SDR_INARGERR if the sample is shorter than 2×10^4 bits; RangeError if
 *   `nBits` exceeds the data; TypeError for an unknown test name
 */
export function runRandomnessTests(bytes: Uint8Array, opts: RandomnessOptions = {}): RandomnessReport {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('runRandomnessTests: expected Uint8Array');
  const nBits = opts.nBits ?? bytes.length * 8;
  if (nBits < MIN_RANDOMNESS_BITS) {
    throw new CryptoError('SDR_INARGERR',
      `runRandomnessTests: a sample needs at least ${MIN_RANDOMNESS_BITS} bits, got ${nBits}`);
  }
  const bits = unpackBits(bytes, nBits);
  const profile = opts.profile ?? profileFor(nBits);
  const params = PROFILES[profile];
  if (!params) throw new TypeError(`runRandomnessTests: unknown profile ${String(profile)}`);
  const wanted = new Set<RandomnessTestName>(opts.tests ?? params.defaults);
  for (const t of wanted) if (!ALL.includes(t)) throw new TypeError(`runRandomnessTests: unknown test ${String(t)}`);
  const results: RandomnessResult[] = [];
  for (const test of ALL) {
    if (!wanted.has(test)) continue;
    for (const r of runnersFor(test, params)) {
      const values = r.run(bits);
      const pValues = values.map((v) => v.p);
      results.push(Object.freeze({
        test: r.test, clause: r.clause, name: r.name, params: Object.freeze({ ...r.params }),
        pValues: Object.freeze(pValues), qValues: Object.freeze(values.map((v) => v.q)),
        passed: pValues.every((p) => p >= RANDOMNESS_ALPHA),
      }));
    }
  }
  return Object.freeze({
    nBits, profile, alpha: RANDOMNESS_ALPHA, results: Object.freeze(results),
    passed: results.every((r) => r.passed),
  });
}
