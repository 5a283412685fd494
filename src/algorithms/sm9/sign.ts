/**
 * SM9 digital signatures (GM/T 0044.2-2016: generation steps A1–A6, verification B1–B8):
 *   sign:   g = e(P1, Ppub-s); r ∈ [1, N−1]; w = g^r; h = H2(M ‖ w, N); l = (r − h) mod N
 *           (new r if l = 0); S = [l]ds; signature (h, S).
 *   verify: h ∈ [1, N−1]; S ∈ G1; t = g^h; P = [H1(ID ‖ hid, N)]P2 + Ppub-s; u = e(S, P);
 *           w' = u·t; accept iff H2(M ‖ w', N) = h.
 *
 * The raw signature is h ‖ S = 32 + 65 bytes (S as 04 ‖ x ‖ y). The DER form of GM/T 0080 /
 * GmSSL (SEQUENCE { h OCTET STRING, S BIT STRING }) lives in src/formats/sm9-signature.ts.
 *
 * @module
 */
import { bytesToBigInt, concatBytes } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { fq12Mul, fq12ToBytes } from './fq12.js';
import { G1, G2, decodeG1, encodeG1 } from './groups.js';
import { h2 } from './hash.js';
import {
  SM9_HID, bytesArg, hidArg, idBytes, parseSignUserKey, randomScalar, scalarToBytes,
  signMasterPublic, userSignPoint,
} from './keys.js';
import { gtPow, pairing } from './pairing.js';
import { N } from './params.js';

/** Length of a raw signature h ‖ S. */
export const SIGNATURE_BYTES = 97;

export interface SignOptions {
  /** Source of r; default OS randomness. Tests replay the standard's fixed r through it. */
  rand?: RandomSource;
}

export interface VerifyOptions {
  /** The hid byte the signer's key was extracted with; default 0x01. */
  hid?: number;
}

/**
 * Signs `message` with the user signing key ds: h ‖ S (97 bytes).
 * @param masterPublicKey Ppub-s (129 bytes) of the KGC that issued ds.
 * @param userKey ds (65 bytes, 04 ‖ x ‖ y).
 * @throws CryptoError SDR_KEYERR (Ppub-s not in G2, ds not on the curve), SDR_RANDERR.
 */
export function sign(masterPublicKey: Uint8Array, userKey: Uint8Array, message: Uint8Array,
  opts: SignOptions = {}): Uint8Array {
  const fn = 'sm9.sign';
  const mpk = signMasterPublic(masterPublicKey, fn);
  const ds = parseSignUserKey(userKey, fn);
  const msg = bytesArg(message, fn, 'message');
  const rand = opts.rand ?? osRandom;
  const g = mpk.g();
  for (let attempt = 0; attempt < 64; attempt++) {
    const r = randomScalar(rand, fn);
    const w = fq12ToBytes(gtPow(g, r));
    const h = h2(msg, w);
    let l = (r - h) % N;
    if (l < 0n) l += N;
    if (l === 0n) continue; // GM/T 0044.2 step A5: choose a new r
    const S = G1.mul(ds, l);
    return concatBytes(scalarToBytes(h), encodeG1(S));
  }
  throw new CryptoError('SDR_RANDERR', `${fn}: no valid signature after 64 attempts`);
}

/**
 * Verifies h ‖ S on `message` for the identity `id`. Returns false for any wrong signature,
 * including h outside [1, N−1] and an S that is not a point of G1.
 * @throws CryptoError SDR_KEYERR (Ppub-s), SDR_INARGERR (signature not 97 bytes),
 *   SDR_USERIDERR (empty id); RangeError (hid).
 */
export function verify(masterPublicKey: Uint8Array, id: Uint8Array | string, message: Uint8Array,
  signature: Uint8Array, opts: VerifyOptions = {}): boolean {
  const fn = 'sm9.verify';
  const mpk = signMasterPublic(masterPublicKey, fn);
  const idb = idBytes(id, fn);
  const hid = hidArg(opts.hid, SM9_HID.SIGN, fn);
  const msg = bytesArg(message, fn, 'message');
  const sig = bytesArg(signature, fn, 'signature');
  if (sig.length !== SIGNATURE_BYTES) {
    throw new CryptoError('SDR_INARGERR', `${fn}: signature must be ${SIGNATURE_BYTES} bytes h||S, got ${sig.length}`);
  }
  const h = bytesToBigInt(sig.subarray(0, 32));
  if (h < 1n || h >= N) return false; // step B1
  const S = decodeG1(sig.subarray(32)); // step B2: S ∈ G1 (cofactor 1: on the curve)
  if (S === null) return false;
  const t = gtPow(mpk.g(), h);
  const P = userSignPoint(mpk.point, idb, hid);
  if (G2.isInfinity(P)) return false; // t1 = 0: no signing key exists for this identity
  const u = pairing(S, P);
  const w = fq12ToBytes(fq12Mul(u, t));
  return h2(msg, w) === h;
}
