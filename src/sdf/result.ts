/**
 * C-style calling for the facade: GM/T 0018 functions return `int` (SDR_OK or an SDR code).
 * The TypeScript facade throws CryptoErrors carrying the code; `sdfCall` turns that back into
 * `{ rv, result }` for callers that want return codes (the network server, the C bridge).
 *
 * @module
 */
import { CryptoError, SDR } from '../algorithms/internal/errors.js';

export interface SdfResult<T> {
  /** SDR_OK (0) or the SDR_* code. */
  rv: number;
  result?: T;
  /** Human-readable reason when rv != 0 (never contains secrets). */
  message?: string;
}

/** Runs a facade function; any non-CryptoError failure is SDR_UNKNOWERR. */
export async function sdfCall<T>(fn: () => T | Promise<T>): Promise<SdfResult<T>> {
  try {
    return { rv: SDR.SDR_OK, result: await fn() };
  } catch (e) {
    if (e instanceof CryptoError) return { rv: e.sdr, message: e.message };
    if (e instanceof RangeError || e instanceof TypeError) return { rv: SDR.SDR_INARGERR, message: e.message };
    return { rv: SDR.SDR_UNKNOWERR, message: 'internal error' };
  }
}
