/**
 * SM9 key exchange with the optional key confirmation (GM/T 0044.3-2016, steps A1–A8 / B1–B8), user keys
 * extracted with hid 0x02 under one encryption master key Ppub-e:
 *   initiator A: Q_B = [H1(ID_B ‖ hid, N)]P1 + Ppub-e; r_A; R_A = [r_A]Q_B            → R_A to B
 *   responder B: Q_A likewise; r_B; R_B = [r_B]Q_A; R_A ∈ G1;
 *                g1 = e(R_A, de_B), g2 = e(Ppub-e, P2)^r_B, g3 = g1^r_B;
 *                SK = KDF(ID_A ‖ ID_B ‖ R_A ‖ R_B ‖ g1 ‖ g2 ‖ g3, klen);
 *                S_B = SM3(82 ‖ g1 ‖ SM3(g2 ‖ g3 ‖ ID_A ‖ ID_B ‖ R_A ‖ R_B))         → R_B, S_B to A
 *   A:           R_B ∈ G1; g1 = e(Ppub-e, P2)^r_A, g2 = e(R_B, de_A), g3 = g2^r_A; checks
 *                S_B; the same SK; S_A = SM3(83 ‖ g1 ‖ same inner hash)            → S_A to B
 *   B:           checks S_A.
 * Points inside the hashes are x ‖ y (64 bytes), GT values their 384-byte encoding. Whichever
 * side computes, g1 comes from r_A and g2 from r_B, and ID_A/R_A are the initiator's.
 *
 * Ephemeral keys are sent as 04 ‖ x ‖ y (65 bytes); a peer's 64-byte x ‖ y is also accepted.
 *
 * @module
 */
import { concatBytes, ctEqual, wipe } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { sm3, sm3Kdf } from '../sm3/index.js';
import { fq12ToBytes } from './fq12.js';
import { G1, decodeG1, encodeG1, g1ToXY } from './groups.js';
import {
  SM9_HID, bytesArg, encMasterPublic, hidArg, idBytes, parseEncUserKey, randomScalar, userEncPoint,
} from './keys.js';
import { gtPow, pairing } from './pairing.js';

export type Sm9KeyExchangeRole = 'initiator' | 'responder';

export interface Sm9KeyExchangeOptions {
  role: Sm9KeyExchangeRole;
  /** Ppub-e (65 bytes) of the KGC that issued both users' keys. */
  masterPublicKey: Uint8Array;
  /** Own user key de (129 bytes), extracted with hid 0x02 for `id`. */
  userKey: Uint8Array;
  /** Own identity. */
  id: Uint8Array | string;
  /** The peer's identity. */
  peerId: Uint8Array | string;
  /** Length of the shared key in bytes (>= 1). */
  klen: number;
  /** hid of the exchange keys; default 0x02. */
  hid?: number;
  /** Source of the ephemeral r; default OS randomness. */
  rand?: RandomSource;
}

export interface Sm9KeyExchangeResult {
  /** The shared key SK (klen bytes). */
  key: Uint8Array;
  /** The confirmation to send: S_B from the responder, S_A from the initiator. */
  confirmation: Uint8Array;
  /** The confirmation the peer must send: S_B for the initiator (S1), S_A for the responder (S2). */
  expectedConfirmation: Uint8Array;
}

export interface Sm9KeyExchange {
  readonly role: Sm9KeyExchangeRole;
  /** Own ephemeral point R (04 ‖ x ‖ y) to send to the peer. */
  readonly ephemeralPublicKey: Uint8Array;
  /**
   * Derives the shared key from the peer's ephemeral point (single use). The initiator, who
   * receives S_B together with R_B, may pass it to have it checked before the key is released.
   * @throws CryptoError SDR_KEYERR (peer point not in G1), SDR_VERIFYERR (confirmation mismatch).
   */
  computeKey(peerEphemeralPublicKey: Uint8Array, peerConfirmation?: Uint8Array): Sm9KeyExchangeResult;
  /** Checks the peer's confirmation after computeKey. @throws CryptoError SDR_VERIFYERR */
  confirm(peerConfirmation: Uint8Array): void;
  /** Forgets the ephemeral secret and the expected confirmation. */
  destroy(): void;
}

function matches(got: unknown, want: Uint8Array): boolean {
  if (!(got instanceof Uint8Array)) throw new TypeError('sm9.KeyExchange: confirmation must be a Uint8Array');
  return ctEqual(got, want);
}

