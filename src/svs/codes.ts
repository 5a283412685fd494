/** GM/T 0029 result codes (services.md §1.3; two public sources agree). */
export const SVS = Object.freeze({
  SUCCESS: 0x00000000,
  ERROR_BASE: 0x04000000,
  CERT_ID: 0x04000001,
  CERT_INFO_TYPE: 0x04000002,
  SERVER_CONNECT: 0x04000003,
  SIGN_METHOD: 0x04000004,
  KEY_INDEX: 0x04000005,
  KEY_VALUE: 0x04000006,
  CERT: 0x04000007,
  CERT_DECODE: 0x04000008,
  CERT_INVALID_AF: 0x04000009,
  CERT_INVALID_BF: 0x0400000a,
  CERT_REMOVED: 0x0400000b,
  INVALID_SIGNATURE: 0x0400000c,
  INVALID_DATA_FORMAT: 0x0400000d,
  SYSTEM_FAILURE: 0x0400000e,
});

/** An SVS failure carrying its GM/T 0029 code. */
export class SvsError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'SvsError';
  }
}
