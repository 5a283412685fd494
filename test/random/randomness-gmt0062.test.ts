/**
 * GM/T 0062-2018 class E self-checks of a module's generator: the phase settings, verdicts on
 * good and bad sources, overrides, source failures, and the single-use poker check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCryptoError } from '../../src/algorithms/internal/errors.js';
import {
  createHashDrbg, drbgRandomSource, GMT0062_CLASS_E, powerUpRandomnessCheck, RANDOMNESS_TESTS, singleRandomnessCheck,
} from '../../src/algorithms/random/index.js';
import { fixedRandomBytes, fixedRandomSource } from './fixed-random.js';

test('class E settings: factory 50×10^6, power-on 20×10^6 (all 15 tests), periodic 20×2×10^4 (12 tests)', () => {
  assert.deepEqual([GMT0062_CLASS_E.factory.samples, GMT0062_CLASS_E.factory.sampleBits], [50, 1_000_000]);
  assert.deepEqual([GMT0062_CLASS_E['power-on'].samples, GMT0062_CLASS_E['power-on'].sampleBits], [20, 1_000_000]);
  assert.deepEqual(GMT0062_CLASS_E['power-on'].tests, RANDOMNESS_TESTS);
  assert.deepEqual([GMT0062_CLASS_E.periodic.samples, GMT0062_CLASS_E.periodic.sampleBits], [20, 20_000]);
  assert.equal(GMT0062_CLASS_E.periodic.tests.length, 12);
  for (const t of ['discreteFourier', 'linearComplexity', 'universal'] as const) {
    assert.ok(!GMT0062_CLASS_E.periodic.tests.includes(t));
  }
});

test('periodic check of a fixed-seed generator passes, with progress reported per sample', () => {
  const progress: number[] = [];
  const r = powerUpRandomnessCheck(fixedRandomSource(11), { phase: 'periodic', onProgress: (d) => progress.push(d) });
  assert.equal(r.passed, true, r.failures.join('; '));
  assert.equal(r.customized, false);
  assert.equal(r.assessment.samples, 20);
  assert.deepEqual(progress, Array.from({ length: 20 }, (_, i) => i + 1));
  assert.ok(r.assessment.items.some((i) => i.label === 'matrixRank 32x32'), 'periodic includes the rank test');
  assert.equal(r.assessment.items.length, 22);
});

test('periodic check of a stuck source fails and names the failing items', () => {
  const r = powerUpRandomnessCheck((n) => new Uint8Array(n), { phase: 'periodic' });
  assert.equal(r.passed, false);
  assert.ok(r.failures.some((f) => f.startsWith('frequency (pass 0/20, uniformity P=')), r.failures[0]);
});

test('a lighter power-on check (3 samples) on a live DRBG passes and is marked customized', () => {
  const r = powerUpRandomnessCheck(drbgRandomSource(createHashDrbg()), { samples: 3 });
  assert.equal(r.phase, 'power-on');
  assert.equal(r.customized, true);
  assert.equal(r.setting.sampleBits, 1_000_000);
  assert.equal(r.assessment.threshold, 3);
  // A live OS-seeded sample fails a given test with probability 1%, so only the shape is asserted.
  assert.equal(r.assessment.items.length, 27);
});

test('a source returning the wrong length fails with SDR_RANDERR; bad settings are refused', () => {
  assert.throws(() => powerUpRandomnessCheck((n) => new Uint8Array(n - 1), { phase: 'periodic' }),
    (e) => isCryptoError(e, 'SDR_RANDERR'));
  assert.throws(() => powerUpRandomnessCheck((n) => new Uint8Array(n), { sampleBits: 20_001 }), RangeError);
  assert.throws(() => powerUpRandomnessCheck((n) => new Uint8Array(n), { samples: 0 }), RangeError);
});

test('single-use check: poker with m = 2, 4, 8 by size (N ≥ 5·2^m), at least 128 bits', () => {
  assert.equal(singleRandomnessCheck(fixedRandomBytes(16, 1)).m, 2);
  assert.equal(singleRandomnessCheck(fixedRandomBytes(39, 1)).m, 2);
  assert.equal(singleRandomnessCheck(fixedRandomBytes(40, 1)).m, 4);
  assert.equal(singleRandomnessCheck(fixedRandomBytes(1279, 1)).m, 4);
  assert.equal(singleRandomnessCheck(fixedRandomBytes(1280, 1)).m, 8);
  assert.equal(singleRandomnessCheck(fixedRandomBytes(1280, 1)).passed, true);
  assert.equal(singleRandomnessCheck(fixedRandomBytes(32, 2)).passed, true);
  assert.equal(singleRandomnessCheck(new Uint8Array(1280)).passed, false);
  assert.throws(() => singleRandomnessCheck(new Uint8Array(15)), (e) => isCryptoError(e, 'SDR_INARGERR'));
});

test('full class E power-on check (20 × 10^6 bits) of a fixed-seed generator passes', { skip: !process.env['MIMA_LONG'] }, () => {
  const t0 = performance.now();
  const r = powerUpRandomnessCheck(fixedRandomSource(5));
  assert.equal(r.passed, true, r.failures.join('; '));
  assert.equal(r.customized, false);
  console.log(`# power-on check: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
});
