/**
 * Plain-text lines for randomness reports (what `mima randtest FILE` prints): one line per
 * test result or per assessed item, fixed columns, no colour, six decimals as the standard's
 * examples give them.
 *
 * @module
 */
import type { SampleAssessment } from './assess.js';
import type { RandomnessReport } from './battery.js';

function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  return x !== 0 && x < 1e-6 ? x.toExponential(2) : x.toFixed(6);
}

/**
 * One line per result: verdict, clause, test and parameter, P-value(s), Q-value(s), e.g.
 * `pass  5.3   poker m=4                     P=0.213734  Q=0.213734`.
 */
export function formatReport(report: RandomnessReport): string[] {
  return report.results.map((r) =>
    `${r.passed ? 'pass' : 'FAIL'}  ${r.clause.padEnd(5)} ${r.name.padEnd(29)} ` +
    `P=${r.pValues.map(fmt).join(',')}  Q=${r.qValues.map(fmt).join(',')}`);
}

/**
 * One line per assessed item: verdict, label, passing samples against the threshold and the
 * uniformity P-value_T, e.g. `pass  poker m=4        20/20 (>=19)  P_T=0.437274`.
 */
export function formatAssessment(a: SampleAssessment): string[] {
  return a.items.map((i) =>
    `${i.passed ? 'pass' : 'FAIL'}  ${i.label.padEnd(32)} ${`${i.passCount}/${i.samples}`.padStart(9)} ` +
    `(>=${a.threshold})  P_T=${fmt(i.uniformityP)}`);
}
