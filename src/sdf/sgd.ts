/**
 * GM/T 0006 algorithm identifiers (the `uiAlgID` of GM/T 0018 calls), one table, and what this
 * device supports. Values as sdf-api.md §4 lists them; where public headers disagree:
 *
 * - SGD_SM4_GCM / SGD_SM4_CCM: the openHiTLS values 0x02000400 / 0x04000400 (the one 2023-based
 *   header that defines both; a mock's GCM=0x00000480 is not followed).
 * - SGD_SM4_XTS: 0x02000402 (openHiTLS) by default; integrators whose software was written
 *   against another header set MIMA_SGD_SM4_XTS (e.g. 0x00000440 or 0x01000400) — read once at
 *   load, so one process speaks one dialect.
 * - SGD_SM2_1/2/3: the 2012-conformant 0x00020200 / 0x00020400 / 0x00020800 (old vendor
 *   headers' 0x00020100/200/400 are not accepted as aliases: 0x00020100 is SGD_SM2 itself).
 * - SGD_SM3_SM2 = 0x00020201 (GmSSL's computed 0x00020101 is not followed).
 *
 * include/sdf.h (the C header) carries the same values; test/sdf/sgd.test.ts checks the two agree.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';

export const SGD_SM1_ECB = 0x00000101;
export const SGD_SM1_CBC = 0x00000102;
export const SGD_SM1_CFB = 0x00000104;
export const SGD_SM1_OFB = 0x00000108;
export const SGD_SM1_MAC = 0x00000110;
export const SGD_SSF33_ECB = 0x00000201;
export const SGD_SSF33_CBC = 0x00000202;
export const SGD_SSF33_CFB = 0x00000204;
export const SGD_SSF33_OFB = 0x00000208;
export const SGD_SSF33_MAC = 0x00000210;
export const SGD_SM4_ECB = 0x00000401;
export const SGD_SM4_CBC = 0x00000402;
export const SGD_SM4_CFB = 0x00000404;
export const SGD_SM4_OFB = 0x00000408;
export const SGD_SM4_MAC = 0x00000410;
export const SGD_SM4_CTR = 0x00000420;
export const SGD_SM4_GCM = 0x02000400;
export const SGD_SM4_CCM = 0x04000400;
export const SGD_SM4_XTS = parseXtsId(process.env.MIMA_SGD_SM4_XTS);
export const SGD_ZUC_EEA3 = 0x00000801;
export const SGD_ZUC_EIA3 = 0x00000802;

export const SGD_RSA = 0x00010000;
export const SGD_SM2 = 0x00020100;
export const SGD_SM2_1 = 0x00020200;
export const SGD_SM2_2 = 0x00020400;
export const SGD_SM2_3 = 0x00020800;

export const SGD_SM3 = 0x00000001;
export const SGD_SHA1 = 0x00000002;
export const SGD_SHA256 = 0x00000004;

export const SGD_SM3_RSA = 0x00010001;
export const SGD_SHA1_RSA = 0x00010002;
export const SGD_SHA256_RSA = 0x00010004;
export const SGD_SM3_SM2 = 0x00020201;

function parseXtsId(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0x02000402;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n <= 0 || n > 0xffffffff) throw new RangeError(`MIMA_SGD_SM4_XTS: ${value} is not a 32-bit algorithm id`);
  return n;
}

/** The SM4 mode an SDF symmetric id selects (SM1 and SSF33 are not implemented: SDR_ALGNOTSUPPORT). */
export type Sm4SdfMode = 'ecb' | 'cbc' | 'cfb' | 'ofb' | 'mac' | 'ctr' | 'gcm' | 'ccm' | 'xts';

const SM4_MODES: ReadonlyMap<number, Sm4SdfMode> = new Map<number, Sm4SdfMode>([
  [SGD_SM4_ECB, 'ecb'],
  [SGD_SM4_CBC, 'cbc'],
  [SGD_SM4_CFB, 'cfb'],
  [SGD_SM4_OFB, 'ofb'],
  [SGD_SM4_MAC, 'mac'],
  [SGD_SM4_CTR, 'ctr'],
  [SGD_SM4_GCM, 'gcm'],
  [SGD_SM4_CCM, 'ccm'],
  [SGD_SM4_XTS, 'xts'],
]);

const KNOWN_UNSUPPORTED: ReadonlySet<number> = new Set([
  SGD_SM1_ECB, SGD_SM1_CBC, SGD_SM1_CFB, SGD_SM1_OFB, SGD_SM1_MAC,
  SGD_SSF33_ECB, SGD_SSF33_CBC, SGD_SSF33_CFB, SGD_SSF33_OFB, SGD_SSF33_MAC,
]);

/**
 * The SM4 mode of `uiAlgID`, or the standard's error: SDR_ALGNOTSUPPORT for an algorithm the
 * device lacks (SM1, SSF33, unknown ids), SDR_ALGMODNOTSUPPORT for an SM4 mode `allowed` excludes.
 */
export function sm4Mode(uiAlgID: number, fn: string, allowed?: readonly Sm4SdfMode[]): Sm4SdfMode {
  const mode = SM4_MODES.get(uiAlgID);
  if (mode === undefined) {
    const why = KNOWN_UNSUPPORTED.has(uiAlgID) ? 'is not implemented by this device' : 'is not a known symmetric algorithm id';
    throw new CryptoError('SDR_ALGNOTSUPPORT', `${fn}: uiAlgID ${hexId(uiAlgID)} ${why}`);
  }
  if (allowed && !allowed.includes(mode)) throw new CryptoError('SDR_ALGMODNOTSUPPORT', `${fn}: SM4 mode ${mode} is not allowed here (${allowed.join(', ')})`);
  return mode;
}

/** Checks an asymmetric id: `expected` (e.g. SGD_SM2_1 for signatures) or SGD_SM2 as a generic SM2 id. */
export function requireSm2(uiAlgID: number, expected: number, fn: string): void {
  if (uiAlgID !== expected && uiAlgID !== SGD_SM2) throw new CryptoError('SDR_ALGNOTSUPPORT', `${fn}: uiAlgID ${hexId(uiAlgID)} is not ${hexId(expected)}`);
}

/** Hash ids the device implements (HashInit, HMACInit). */
export type SdfHash = 'sm3' | 'sha1' | 'sha256';

export function hashOf(uiAlgID: number, fn: string): SdfHash {
  if (uiAlgID === SGD_SM3) return 'sm3';
  if (uiAlgID === SGD_SHA1) return 'sha1';
  if (uiAlgID === SGD_SHA256) return 'sha256';
  throw new CryptoError('SDR_ALGNOTSUPPORT', `${fn}: uiAlgID ${hexId(uiAlgID)} is not a supported hash`);
}

/** DEVICEINFO capability words (GM/T 0018 §5.2): ORs of the ids above. */
export const CAPABILITIES = Object.freeze({
  // RSA keys travel in RSArefPublicKey (RSAref_MAX_BITS = 2048), so 2048 is the one modulus offered.
  asymAlgAbility: [SGD_SM2_1 | SGD_SM2_2 | SGD_SM2_3 | SGD_RSA, 256 | 2048] as const,
  symAlgAbility: SGD_SM4_ECB | SGD_SM4_CBC | SGD_SM4_CFB | SGD_SM4_OFB | SGD_SM4_MAC | SGD_SM4_CTR,
  hashAlgAbility: SGD_SM3 | SGD_SHA1 | SGD_SHA256,
});

export function hexId(id: number): string {
  return `0x${(id >>> 0).toString(16).padStart(8, '0')}`;
}