/**
 * Starts one side of an SM9 key exchange (GM/T 0044.3): draws r and computes R at once;
 * send `ephemeralPublicKey` to the peer, then call `computeKey` with the peer's.
 * @throws CryptoError SDR_KEYERR (master key, user key), SDR_USERIDERR (empty IDs), SDR_RANDERR;
 *   TypeError (role); RangeError (klen, hid).
 */
export function createKeyExchange(o: Sm9KeyExchangeOptions): Sm9KeyExchange {
  const fn = 'sm9.createKeyExchange';
  if (o === null || typeof o !== 'object') throw new TypeError(`${fn}: options required`);
  const role = o.role;
  if (role !== 'initiator' && role !== 'responder') throw new TypeError(`${fn}: role must be 'initiator' or 'responder'`);
  if (!Number.isSafeInteger(o.klen) || o.klen < 1 || o.klen > 0xffffffff) {
    throw new RangeError(`${fn}: klen must be a positive integer (bytes)`);
  }
  const mpk = encMasterPublic(o.masterPublicKey, fn);
  const de = parseEncUserKey(o.userKey, fn);
  const idOwn = idBytes(o.id, fn);
  const idPeer = idBytes(o.peerId, fn, 'peerId');
  const hid = hidArg(o.hid, SM9_HID.EXCHANGE, fn);
  let r: bigint | undefined = randomScalar(o.rand ?? osRandom, fn);
  const R = G1.mul(userEncPoint(mpk.point, idPeer, hid, fn), r);
  const xyOwn = g1ToXY(R);
  let expected: Uint8Array | undefined;
  let used = false;
  let live = true;

  return Object.freeze({
    role,
    ephemeralPublicKey: encodeG1(R),
    computeKey(peerEphemeralPublicKey: Uint8Array, peerConfirmation?: Uint8Array): Sm9KeyExchangeResult {
      const f = 'sm9.KeyExchange.computeKey';
      if (!live || used || r === undefined) throw new TypeError(`${f}: key exchange already used or destroyed`);
      const Rp = decodeG1(bytesArg(peerEphemeralPublicKey, f, 'peer ephemeral key'), true);
      if (Rp === null) throw new CryptoError('SDR_KEYERR', `${f}: peer ephemeral key is not a point of G1`);
      used = true;
      const xyPeer = g1ToXY(Rp);
      const gOwn = gtPow(mpk.g(), r); // e(Ppub-e, P2)^r
      const gPeer = pairing(Rp, de); // e(R_peer, de) = e(Ppub-e, P2)^r_peer
      const g3 = fq12ToBytes(gtPow(gPeer, r));
      r = undefined;
      const own = fq12ToBytes(gOwn), peer = fq12ToBytes(gPeer);
      const [g1, g2] = role === 'initiator' ? [own, peer] : [peer, own];
      const [idA, idB] = role === 'initiator' ? [idOwn, idPeer] : [idPeer, idOwn];
      const [RA, RB] = role === 'initiator' ? [xyOwn, xyPeer] : [xyPeer, xyOwn];
      const z = concatBytes(idA, idB, RA, RB, g1, g2, g3);
      const key = sm3Kdf(z, o.klen);
      const inner = sm3.create().update(g2).update(g3).update(idA).update(idB).update(RA).update(RB).digest();
      const sB = sm3.create().update(Uint8Array.of(0x82)).update(g1).update(inner).digest();
      const sA = sm3.create().update(Uint8Array.of(0x83)).update(g1).update(inner).digest();
      wipe(z, inner, g1, g2, g3);
      const [confirmation, exp] = role === 'initiator' ? [sA, sB] : [sB, sA];
      expected = exp;
      if (peerConfirmation !== undefined && !matches(peerConfirmation, exp)) {
        wipe(key, confirmation);
        throw new CryptoError('SDR_VERIFYERR', `${f}: key confirmation failed`);
      }
      return { key, confirmation, expectedConfirmation: exp.slice() };
    },
    confirm(peerConfirmation: Uint8Array): void {
      const f = 'sm9.KeyExchange.confirm';
      if (!live) throw new TypeError(`${f}: key exchange was destroyed`);
      if (expected === undefined) throw new TypeError(`${f}: call computeKey first`);
      if (!matches(peerConfirmation, expected)) throw new CryptoError('SDR_VERIFYERR', `${f}: key confirmation failed`);
    },
    destroy(): void {
      r = undefined;
      if (expected) wipe(expected);
      live = false;
    },
  });
}
