/**
 * SM2 key exchange (GM/T 0003.3-2012 = GB/T 32918.3-2016 §6), with the optional confirmation
 * hashes. With w = ⌈⌈log2 n⌉ / 2⌉ − 1 (127 for 256-bit n) and x̄ = 2^w + (x mod 2^w):
 *   initiator A: r_A, R_A = [r_A]G                                   → R_A to B
 *   responder B: r_B, R_B = [r_B]G; t_B = (d_B + x̄2·r_B) mod n;
 *                V = [h·t_B](P_A + [x̄1]R_A); K_B = KDF(xV ‖ yV ‖ Z_A ‖ Z_B, klen);
 *                S_B = SM3(02 ‖ yV ‖ SM3(xV ‖ Z_A ‖ Z_B ‖ x1 ‖ y1 ‖ x2 ‖ y2))  → R_B, S_B to A
 *   A:           t_A = (d_A + x̄1·r_A) mod n; U = [h·t_A](P_B + [x̄2]R_B); K_A likewise;
 *                checks S_1 = SM3(02 ‖ yU ‖ …) = S_B; S_A = SM3(03 ‖ yU ‖ …)     → S_A to B
 *   B:           checks S_2 = SM3(03 ‖ yV ‖ …) = S_A.
 * Z_A is always the initiator's identity hash and (x1, y1) = R_A, (x2, y2) = R_B, whichever side
 * computes. [x̄]R is a public-scalar multiplication (variable time); [t]Q uses the secret t
 * (constant-time path).
 *
 * @module
 */
import { bigIntToBytes, bytesToBigInt, concatBytes, ctEqual, wipe } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { sm3, sm3Kdf } from '../sm3/index.js';
import type { CurveBackend } from './backend.js';
import { parsePrivateKey, parsePublicKey, randomScalar, uncompressed } from './keys.js';
import { sm2p256v1Backend as SM2 } from './sm2p256v1.js';
import { idBytes, zWith } from './z.js';

export type KeyExchangeRole = 'initiator' | 'responder';

export interface KeyExchangeOptions {
  role: KeyExchangeRole;
  /** Own long-term private key d. */
  privateKey: Uint8Array;
  /** Own public key (saves computing [d]G); not checked against d. */
  publicKey?: Uint8Array;
  /** Own user ID; default "1234567812345678". */
  id?: Uint8Array | string;
  /** The peer's long-term public key. */
  peerPublicKey: Uint8Array;
  /** The peer's user ID; default "1234567812345678". */
  peerId?: Uint8Array | string;
  /** Length of the shared key in bytes (>= 1). */
  klen: number;
  /** Source of the ephemeral r; default OS randomness. */
  rand?: RandomSource;
}

export interface KeyExchangeResult {
  /** The shared key K (klen bytes). */
  key: Uint8Array;
  /** The confirmation hash to send to the peer: S_B from the responder, S_A from the initiator. */
  confirmation: Uint8Array;
  /** The hash the peer is expected to send: S_1 (= S_B) for the initiator, S_2 (= S_A) for the responder. */
  expectedConfirmation: Uint8Array;
}

export interface KeyExchange {
  readonly role: KeyExchangeRole;
  /** Own ephemeral public key R (04 ‖ x ‖ y) to send to the peer. */
  readonly ephemeralPublicKey: Uint8Array;
  /**
   * Computes the shared key from the peer's ephemeral key (single use). If the peer's
   * confirmation hash is already known (the initiator receives S_B with R_B) pass it to have it
   * checked before the key is released.
   * @throws CryptoError SDR_KEYERR for an invalid peer ephemeral key, SDR_VERIFYERR when the
   * given confirmation does not match.
   */
  computeKey(peerEphemeralPublicKey: Uint8Array, peerConfirmation?: Uint8Array): KeyExchangeResult;
  /** Checks the peer's confirmation hash (after computeKey). @throws CryptoError SDR_VERIFYERR */
  confirm(peerConfirmation: Uint8Array): void;
  /** Wipes the ephemeral secret and the derived values. */
  destroy(): void;
}

const W = 127n; // ⌈⌈log2 n⌉ / 2⌉ − 1 for 256-bit n
const W_MASK = (1n << W) - 1n;

/** x̄ = 2^w + (x mod 2^w) as 32 bytes (GM/T 0003.3 §6.1 A4/B3). */
function xBar(xy: Uint8Array): Uint8Array {
  return bigIntToBytes((1n << W) + (bytesToBigInt(xy.subarray(0, 32)) & W_MASK), 32);
}

