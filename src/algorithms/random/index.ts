/**
 * Random numbers: the GM/T 0105-2021 software random number generators and the
 * GM/T 0005-2021 randomness tests.
 *
 * Generators (GM/T 0105-2021 "软件随机数发生器设计指南"):
 * - `createHashDrbg` — SM3 Hash_DRBG (Annex B); `createCtrDrbg` — SM4 CTR_DRBG with derivation
 *   function (Annex E). Entropy from the OS by default (pluggable), reseed limits of security
 *   level 1 (2^20 calls / 600 s) or 2 (2^10 calls / 60 s, default), optional prediction
 *   resistance, personalization and additional input, a known-answer `selfTest` run once before
 *   the first instance, `destroy()` to wipe the state.
 * - `drbgRandomSource` adapts a DRBG to the `RandomSource` the other primitives take.
 *
 * Randomness tests (GM/T 0005-2021 "随机性检测规范", = GB/T 32915 with the 2021 additions):
 * - `runRandomnessTests` — the 15 tests of clause 5 with the Annex A settings for the sample's
 *   length (2×10^4, 10^6 or 10^8 bits), P- and Q-values, α = 0.01.
 * - `assessSamples` — the clause 6 decision over many samples (pass rate and Q-value uniformity).
 * - `powerUpRandomnessCheck`, `singleRandomnessCheck` — the GM/T 0062-2018 class E checks a
 *   cryptographic module runs on its own generator (factory, power-on, periodic, single use).
 * - `formatReport`, `formatAssessment` — one text line per result.
 *
 * Errors: CryptoError SDR_RANDERR when an entropy source fails or a self-test fails,
 * SDR_INARGERR for a sample too short to test; TypeError/RangeError for misuse.
 *
 * @module
 */
export {
  createHashDrbg, createCtrDrbg, drbgRandomSource, DRBG_RESEED_LIMITS,
  type Drbg, type DrbgOptions, type DrbgSecurityLevel,
} from './drbg/drbg.js';
export { selfTest } from './drbg/self-test.js';
export {
  runRandomnessTests, profileFor, RANDOMNESS_TESTS, RANDOMNESS_ALPHA, MIN_RANDOMNESS_BITS,
  type RandomnessTestName, type RandomnessProfile, type RandomnessResult, type RandomnessReport,
  type RandomnessOptions,
} from './randomness/battery.js';
export {
  assessSamples, passThreshold, uniformityPValue, UNIFORMITY_ALPHA,
  type SampleAssessment, type SampleItemAssessment,
} from './randomness/assess.js';
export {
  powerUpRandomnessCheck, singleRandomnessCheck, GMT0062_CLASS_E,
  type Gmt0062Phase, type Gmt0062Setting, type Gmt0062Options, type Gmt0062Result, type SingleCheckResult,
} from './randomness/gmt0062.js';
export { formatReport, formatAssessment } from './randomness/format.js';
