/**
 * SM9 keys (master and user key generation of GM/T 0044.2/.3/.4-2016):
 *
 *   signing master key    ks ∈ [1, N−1], Ppub-s = [ks]P2 ∈ G2  (129 bytes, 04 ‖ x ‖ y)
 *   encryption master key ke ∈ [1, N−1], Ppub-e = [ke]P1 ∈ G1  (65 bytes); it also serves the key
 *                         exchange of part 3, whose user keys use hid 0x02
 *   user keys             t1 = (H1(ID ‖ hid, N) + k) mod N (if t1 = 0 the master key must be
 *                         regenerated), t2 = k·t1⁻¹ mod N;
 *                         signing ds = [t2]P1 ∈ G1 (hid 0x01), encryption/exchange de = [t2]P2 ∈ G2
 *                         (hid 0x03 / 0x02)
 *
 * Master private keys are 32-byte big-endian integers. Decoded master public keys are cached
 * (16 entries, keyed by their bytes) together with the pairing value each scheme needs with it
 * (g = e(P1, Ppub-s) or e(Ppub-e, P2)), so repeated operations under one KGC skip the G2 subgroup
 * check and one pairing. Only public values are cached.
 *
 * @module
 */
import { bigIntToBytes, bytesToBigInt, toHex, utf8, wipe } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { osRandom, type RandomSource } from '../internal/random.js';
import { invN, modN } from './fields.js';
import type { Fq12 } from './fq12.js';
import {
  G1, G2, P1, P2, decodeG1, decodeG2, encodeG1, encodeG2, type G1Point, type G2Point,
} from './groups.js';
import { h1 } from './hash.js';
import { pairing } from './pairing.js';
import { N } from './params.js';

/** The hid bytes of GM/T 0044 (parts 2, 3, 4): the default of each scheme. */
export const SM9_HID = Object.freeze({ SIGN: 0x01, EXCHANGE: 0x02, ENCRYPT: 0x03 } as const);

/** A master key pair: `privateKey` (32 bytes) is the KGC's secret, `publicKey` is published. */
export interface Sm9MasterKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Options of user key extraction. */
export interface ExtractOptions {
  /** The hid byte (0..255); default per scheme (0x01 signing, 0x03 encryption, 0x02 exchange). */
  hid?: number;
}

/** A user ID as bytes: strings are UTF-8 encoded. An empty ID is refused. */
export function idBytes(id: unknown, fn: string, what = 'id'): Uint8Array {
  const b = typeof id === 'string' ? utf8(id) : id;
  if (!(b instanceof Uint8Array)) throw new TypeError(`${fn}: ${what} must be a Uint8Array or a string`);
  if (b.length === 0) throw new CryptoError('SDR_USERIDERR', `${fn}: ${what} must not be empty`);
  return b;
}

/** The hid byte, or the scheme's default. */
export function hidArg(hid: unknown, dflt: number, fn: string): number {
  if (hid === undefined) return dflt;
  if (typeof hid !== 'number' || !Number.isInteger(hid) || hid < 0 || hid > 255) {
    throw new RangeError(`${fn}: hid must be an integer in [0, 255]`);
  }
  return hid;
}

