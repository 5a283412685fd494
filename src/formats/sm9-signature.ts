/**
 * SM9 signature encodings: raw h ‖ S (97 bytes: h 32 bytes, S = 04 ‖ x ‖ y) <-> DER
 * `SM9Signature ::= SEQUENCE { h OCTET STRING, S BIT STRING }` (GM/T 0080-2020 SM9 application
 * specification; the form GmSSL `sm9_signature_to_der` and gmsm write), S holding the
 * uncompressed point with no unused bits.
 *
 * With a 32-byte h and a 65-byte S every encoding is the same 104 bytes:
 *   30 66  04 20 <h>  03 42 00 <S>
 *
 * Input is read as strict DER (X.690 §10) by the walk in der.ts: one encoding per signature, so
 * a re-encoded (malleated) signature is refused rather than verified. Refused: long-form or
 * indefinite lengths, constructed strings, trailing bytes, other tags, h not 32 bytes, S not
 * 65 bytes or with unused bits. Range and point checks (1 <= h < N, S on the curve) belong to
 * SM9 verification, which returns false for them.
 *
 * Error code: a signature that is not DER is a bad input, CryptoError SDR_INARGERR with
 * "signature is not DER: <reason>" (as for SM2 signatures); never SDR_VERIFYERR.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import { TAG, content, expectTag, parseDer, type Fail } from './der.js';

/** Length of a raw SM9 signature h ‖ S. */
const RAW_LEN = 97;
/** DER header bytes before h, and between h and S. */
const HEAD = Uint8Array.of(TAG.SEQUENCE, 0x66, TAG.OCTET_STRING, 0x20);
const MID = Uint8Array.of(TAG.BIT_STRING, 0x42, 0x00);

/**
 * DER of a raw SM9 signature h ‖ S (97 bytes): always 104 bytes.
 * @throws CryptoError SDR_INARGERR (not 97 bytes); TypeError (not a Uint8Array).
 */
export function sm9SignatureToDer(raw: Uint8Array): Uint8Array {
  const what = 'sm9SignatureToDer';
  if (!(raw instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  if (raw.length !== RAW_LEN) {
    throw new CryptoError('SDR_INARGERR', `${what}: raw signature must be ${RAW_LEN} bytes h||S, got ${raw.length}`);
  }
  const out = new Uint8Array(104);
  out.set(HEAD, 0);
  out.set(raw.subarray(0, 32), 4);
  out.set(MID, 36);
  out.set(raw.subarray(32), 39);
  return out;
}

/**
 * Raw h ‖ S (97 bytes) of a strict-DER SM9Signature.
 * @throws CryptoError SDR_INARGERR "signature is not DER: <reason>"; TypeError.
 */
export function sm9SignatureFromDer(der: Uint8Array): Uint8Array {
  const what = 'sm9SignatureFromDer';
  if (!(der instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  const fail: Fail = (reason) => {
    throw new CryptoError('SDR_INARGERR', `${what}: signature is not DER: ${reason}`);
  };
  const root = expectTag(parseDer(der, fail), TAG.SEQUENCE, 'SEQUENCE', fail);
  if (root.children.length !== 2) fail(`expected SEQUENCE of OCTET STRING and BIT STRING, got ${root.children.length} elements`);
  const h = content(der, expectTag(root.children[0], TAG.OCTET_STRING, 'OCTET STRING h', fail));
  const s = content(der, expectTag(root.children[1], TAG.BIT_STRING, 'BIT STRING S', fail));
  if (h.length !== 32) fail(`h must be 32 bytes, got ${h.length}`);
  // BIT STRING content = unused-bit count ‖ bits; der.ts has checked padding bits are zero.
  if (s[0] !== 0) fail(`S has ${s[0]} unused bits`);
  if (s.length - 1 !== 65) fail(`S must be 65 bytes (04||x||y), got ${s.length - 1}`);
  const out = new Uint8Array(RAW_LEN);
  out.set(h, 0);
  out.set(s.subarray(1), 32);
  return out;
}
