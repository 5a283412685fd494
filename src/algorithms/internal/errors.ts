/**
 * Errors raised by the algorithm layer.
 *
 * Every error a caller can provoke with bad input carries a code taken from the GM/T 0018
 * (SDF) return-code table, so the device layer can hand it on unchanged and the CLI/REST edges
 * can map it without string matching. Messages name the function ("sm4.gcm.open: ...") and
 * never include key material, plaintext or any other secret.
 *
 * Misuse by the programmer (a wrong type, an impossible option) is a `TypeError`/`RangeError`;
 * a `CryptoError` means "this input is not acceptable", which is the caller's user's fault.
 *
 * @module
 */

/** SDR_* codes (GM/T 0018-2012 §A / 2023 §A): SDR_BASE (0x01000000) + n. */
export const SDR = Object.freeze({
  SDR_OK: 0x00000000,
  SDR_UNKNOWERR: 0x01000001,
  SDR_NOTSUPPORT: 0x01000002,
  SDR_ALGNOTSUPPORT: 0x01000009,
  SDR_ALGMODNOTSUPPORT: 0x0100000a,
  SDR_PKOPERR: 0x0100000b,
  SDR_SKOPERR: 0x0100000c,
  SDR_SIGNERR: 0x0100000d,
  SDR_VERIFYERR: 0x0100000e,
  SDR_SYMOPERR: 0x0100000f,
  SDR_STEPERR: 0x01000010,
  SDR_KEYTYPEERR: 0x01000014,
  SDR_KEYERR: 0x01000015,
  SDR_ENCDATAERR: 0x01000016,
  SDR_RANDERR: 0x01000017,
  SDR_MACERR: 0x01000019,
  SDR_INARGERR: 0x0100001d,
  SDR_OUTARGERR: 0x0100001e,
  SDR_USERIDERR: 0x0100001f,
} as const);

/** The symbolic name of an SDR code the algorithm layer can raise. */
export type SdrName = Exclude<keyof typeof SDR, 'SDR_OK'>;

/**
 * An input the algorithm cannot accept: malformed encodings, wrong lengths, out-of-range
 * scalars, points off the curve, failed signatures, tags or padding checks.
 *
 * `code` is the SDR name and `sdr` its numeric value, e.g. `SDR_VERIFYERR` / 0x0100000E.
 */
export class CryptoError extends Error {
  readonly code: SdrName;
  readonly sdr: number;

  constructor(code: SdrName, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
    this.sdr = SDR[code];
  }
}

/** True when `e` is a CryptoError (optionally with the given code). */
export function isCryptoError(e: unknown, code?: SdrName): e is CryptoError {
  return e instanceof CryptoError && (code === undefined || e.code === code);
}
