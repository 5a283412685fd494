/**
 * The decision over many samples, GM/T 0005-2021 clause 6.
 *
 * - §6.2 pass rate: of s samples, at least ⌈s(1-α) - 3·√(s·α(1-α))⌉ must pass each test
 *   (981 of 1000, 48 of 50, 19 of 20 at α = 0.01).
 * - §6.3 uniformity: the Q-values of each test over the s samples are counted in 10 equal
 *   classes of [0, 1]; V = Σ (F_i - s/10)²/(s/10) and P-value_T = igamc(9/2, V/2) must be
 *   ≥ α_T = 0.0001. (The 2012 edition had only the pass rate; the uniformity rule and the
 *   Q-values are new in 2021.)
 * - §6.4: the generator passes when every test passes both.
 *
 * Each P-value of a result is its own item: the serial test contributes two per parameter.
 *
 * @module
 */
import { igamc } from './math.js';
import { RANDOMNESS_ALPHA, type RandomnessReport, type RandomnessTestName } from './battery.js';

/** α_T of GM/T 0005-2021 §6.3. */
export const UNIFORMITY_ALPHA = 0.0001;

export interface SampleItemAssessment {
  readonly test: RandomnessTestName;
  /** "poker m=4", or "serial m=3 #2" for the second P-value of a result. */
  readonly label: string;
  readonly passCount: number;
  readonly samples: number;
  readonly passRateOk: boolean;
  /** P-value_T of the Q-values' uniformity. */
  readonly uniformityP: number;
  readonly uniformityOk: boolean;
  readonly passed: boolean;
}

export interface SampleAssessment {
  readonly samples: number;
  readonly alpha: number;
  readonly alphaT: number;
  /** Samples that must pass each item. */
  readonly threshold: number;
  readonly items: readonly SampleItemAssessment[];
  readonly passed: boolean;
}

/** ⌈s(1-α) - 3√(s·α(1-α))⌉: the samples out of s that must pass a test (§6.2). */
export function passThreshold(samples: number, alpha = RANDOMNESS_ALPHA): number {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError('passThreshold: samples must be a positive integer');
  return Math.ceil(samples * (1 - alpha) - 3 * Math.sqrt(samples * alpha * (1 - alpha)));
}

/** P-value_T of §6.3 for a list of Q-values (10 classes [0, 0.1), …, [0.9, 1]). */
export function uniformityPValue(qValues: readonly number[]): number {
  const s = qValues.length;
  if (s === 0) throw new RangeError('uniformityPValue: no Q-values');
  const f = new Array<number>(10).fill(0);
  for (const q of qValues) {
    let c = 0;
    for (let i = 1; i <= 9; i++) if (q >= i / 10) c = i; // i/10 is the correctly rounded bound
    f[c]!++;
  }
  const e = s / 10;
  let v = 0;
  for (const x of f) v += ((x - e) * (x - e)) / e;
  return igamc(4.5, v / 2);
}

/**
 * Decides a set of samples tested with the same settings (GM/T 0005-2021 §6).
 *
 * @throws RangeError if there are no reports or they were not produced with the same tests
 */
export function assessSamples(reports: readonly RandomnessReport[]): SampleAssessment {
  const s = reports.length;
  if (s === 0) throw new RangeError('assessSamples: no reports');
  const first = reports[0]!;
  const names = first.results.map((r) => `${r.name}/${r.pValues.length}`).join('|');
  for (const r of reports) {
    if (r.results.map((x) => `${x.name}/${x.pValues.length}`).join('|') !== names) {
      throw new RangeError('assessSamples: reports differ in their tests or parameters');
    }
  }
  const threshold = passThreshold(s);
  const items: SampleItemAssessment[] = [];
  first.results.forEach((res, ri) => {
    for (let k = 0; k < res.pValues.length; k++) {
      let passCount = 0;
      const qs: number[] = [];
      for (const rep of reports) {
        const x = rep.results[ri]!;
        if (x.pValues[k]! >= RANDOMNESS_ALPHA) passCount++;
        qs.push(x.qValues[k]!);
      }
      const uniformityP = uniformityPValue(qs);
      const passRateOk = passCount >= threshold;
      const uniformityOk = uniformityP >= UNIFORMITY_ALPHA;
      items.push(Object.freeze({
        test: res.test, label: res.pValues.length > 1 ? `${res.name} #${k + 1}` : res.name,
        passCount, samples: s, passRateOk, uniformityP, uniformityOk, passed: passRateOk && uniformityOk,
      }));
    }
  });
  return Object.freeze({
    samples: s, alpha: RANDOMNESS_ALPHA, alphaT: UNIFORMITY_ALPHA, threshold,
    items: Object.freeze(items), passed: items.every((i) => i.passed),
  });
}
