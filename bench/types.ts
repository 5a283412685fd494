/** Records and case shapes shared by the benchmark runner and the implementation adapters. */

export const IMPLEMENTATIONS = ['mima-ts', 'mima-native', 'node-crypto', 'sm-crypto', 'sm-crypto-v2', 'mima-engine', 'mima-sdf', 'mima-pki'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];

export const OPERATIONS = [
  'sm2-keygen',
  'sm2-sign',
  'sm2-sign-batch',
  'sm2-keygen-batch',
  'sm2-verify',
  'sm2-encrypt',
  'sm2-decrypt',
  'sm3',
  'sm4-ecb',
  'sm4-cbc-encrypt',
  'sm4-cbc-decrypt',
  'sm4-ctr',
  'sm4-gcm',
  'sm4-xts',
  'zuc-eea3',
  'zuc-eia3',
  'drbg',
  // The device layer (GM/T 0018 functions through the crypto device, beside the engine; peers/sdf.ts).
  'sdf-internal-sign',
  'sdf-internal-sign-batch',
  'sdf-internal-verify',
  'sdf-external-verify',
  'sdf-internal-encrypt',
  'sdf-internal-decrypt',
  'sdf-sm4-ecb-encrypt',
  'sdf-sm4-ecb-decrypt',
  'sdf-sm4-cbc-encrypt',
  'sdf-sm4-cbc-decrypt',
  'sdf-generate-random',
  'sdf-generate-key-with-kek',
  // PKI services in process (peers/pki.ts): SVS with a 3-certificate chain (validation cached),
  // PKCS#7/GM/T 0010 SignedData, RFC 3161 timestamps.
  'svs-sign-data',
  'svs-verify-signed-data',
  'pkcs7-sign',
  'pkcs7-verify',
  'tsa-timestamp',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Signatures per batch in the 'sm2-sign-batch' line (its opsPerSec counts signatures). */
export const SIGN_BATCH = 64;

/** Lines whose one call does SIGN_BATCH operations (their opsPerSec counts operations). */
export const BATCH_LINES: ReadonlySet<Operation> = new Set<Operation>(['sm2-sign-batch', 'sm2-keygen-batch', 'sdf-internal-sign-batch']);

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
  /** Asynchronous set-up before any line (e.g. initialising a device), and clean-up after all. */
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** The prepared op may return a promise (the device's API is asynchronous); it is then awaited. */
  prepare(operation: Operation, bytes: number): (() => unknown) | undefined;
}
