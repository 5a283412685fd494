/**
 * Power-up self-tests (GM/T 0028): known-answer tests of every algorithm, run before the
 * device serves anything. A failure puts the device into the error state (device.ts).
 *
 * @module
 */
import { selfTest as sm2SelfTest } from '../algorithms/sm2/index.js';
import { selfTest as sm3SelfTest } from '../algorithms/sm3/index.js';
import { selfTest as sm4SelfTest } from '../algorithms/sm4/index.js';
import { selfTest as zucSelfTest } from '../algorithms/zuc/index.js';
import { selfTest as drbgSelfTest } from '../algorithms/random/index.js';
import { selfTest as legacySelfTest } from '../algorithms/legacy/index.js';
import type { Device } from './device.js';
import type { SelfTestResult } from './types.js';

/** A self-test suite: runs every test, reports each (never throws for a failed test). */
export type SelfTestSuite = (device: Device) => Promise<SelfTestResult[]>;

function kat(name: string, fn: () => void): SelfTestResult {
  try {
    fn();
    return { name, passed: true };
  } catch (e) {
    return { name, passed: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** The algorithms' known-answer tests. */
export function algorithmKats(): SelfTestResult[] {
  return [
    kat('SM3 KAT (GM/T 0004 A.1)', sm3SelfTest),
    kat('SM4 KAT (GM/T 0002 A.1)', sm4SelfTest),
    kat('SM2 KAT (GM/T 0003.5)', sm2SelfTest),
    kat('ZUC KAT (GM/T 0001)', zucSelfTest),
    kat('DRBG KAT (GM/T 0105)', drbgSelfTest),
    kat('RSA/AES/SHA-2 KAT', legacySelfTest),
  ];
}

export const runPowerUpSelfTests: SelfTestSuite = async () => algorithmKats();
