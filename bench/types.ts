/** Records and case shapes shared by the benchmark runner and the implementation adapters. */

export const IMPLEMENTATIONS = ['mima-ts', 'mima-native', 'node-crypto', 'sm-crypto', 'sm-crypto-v2'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export const OPERATIONS = [
  'sm2-keygen',
  'sm2-sign',
  'sm2-sign-batch',
  'sm2-verify',
  'sm2-encrypt',
  'sm2-decrypt',
  'sm3',
  'sm4-ecb',
  'sm4-cbc-encrypt',
  'sm4-cbc-decrypt',
  'sm4-ctr',
  'sm4-gcm',
  'zuc-eea3',
  'drbg',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Signatures per batch in the 'sm2-sign-batch' line (its opsPerSec counts signatures). */
export const SIGN_BATCH = 64;

/** One line of bench/results/latest.json. */
export interface BenchRecord {
  implementation: Implementation;
  operation: Operation;
  /** Message size in bytes (32 for SM2 operations). */
  bytes: number;
  opsPerSec: number;
  mbitPerSec: number;
}

/**
 * What an adapter offers: for an operation and a message size, a prepared op (setup such as key
 * generation and key preparation happens here, outside the timed loop), or undefined when the
 * implementation does not have that operation.
 */
export interface Adapter {
  readonly implementation: Implementation;
  /** One-line description of the mode used (e.g. "precomputed public-key table"). */
  readonly notes: string;
  prepare(operation: Operation, bytes: number): (() => unknown) | undefined;
}
