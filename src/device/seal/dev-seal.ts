/**
 * The dev seal: for the embedded default only, the master key sealed under a passphrase and
 * kept in the store, so the device unlocks itself at every open. Anyone with the data
 * directory and the passphrase has every key: the device warns loudly at every start.
 *
 * @module
 */
import type { RandomSource } from '../../algorithms/internal/random.js';
import { openWithPassphrase, sealWithPassphrase } from './passphrase.js';

const LABEL = 'mima dev seal';
/** Fewer iterations than shares: it is opened at every start, and it is a dev seal. */
const DEV_SEAL_ITERATIONS = 20_000;

/** The passphrase used when none is configured (MIMA_DEV_SEAL_PASSPHRASE overrides it). */
export const DEFAULT_DEV_SEAL_PASSPHRASE = 'mima-dev-seal';

export const DEV_SEAL_WARNING =
  'WARNING: this device is protected by a DEV SEAL. Its master key is stored in the data directory, ' +
  'sealed only by a passphrase; anyone with the directory and the passphrase has every key. ' +
  'Use it for development only; production devices are initialised with administrator shares.';

export function sealDev(masterKey: Uint8Array, passphrase: Uint8Array, rand: RandomSource): Uint8Array {
  return sealWithPassphrase(masterKey, passphrase, LABEL, rand, DEV_SEAL_ITERATIONS);
}

export function openDevSeal(blob: Uint8Array, passphrase: Uint8Array): Uint8Array {
  return openWithPassphrase(blob, passphrase, LABEL);
}
