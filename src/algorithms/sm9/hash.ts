/**
 * The SM9 hash functions H1 and H2 (GM/T 0044.2-2016, cryptographic functions; the same in parts 3 and 4):
 *   Hv(Z, n) with v = 256 (SM3), hlen = 8·⌈(5·log2 n)/32⌉ = 320 bits for the 256-bit N:
 *   Ha = the first 40 bytes of SM3(pfx ‖ Z ‖ 00000001) ‖ SM3(pfx ‖ Z ‖ 00000002),
 *   h  = (Ha mod (n − 1)) + 1, in [1, n − 1];  pfx = 01 for H1, 02 for H2.
 * H1 hashes identities (Z = ID ‖ hid), H2 the signed message with w (Z = M ‖ w).
 *
 * @module
 */
import { bytesToBigInt, concatBytes } from '../internal/bytes.js';
import { sm3 } from '../sm3/index.js';
import { N } from './params.js';

const CT1 = Uint8Array.of(0, 0, 0, 1);
const CT2 = Uint8Array.of(0, 0, 0, 2);

function hv(prefix: number, parts: readonly Uint8Array[]): bigint {
  const base = sm3.create().update(Uint8Array.of(prefix));
  for (const p of parts) base.update(p);
  const ha1 = base.clone().update(CT1).digest();
  const ha2 = base.update(CT2).digest();
  const ha = bytesToBigInt(concatBytes(ha1, ha2.subarray(0, 8)));
  return (ha % (N - 1n)) + 1n;
}

/** H1(ID ‖ hid, N). */
export function h1(id: Uint8Array, hid: number): bigint {
  return hv(0x01, [id, Uint8Array.of(hid)]);
}

/** H2(M ‖ w, N), w the 384-byte GT encoding. */
export function h2(message: Uint8Array, w: Uint8Array): bigint {
  return hv(0x02, [message, w]);
}
