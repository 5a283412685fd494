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

/** SDR_* codes (GM/T 0018-2012 Appendix A; SDR_USERIDERR from 2023): SDR_BASE (0x01000000) + n. */
export const SDR = Object.freeze({
  SDR_OK: 0x00000000,
  SDR_UNKNOWERR: 0x01000001,
  SDR_NOTSUPPORT: 0x01000002,
  SDR_COMMFAIL: 0x01000003,
  SDR_HARDFAIL: 0x01000004,
  SDR_OPENDEVICE: 0x01000005,
  SDR_OPENSESSION: 0x01000006,
  SDR_PARDENY: 0x01000007,
  SDR_KEYNOTEXIST: 0x01000008,
  SDR_ALGNOTSUPPORT: 0x01000009,
  SDR_ALGMODNOTSUPPORT: 0x0100000a,
  SDR_PKOPERR: 0x0100000b,
  SDR_SKOPERR: 0x0100000c,
  SDR_SIGNERR: 0x0100000d,
  SDR_VERIFYERR: 0x0100000e,
  SDR_SYMOPERR: 0x0100000f,
  SDR_STEPERR: 0x01000010,
  SDR_FILESIZEERR: 0x01000011,
  SDR_FILENOEXIST: 0x01000012,
  SDR_FILEOFSERR: 0x01000013,
  SDR_KEYTYPEERR: 0x01000014,
  SDR_KEYERR: 0x01000015,
  SDR_ENCDATAERR: 0x01000016,
  SDR_RANDERR: 0x01000017,
  SDR_PRKRERR: 0x01000018,
  SDR_MACERR: 0x01000019,
  SDR_FILEEXISTS: 0x0100001a,
  SDR_FILEWERR: 0x0100001b,
  SDR_NOBUFFER: 0x0100001c,
  SDR_INARGERR: 0x0100001d,
  SDR_OUTARGERR: 0x0100001e,
  SDR_USERIDERR: 0x0100001f,
  // Vendor-defined codes (GM/T 0018 leaves SDR_BASE + 0x20 and up to vendors).
  /** The device is locked: no master key in memory until unlocked with shares. */
  SDR_MIMA_LOCKED: 0x01000020,
  /** The device has never been initialised (or was zeroized). */
  SDR_MIMA_NOTINIT: 0x01000021,
  /** A self-test failed; the device refuses service until re-initialised (openHiTLS also uses 0x22). */
  SDR_MIMA_SELFTEST: 0x01000022,
  /** The caller's role may not perform this operation (GM/T 0028 role separation). */
  SDR_MIMA_ROLE: 0x01000023,
  /** Wrong role credentials. */
  SDR_MIMA_AUTH: 0x01000024,
  /** Too many failed attempts: the account or access password is locked out for a while. */
  SDR_MIMA_LOCKOUT: 0x01000025,
  /** The application exceeded its request rate limit (server crypto machine). */
  SDR_MIMA_RATELIMIT: 0x01000026,
} as const);

/** The symbolic name of an SDR error code. */
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
