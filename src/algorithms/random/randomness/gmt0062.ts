/**
 * Randomness checks a cryptographic module runs on its own generator, after GM/T 0062-2018
 * "密码产品随机数检测要求" clause 9 (class E products: powered for long periods, with ample
 * processing for the tests — servers, server crypto cards, the form Mima's device takes).
 *
 * | phase (GM/T 0062 §9)  | samples × bits     | tests (GM/T 0005-2021)                          |
 * | --------------------- | ------------------ | ----------------------------------------------- |
 * | factory (出厂检测)    | 50 × 10^6          | all 15                                          |
 * | power-on (上电检测)   | 20 × 10^6          | all 15                                          |
 * | periodic (周期检测)   | 20 × 2×10^4        | 12: all but DFT, linear complexity, universal   |
 * | single use (单次检测) | what is drawn      | poker, m = 2/4/8 so that N = n/m ≥ 5·2^m        |
 *
 * Each multi-sample phase is decided by GM/T 0005-2021 §6 (pass rate and Q-value uniformity).
 * The table follows Trisia/randomness `detect/detect.go` (commit 4779fb5), which implements
 * GM/T 0062-2018 §9; the standard's text itself was not available to us.
 * Class A–D products (chips, IC cards, USB keys, terminals) use lighter settings not
 * implemented here; `samples`, `sampleBits` and `tests` can be overridden to approximate them,
 * and the result then records the settings actually used.
 *
 * @module
 */
import { CryptoError } from '../../internal/errors.js';
import type { RandomSource } from '../../internal/random.js';
import { assessSamples, type SampleAssessment } from './assess.js';
import { RANDOMNESS_ALPHA, RANDOMNESS_TESTS, runRandomnessTests, type RandomnessReport, type RandomnessTestName } from './battery.js';
import { poker } from './tests-frequency.js';
import { unpackBits } from './stat.js';

export type Gmt0062Phase = 'factory' | 'power-on' | 'periodic';

export interface Gmt0062Setting {
  readonly samples: number;
  readonly sampleBits: number;
  readonly tests: readonly RandomnessTestName[];
}

const PERIODIC_TESTS = RANDOMNESS_TESTS.filter(
  (t) => t !== 'discreteFourier' && t !== 'linearComplexity' && t !== 'universal');

/** GM/T 0062-2018 §9 settings for class E products. */
export const GMT0062_CLASS_E: Readonly<Record<Gmt0062Phase, Gmt0062Setting>> = Object.freeze({
  factory: Object.freeze({ samples: 50, sampleBits: 1_000_000, tests: RANDOMNESS_TESTS }),
  'power-on': Object.freeze({ samples: 20, sampleBits: 1_000_000, tests: RANDOMNESS_TESTS }),
  periodic: Object.freeze({ samples: 20, sampleBits: 20_000, tests: Object.freeze(PERIODIC_TESTS) }),
});

export interface Gmt0062Options {
  /** Default 'power-on'. */
  readonly phase?: Gmt0062Phase;
  /** Override the phase's sample count (a lighter check; recorded in the result). */
  readonly samples?: number;
  /** Override the phase's sample length in bits (multiple of 8, ≥ 2×10^4). */
  readonly sampleBits?: number;
  /** Override the phase's tests. */
  readonly tests?: readonly RandomnessTestName[];
  /** Called after each sample, for progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Gmt0062Result {
  readonly phase: Gmt0062Phase;
  readonly setting: Gmt0062Setting;
  /** True when the setting differs from GM/T 0062 class E for this phase. */
  readonly customized: boolean;
  readonly assessment: SampleAssessment;
  /** Labels of the items that failed, e.g. "poker m=8 (pass 17/20)". */
  readonly failures: readonly string[];
  readonly passed: boolean;
}

/**
 * Draws samples from `source` and decides them as GM/T 0062-2018 §9 (class E) prescribes for
 * `phase` (default power-on: 20 samples of 10^6 bits, all 15 tests — several seconds of work).
 *
 * @throws CryptoError SDR_RANDERR if the source returns the wrong number of bytes
 */
export function powerUpRandomnessCheck(source: RandomSource, opts: Gmt0062Options = {}): Gmt0062Result {
  const phase = opts.phase ?? 'power-on';
  const base = GMT0062_CLASS_E[phase];
  if (!base) throw new TypeError(`powerUpRandomnessCheck: unknown phase ${String(phase)}`);
  const setting: Gmt0062Setting = {
    samples: opts.samples ?? base.samples,
    sampleBits: opts.sampleBits ?? base.sampleBits,
    tests: opts.tests ?? base.tests,
  };
  if (!Number.isInteger(setting.samples) || setting.samples < 1) {
    throw new RangeError('powerUpRandomnessCheck: samples must be a positive integer');
  }
  if (!Number.isInteger(setting.sampleBits) || setting.sampleBits % 8 !== 0) {
    throw new RangeError('powerUpRandomnessCheck: sampleBits must be a multiple of 8');
  }
  const customized = setting.samples !== base.samples || setting.sampleBits !== base.sampleBits ||
    setting.tests.join() !== base.tests.join();
  const bytes = setting.sampleBits / 8;
  const reports: RandomnessReport[] = [];
  for (let i = 0; i < setting.samples; i++) {
    const sample = source(bytes);
    if (!(sample instanceof Uint8Array) || sample.length !== bytes) {
      throw new CryptoError('SDR_RANDERR', 'powerUpRandomnessCheck: random source returned the wrong length');
    }
    reports.push(runRandomnessTests(sample, { tests: setting.tests }));
    opts.onProgress?.(i + 1, setting.samples);
  }
  const assessment = assessSamples(reports);
  const failures = assessment.items.filter((x) => !x.passed).map((x) =>
    `${x.label} (${x.passRateOk ? '' : `pass ${x.passCount}/${x.samples}`}${
      !x.passRateOk && !x.uniformityOk ? ', ' : ''}${x.uniformityOk ? '' : `uniformity P=${x.uniformityP.toExponential(2)}`})`);
  return Object.freeze({ phase, setting: Object.freeze(setting), customized, assessment,
    failures: Object.freeze(failures), passed: assessment.passed });
}

export interface SingleCheckResult {
  readonly m: number;
  readonly pValue: number;
  readonly passed: boolean;
}

/**
 * GM/T 0062-2018 single-use check (单次检测): the poker test on the random data about to be
 * used, with the largest m ∈ {8, 4, 2} leaving at least 5·2^m patterns (n ≥ 10240 → 8,
 * n ≥ 320 → 4, else 2); at least 128 bits.
 *
 * @throws CryptoError SDR_INARGERR for fewer than 16 bytes
 */
export function singleRandomnessCheck(bytes: Uint8Array): SingleCheckResult {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('singleRandomnessCheck: expected Uint8Array');
  const n = bytes.length * 8;
  if (n < 128) throw new CryptoError('SDR_INARGERR', 'singleRandomnessCheck: needs at least 128 bits');
  const m = n >= 8 * 5 * 256 ? 8 : n >= 4 * 5 * 16 ? 4 : 2;
  const { p } = poker(unpackBits(bytes), m);
  return Object.freeze({ m, pValue: p, passed: p >= RANDOMNESS_ALPHA });
}