/** The key exchange on any backend (the public `createKeyExchange` binds sm2p256v1). */
export function createKeyExchangeWith(curve: CurveBackend, o: KeyExchangeOptions): KeyExchange {
  const fn = 'sm2.createKeyExchange';
  if (o === null || typeof o !== 'object') throw new TypeError(`${fn}: options required`);
  const role = o.role;
  if (role !== 'initiator' && role !== 'responder') throw new TypeError(`${fn}: role must be 'initiator' or 'responder'`);
  if (!Number.isSafeInteger(o.klen) || o.klen < 1) throw new RangeError(`${fn}: klen must be a positive integer (bytes)`);
  const d = parsePrivateKey(curve, o.privateKey, fn).slice();
  const own = o.publicKey !== undefined ? parsePublicKey(curve, o.publicKey, fn) : curve.decodePoint(curve.mulBase(d))!;
  const peer = parsePublicKey(curve, o.peerPublicKey, fn, 'peer public key');
  const zOwn = zWith(curve, own, idBytes(o.id, fn));
  const zPeer = zWith(curve, peer, idBytes(o.peerId, fn));
  const [zA, zB] = role === 'initiator' ? [zOwn, zPeer] : [zPeer, zOwn];
  const r = randomScalar(o.rand ?? osRandom, curve.nBytes, fn);
  const R = curve.mulBase(r);
  let expected: Uint8Array | undefined;
  let used = false;
  let live = true;

  const destroy = (): void => {
    wipe(d, r);
    if (expected) wipe(expected);
    live = false;
  };

  return Object.freeze({
    role,
    ephemeralPublicKey: uncompressed(R),
    computeKey(peerEphemeralPublicKey: Uint8Array, peerConfirmation?: Uint8Array): KeyExchangeResult {
      const f = 'sm2.KeyExchange.computeKey';
      if (!live || used) throw new TypeError(`${f}: key exchange already used or destroyed`);
      const Rp = parsePublicKey(curve, peerEphemeralPublicKey, f, 'peer ephemeral key');
      used = true;
      // t = (d + x̄_own·r) mod n; Q = P_peer + [x̄_peer]R_peer; U (or V) = [h·t]Q with h = 1.
      const xo = xBar(R), xp = xBar(Rp.xy);
      const t = curve.scalarMulAdd(d, xo, r);
      wipe(d, r);
      const Q = curve.mulAddVartime(peer, xp, Rp);
      if (Q === null) {
        wipe(t);
        throw new CryptoError('SDR_KEYERR', `${f}: peer keys give the point at infinity`);
      }
      const UV = curve.mulPoint(t, Q);
      wipe(t);
      const [x1y1, x2y2] = role === 'initiator' ? [R, Rp.xy] : [Rp.xy, R];
      const xU = UV.subarray(0, 32), yU = UV.subarray(32);
      const key = sm3Kdf(concatBytes(UV, zA, zB), o.klen);
      const inner = sm3.create().update(xU).update(zA).update(zB).update(x1y1).update(x2y2).digest();
      const h2 = sm3.create().update(Uint8Array.of(2)).update(yU).update(inner).digest();
      const h3 = sm3.create().update(Uint8Array.of(3)).update(yU).update(inner).digest();
      wipe(UV, inner);
      // Initiator sends S_A = h3 and expects S_B = h2; responder sends S_B = h2, expects S_A = h3.
      const [confirmation, exp] = role === 'initiator' ? [h3, h2] : [h2, h3];
      expected = exp;
      if (peerConfirmation !== undefined && !matches(peerConfirmation, exp)) {
        wipe(key, confirmation);
        throw new CryptoError('SDR_VERIFYERR', `${f}: key confirmation failed`);
      }
      return { key, confirmation, expectedConfirmation: exp.slice() };
    },
    confirm(peerConfirmation: Uint8Array): void {
      const f = 'sm2.KeyExchange.confirm';
      if (expected === undefined) throw new TypeError(`${f}: call computeKey first`);
      if (!matches(peerConfirmation, expected)) {
        throw new CryptoError('SDR_VERIFYERR', `${f}: key confirmation failed`);
      }
    },
    destroy,
  });
}

function matches(got: unknown, want: Uint8Array): boolean {
  if (!(got instanceof Uint8Array)) throw new TypeError('sm2.KeyExchange: confirmation must be a Uint8Array');
  return ctEqual(got, want);
}

/**
 * Starts an SM2 key exchange for one side (GM/T 0003.3 §6.1). Draws the ephemeral r at once;
 * send `ephemeralPublicKey` to the peer, then call `computeKey` with the peer's.
 * @throws CryptoError SDR_KEYERR (keys), SDR_USERIDERR (IDs), SDR_RANDERR.
 */
export function createKeyExchange(opts: KeyExchangeOptions): KeyExchange {
  return createKeyExchangeWith(SM2, opts);
}