export function bytesArg(x: unknown, fn: string, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${fn}: ${what} must be a Uint8Array`);
  return x;
}

/**
 * A random scalar in [1, N − 1]: 32-byte draws, rejected when out of range, so the value is the
 * random source's output itself (tests replay the standard's fixed r this way).
 */
export function randomScalar(rand: RandomSource, fn: string): bigint {
  for (let i = 0; i < 64; i++) {
    const b = rand(32);
    if (!(b instanceof Uint8Array) || b.length !== 32) {
      throw new CryptoError('SDR_RANDERR', `${fn}: random source returned a wrong length`);
    }
    const k = bytesToBigInt(b);
    wipe(b);
    if (k >= 1n && k < N) return k;
  }
  throw new CryptoError('SDR_RANDERR', `${fn}: random source keeps returning out-of-range values`);
}

/** A scalar as 32 big-endian bytes. */
export function scalarToBytes(k: bigint): Uint8Array {
  return bigIntToBytes(k, 32);
}

/** A master private key (32 bytes, 1 <= k <= N − 1) as a scalar; CryptoError SDR_KEYERR otherwise. */
export function parseMasterPrivateKey(key: unknown, fn: string): bigint {
  const b = bytesArg(key, fn, 'master private key');
  if (b.length !== 32) throw new CryptoError('SDR_KEYERR', `${fn}: master private key must be 32 bytes`);
  const k = bytesToBigInt(b);
  if (k < 1n || k >= N) throw new CryptoError('SDR_KEYERR', `${fn}: master private key out of range [1, N-1]`);
  return k;
}

/** A user signing key ds (04 ‖ x ‖ y on E, 65 bytes); CryptoError SDR_KEYERR otherwise. */
export function parseSignUserKey(key: unknown, fn: string): G1Point {
  const b = bytesArg(key, fn, 'user signing key');
  const p = decodeG1(b);
  if (p === null) throw new CryptoError('SDR_KEYERR', `${fn}: invalid user signing key (not a G1 point 04||x||y)`);
  return p;
}

/** A user encryption/exchange key de (04 ‖ x ‖ y in G2, 129 bytes); CryptoError SDR_KEYERR otherwise. */
export function parseEncUserKey(key: unknown, fn: string): G2Point {
  const b = bytesArg(key, fn, 'user private key');
  const p = decodeG2(b);
  if (p === null) throw new CryptoError('SDR_KEYERR', `${fn}: invalid user private key (not a G2 point 04||x||y)`);
  return p;
}

/** A decoded master public key and its pairing value g (computed on first use). */
interface MasterEntry<P> {
  readonly point: P;
  g?: Fq12;
}

const CACHE_SIZE = 16;
const signCache = new Map<string, MasterEntry<G2Point>>();
const encCache = new Map<string, MasterEntry<G1Point>>();

function cached<P>(cache: Map<string, MasterEntry<P>>, b: Uint8Array,
  decode: (b: Uint8Array) => P | null): MasterEntry<P> | null {
  const k = toHex(b);
  let e = cache.get(k);
  if (e !== undefined) {
    cache.delete(k); // most recently used goes last
  } else {
    const p = decode(b);
    if (p === null) return null;
    e = { point: p };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(k, e);
  return e;
}

/** Ppub-s and g = e(P1, Ppub-s). @throws CryptoError SDR_KEYERR unless Ppub-s is in G2. */
export function signMasterPublic(key: unknown, fn: string): { point: G2Point; g: () => Fq12 } {
  const b = bytesArg(key, fn, 'master public key');
  const e = cached(signCache, b, decodeG2);
  if (e === null) throw new CryptoError('SDR_KEYERR', `${fn}: invalid signing master public key (not a G2 point 04||x||y)`);
  return { point: e.point, g: () => (e.g ??= pairing(P1, e.point)) };
}

/** Ppub-e and g = e(Ppub-e, P2). @throws CryptoError SDR_KEYERR unless Ppub-e is in G1. */
export function encMasterPublic(key: unknown, fn: string): { point: G1Point; g: () => Fq12 } {
  const b = bytesArg(key, fn, 'master public key');
  const e = cached(encCache, b, (x) => decodeG1(x));
  if (e === null) throw new CryptoError('SDR_KEYERR', `${fn}: invalid encryption master public key (not a G1 point 04||x||y)`);
  return { point: e.point, g: () => (e.g ??= pairing(e.point, P2)) };
}

/**
 * Q = [H1(ID ‖ hid, N)]P1 + Ppub-e, the user's public point for encryption and exchange.
 * @throws CryptoError SDR_KEYERR when Q is the point at infinity: then H1 + ke ≡ 0 (t1 = 0), so
 *   the identity can have no key under this master key.
 */
export function userEncPoint(ppubE: G1Point, id: Uint8Array, hid: number, fn: string): G1Point {
  const q = G1.add(G1.mulVartime(P1, h1(id, hid)), ppubE);
  if (G1.isInfinity(q)) throw new CryptoError('SDR_KEYERR', `${fn}: this identity has no key under this master key (t1 = 0)`);
  return q;
}

/**
 * P = [H1(ID ‖ hid, N)]P2 + Ppub-s, the user's public point for signature verification; the
 * point at infinity (t1 = 0: no signing key can exist for the identity) is returned as is.
 */
export function userSignPoint(ppubS: G2Point, id: Uint8Array, hid: number): G2Point {
  return G2.add(G2.mulVartime(P2, h1(id, hid)), ppubS);
}

function generateMaster(opts: { rand?: RandomSource } | undefined, encode: (k: bigint) => Uint8Array,
  fn: string): Sm9MasterKeyPair {
  const k = randomScalar(opts?.rand ?? osRandom, fn);
  return Object.freeze({ privateKey: scalarToBytes(k), publicKey: encode(k) });
}

const signPub = (k: bigint): Uint8Array => encodeG2(G2.mul(P2, k));
const encPub = (k: bigint): Uint8Array => encodeG1(G1.mul(P1, k));

/**
 * A signing master key pair: ks and Ppub-s = [ks]P2 (129 bytes).
 * @throws CryptoError SDR_RANDERR if the random source fails.
 */
export function generateSignMasterKey(opts?: { rand?: RandomSource }): Sm9MasterKeyPair {
  return generateMaster(opts, signPub, 'sm9.generateSignMasterKey');
}

/**
 * An encryption (and key exchange) master key pair: ke and Ppub-e = [ke]P1 (65 bytes).
 * @throws CryptoError SDR_RANDERR if the random source fails.
 */
export function generateEncryptMasterKey(opts?: { rand?: RandomSource }): Sm9MasterKeyPair {
  return generateMaster(opts, encPub, 'sm9.generateEncryptMasterKey');
}

/** Ppub-s = [ks]P2 (129 bytes). @throws CryptoError SDR_KEYERR for an invalid ks. */
export function getSignMasterPublicKey(masterPrivateKey: Uint8Array): Uint8Array {
  return signPub(parseMasterPrivateKey(masterPrivateKey, 'sm9.getSignMasterPublicKey'));
}

/** Ppub-e = [ke]P1 (65 bytes). @throws CryptoError SDR_KEYERR for an invalid ke. */
export function getEncryptMasterPublicKey(masterPrivateKey: Uint8Array): Uint8Array {
  return encPub(parseMasterPrivateKey(masterPrivateKey, 'sm9.getEncryptMasterPublicKey'));
}

/** t2 = k·t1⁻¹ mod N with t1 = H1(ID ‖ hid, N) + k; CryptoError SDR_KEYERR when t1 = 0. */
function t2For(k: bigint, id: Uint8Array, hid: number, fn: string): bigint {
  const t1 = modN(h1(id, hid) + k);
  if (t1 === 0n) {
    // GM/T 0044.2-4 key generation: if t1 = 0 the KGC must generate a new master key (and re-extract every user key).
    throw new CryptoError('SDR_KEYERR', `${fn}: t1 = 0 for this identity; the master key must be regenerated`);
  }
  return modN(k * invN(t1));
}

/**
 * The user signing key ds = [t2]P1 (65 bytes) for `id` (GM/T 0044.2).
 * @throws CryptoError SDR_KEYERR (invalid ks, or t1 = 0: regenerate the master key),
 *   SDR_USERIDERR (empty id); RangeError (hid).
 */
export function extractSignUserKey(masterPrivateKey: Uint8Array, id: Uint8Array | string,
  opts: ExtractOptions = {}): Uint8Array {
  const fn = 'sm9.extractSignUserKey';
  const ks = parseMasterPrivateKey(masterPrivateKey, fn);
  const t2 = t2For(ks, idBytes(id, fn), hidArg(opts.hid, SM9_HID.SIGN, fn), fn);
  return encodeG1(G1.mul(P1, t2));
}

function extractDe(masterPrivateKey: Uint8Array, id: Uint8Array | string, hid: unknown, dflt: number,
  fn: string): Uint8Array {
  const ke = parseMasterPrivateKey(masterPrivateKey, fn);
  const t2 = t2For(ke, idBytes(id, fn), hidArg(hid, dflt, fn), fn);
  return encodeG2(G2.mul(P2, t2));
}

/**
 * The user encryption key de = [t2]P2 (129 bytes) for `id`, hid 0x03 (GM/T 0044.4).
 * @throws as extractSignUserKey.
 */
export function extractEncryptUserKey(masterPrivateKey: Uint8Array, id: Uint8Array | string,
  opts: ExtractOptions = {}): Uint8Array {
  return extractDe(masterPrivateKey, id, opts.hid, SM9_HID.ENCRYPT, 'sm9.extractEncryptUserKey');
}

/**
 * The user key-exchange key de = [t2]P2 (129 bytes) for `id`, hid 0x02 (GM/T 0044.3).
 * @throws as extractSignUserKey.
 */
export function extractExchangeUserKey(masterPrivateKey: Uint8Array, id: Uint8Array | string,
  opts: ExtractOptions = {}): Uint8Array {
  return extractDe(masterPrivateKey, id, opts.hid, SM9_HID.EXCHANGE, 'sm9.extractExchangeUserKey');
}
