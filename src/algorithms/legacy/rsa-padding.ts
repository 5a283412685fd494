/**
 * RSAES-PKCS1-v1_5 decoding (RFC 8017 §7.2.2 step 3), done here because Node 20 refuses
 * `privateDecrypt` with RSA_PKCS1_PADDING (CVE-2023-46809, the Marvin attack) unless the
 * process runs with --security-revert, and GM/T 0018 digital envelopes still need it.
 *
 * The scan is branch-free over the whole block (masks, no early exit), so its time does not
 * depend on where the padding is wrong; the single branch at the end -- success or one opaque
 * error -- is unavoidable for an API that must report failure. WARNING: that one bit is a
 * Bleichenbacher oracle if a remote party can observe it over many chosen ciphertexts; use
 * OAEP wherever the protocol allows.
 *
 * @module
 */

/** 1 when the byte `x` (0..255) is zero, else 0, without a branch. */
function isZero(x: number): number {
  return ((x | -x) >>> 31) ^ 1;
}

/**
 * Offset of the message in EM = 00 ‖ 02 ‖ PS (>= 8 non-zero bytes) ‖ 00 ‖ M, or -1 when EM is
 * not such a block. `em` is the full k-byte output of the raw RSA private operation.
 */
export function pkcs1v15MessageOffset(em: Uint8Array): number {
  const k = em.length;
  let good = isZero(em[0]!) & isZero(em[1]! ^ 0x02);
  let found = 0;
  let sep = 0;
  for (let i = 2; i < k; i++) {
    const z = isZero(em[i]!);
    sep |= -(z & (found ^ 1)) & i; // index of the first zero after 00 02
    found |= z;
  }
  good &= found;
  good &= ((sep - 10) >>> 31) ^ 1; // PS is em[2..sep): at least 8 bytes
  return good === 1 ? sep + 1 : -1;
}
