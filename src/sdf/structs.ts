/**
 * The GM/T 0018 structures (sdf-api.md §2, RSAref_MAX_BITS = 2048, ECCref_MAX_BITS = 512) as
 * TypeScript objects with the standard's field names and fixed field sizes, their packed C
 * layout (`#pragma pack(1)`; ULONG fields little-endian as on x86-64 and aarch64, which is what
 * the C library on the other end of the wire passes through), and conversions to the raw forms
 * the engine uses (SM2 points 04‖x‖y, 32-byte private keys, C1‖C3‖C2 ciphertexts, RSA
 * components).
 *
 * Big integers are big-endian and right-aligned in their arrays: a 32-byte SM2 coordinate sits in
 * bytes 32..63 of its 64-byte field, the first 32 bytes zero. Conversions check that and the
 * `bits` field; a structure of the wrong size or shape is SDR_INARGERR, a key that does not fit
 * is SDR_KEYERR.
 *
 * @module
 */
import { concatBytes, copyBytes } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import type { RsaPrivateComponents, RsaPublicComponents } from '../algorithms/legacy/index.js';

export const RSAref_MAX_BITS = 2048;
export const RSAref_MAX_LEN = 256;
export const RSAref_MAX_PLEN = 128;
export const ECCref_MAX_BITS = 512;
export const ECCref_MAX_LEN = 64;

const SM2_BITS = 256;
const SM2_LEN = 32;

export interface DEVICEINFO {
  /** Manufacturer, 40 bytes (ASCII, NUL-padded). */
  IssuerName: string;
  /** Model, 16 bytes. */
  DeviceName: string;
  /** 16 bytes: 8-character date, 3-character batch, 5-character serial. */
  DeviceSerial: string;
  DeviceVersion: number;
  StandardVersion: number;
  /** [0] OR of asymmetric algorithm ids, [1] OR of supported modulus lengths. */
  AsymAlgAbility: [number, number];
  SymAlgAbility: number;
  HashAlgAbility: number;
  /** Bytes of user-file storage. */
  BufferSize: number;
}

export interface RSArefPublicKey {
  bits: number;
  m: Uint8Array; // 256
  e: Uint8Array; // 256
}

export interface RSArefPrivateKey extends RSArefPublicKey {
  d: Uint8Array; // 256
  prime: [Uint8Array, Uint8Array]; // 128 each
  pexp: [Uint8Array, Uint8Array]; // 128 each
  coef: Uint8Array; // 128
}

export interface ECCrefPublicKey {
  bits: number;
  x: Uint8Array; // 64
  y: Uint8Array; // 64
}

export interface ECCrefPrivateKey {
  bits: number;
  K: Uint8Array; // 64
}

export interface ECCCipher {
  x: Uint8Array; // 64
  y: Uint8Array; // 64
  /** C3 = SM3(x2 ‖ M ‖ y2), 32 bytes. */
  M: Uint8Array;
  /** Length of C. */
  L: number;
  /** C2. */
  C: Uint8Array;
}

export interface ECCSignature {
  r: Uint8Array; // 64
  s: Uint8Array; // 64
}

export const STRUCT_SIZES = Object.freeze({
  DEVICEINFO: 100,
  RSArefPublicKey: 4 + 2 * RSAref_MAX_LEN,
  RSArefPrivateKey: 4 + 3 * RSAref_MAX_LEN + 5 * RSAref_MAX_PLEN,
  ECCrefPublicKey: 4 + 2 * ECCref_MAX_LEN,
  ECCrefPrivateKey: 4 + ECCref_MAX_LEN,
  /** Without C: x, y, M, L. */
  ECCCipherHeader: 2 * ECCref_MAX_LEN + 32 + 4,
  ECCSignature: 2 * ECCref_MAX_LEN,
});

function bad(what: string): CryptoError {
  return new CryptoError('SDR_INARGERR', `SDF structure: ${what}`);
}

/** Right-aligns a big-endian integer of at most `size` bytes (leading zeros dropped first). */
function rightAlign(value: Uint8Array, size: number, what: string): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const v = value.subarray(start);
  if (v.length > size) throw new CryptoError('SDR_KEYERR', `SDF structure: ${what} is longer than ${size} bytes`);
  const out = new Uint8Array(size);
  out.set(v, size - v.length);
  return out;
}

/** The low `n` bytes of a right-aligned field, which must have zeros above them. */
function lowBytes(field: Uint8Array, n: number, what: string): Uint8Array {
  for (let i = 0; i < field.length - n; i++) if (field[i] !== 0) throw new CryptoError('SDR_KEYERR', `SDF structure: ${what} does not fit in ${n} bytes`);
  return copyBytes(field, field.length - n);
}

function fixed(field: Uint8Array, size: number, what: string): Uint8Array {
  if (!(field instanceof Uint8Array) || field.length !== size) throw bad(`${what} must be ${size} bytes`);
  return field;
}

// ---- conversions to and from raw forms ----

/** 04 ‖ x ‖ y (65 bytes) → ECCrefPublicKey (bits 256). */
export function eccPublicKeyFromPoint(point: Uint8Array): ECCrefPublicKey {
  if (point.length !== 1 + 2 * SM2_LEN || point[0] !== 0x04) throw new CryptoError('SDR_KEYERR', 'SDF structure: SM2 public key must be 04 ‖ x ‖ y');
  return {
    bits: SM2_BITS,
    x: rightAlign(point.subarray(1, 1 + SM2_LEN), ECCref_MAX_LEN, 'x'),
    y: rightAlign(point.subarray(1 + SM2_LEN), ECCref_MAX_LEN, 'y'),
  };
}

/** ECCrefPublicKey → 04 ‖ x ‖ y. The curve check is the caller's (the engine's key validation). */
export function eccPublicKeyToPoint(key: ECCrefPublicKey): Uint8Array {
  if (key.bits !== SM2_BITS) throw new CryptoError('SDR_KEYERR', `SDF structure: ECCrefPublicKey.bits is ${key.bits}, SM2 keys are 256`);
  const x = lowBytes(fixed(key.x, ECCref_MAX_LEN, 'ECCrefPublicKey.x'), SM2_LEN, 'ECCrefPublicKey.x');
  const y = lowBytes(fixed(key.y, ECCref_MAX_LEN, 'ECCrefPublicKey.y'), SM2_LEN, 'ECCrefPublicKey.y');
  return concatBytes(Uint8Array.of(0x04), x, y);
}

/** 32-byte d → ECCrefPrivateKey. */
export function eccPrivateKeyFromBytes(d: Uint8Array): ECCrefPrivateKey {
  if (d.length !== SM2_LEN) throw new CryptoError('SDR_KEYERR', 'SDF structure: SM2 private key must be 32 bytes');
  const K = new Uint8Array(ECCref_MAX_LEN);
  K.set(d, ECCref_MAX_LEN - SM2_LEN);
  return { bits: SM2_BITS, K };
}

/** ECCrefPrivateKey → 32-byte d (a copy the caller wipes). */
export function eccPrivateKeyToBytes(key: ECCrefPrivateKey): Uint8Array {
  if (key.bits !== SM2_BITS) throw new CryptoError('SDR_KEYERR', `SDF structure: ECCrefPrivateKey.bits is ${key.bits}, SM2 keys are 256`);
  return lowBytes(fixed(key.K, ECCref_MAX_LEN, 'ECCrefPrivateKey.K'), SM2_LEN, 'ECCrefPrivateKey.K');
}

/** 64-byte r ‖ s → ECCSignature. */
export function eccSignatureFromRaw(rs: Uint8Array): ECCSignature {
  if (rs.length !== 2 * SM2_LEN) throw bad('an SM2 signature must be 64 bytes r ‖ s');
  return { r: rightAlign(rs.subarray(0, SM2_LEN), ECCref_MAX_LEN, 'r'), s: rightAlign(rs.subarray(SM2_LEN), ECCref_MAX_LEN, 's') };
}

/** ECCSignature → 64-byte r ‖ s. An r or s wider than 32 bytes cannot be an SM2 signature: SDR_VERIFYERR. */
export function eccSignatureToRaw(sig: ECCSignature): Uint8Array {
  const part = (f: Uint8Array, what: string): Uint8Array => {
    fixed(f, ECCref_MAX_LEN, `ECCSignature.${what}`);
    for (let i = 0; i < ECCref_MAX_LEN - SM2_LEN; i++) if (f[i] !== 0) throw new CryptoError('SDR_VERIFYERR', `SDF structure: ECCSignature.${what} is out of range`);
    return f.subarray(ECCref_MAX_LEN - SM2_LEN);
  };
  return concatBytes(part(sig.r, 'r'), part(sig.s, 's'));
}

/** C1 ‖ C3 ‖ C2 with C1 = 04 ‖ x1 ‖ y1 → ECCCipher. */
export function eccCipherFromC1C3C2(ct: Uint8Array): ECCCipher {
  const head = 1 + 2 * SM2_LEN + 32;
  if (ct.length < head || ct[0] !== 0x04) throw new CryptoError('SDR_ENCDATAERR', 'SDF structure: SM2 ciphertext must be 04 ‖ x1 ‖ y1 ‖ C3 ‖ C2');
  const C = copyBytes(ct, head);
  return {
    x: rightAlign(ct.subarray(1, 1 + SM2_LEN), ECCref_MAX_LEN, 'C1.x'),
    y: rightAlign(ct.subarray(1 + SM2_LEN, 1 + 2 * SM2_LEN), ECCref_MAX_LEN, 'C1.y'),
    M: copyBytes(ct, 1 + 2 * SM2_LEN, head),
    L: C.length,
    C,
  };
}

/** ECCCipher → C1 ‖ C3 ‖ C2. A malformed structure is SDR_ENCDATAERR (it is ciphertext). */
export function eccCipherToC1C3C2(c: ECCCipher): Uint8Array {
  const field = (f: Uint8Array, what: string): Uint8Array => {
    if (!(f instanceof Uint8Array) || f.length !== ECCref_MAX_LEN) throw new CryptoError('SDR_ENCDATAERR', `SDF structure: ECCCipher.${what} must be 64 bytes`);
    for (let i = 0; i < ECCref_MAX_LEN - SM2_LEN; i++) if (f[i] !== 0) throw new CryptoError('SDR_ENCDATAERR', `SDF structure: ECCCipher.${what} is out of range`);
    return f.subarray(ECCref_MAX_LEN - SM2_LEN);
  };
  if (!(c.M instanceof Uint8Array) || c.M.length !== 32) throw new CryptoError('SDR_ENCDATAERR', 'SDF structure: ECCCipher.M must be 32 bytes');
  if (!(c.C instanceof Uint8Array) || c.L !== c.C.length) throw new CryptoError('SDR_ENCDATAERR', 'SDF structure: ECCCipher.L must equal the length of C');
  return concatBytes(Uint8Array.of(0x04), field(c.x, 'x'), field(c.y, 'y'), c.M, c.C);
}

/** RSA components → RSArefPublicKey (bits from the modulus). */
export function rsaPublicKeyFromComponents(k: RsaPublicComponents): RSArefPublicKey {
  const m = rightAlign(k.n, RSAref_MAX_LEN, 'RSA modulus');
  return { bits: modulusBits(m), m, e: rightAlign(k.e, RSAref_MAX_LEN, 'RSA public exponent') };
}

export function rsaPrivateKeyFromComponents(k: RsaPrivateComponents): RSArefPrivateKey {
  const pub = rsaPublicKeyFromComponents(k);
  return {
    ...pub,
    d: rightAlign(k.d, RSAref_MAX_LEN, 'RSA d'),
    prime: [rightAlign(k.p, RSAref_MAX_PLEN, 'RSA p'), rightAlign(k.q, RSAref_MAX_PLEN, 'RSA q')],
    pexp: [rightAlign(k.dp, RSAref_MAX_PLEN, 'RSA dp'), rightAlign(k.dq, RSAref_MAX_PLEN, 'RSA dq')],
    coef: rightAlign(k.qinv, RSAref_MAX_PLEN, 'RSA qinv'),
  };
}

/** Minimal big-endian bytes (no leading zeros; at least one byte). */
function minimal(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return copyBytes(b, i);
}

export function rsaPublicKeyToComponents(k: RSArefPublicKey): RsaPublicComponents {
  const m = fixed(k.m, RSAref_MAX_LEN, 'RSArefPublicKey.m');
  const e = fixed(k.e, RSAref_MAX_LEN, 'RSArefPublicKey.e');
  if (k.bits !== modulusBits(m)) throw new CryptoError('SDR_KEYERR', `SDF structure: RSArefPublicKey.bits ${k.bits} does not match the modulus`);
  return { n: minimal(m), e: minimal(e) };
}

export function rsaPrivateKeyToComponents(k: RSArefPrivateKey): RsaPrivateComponents {
  const pub = rsaPublicKeyToComponents(k);
  const half = (f: Uint8Array, what: string): Uint8Array => minimal(fixed(f, RSAref_MAX_PLEN, `RSArefPrivateKey.${what}`));
  if (!Array.isArray(k.prime) || !Array.isArray(k.pexp) || k.prime.length !== 2 || k.pexp.length !== 2) throw bad('RSArefPrivateKey.prime and pexp hold two values');
  return {
    ...pub,
    d: minimal(fixed(k.d, RSAref_MAX_LEN, 'RSArefPrivateKey.d')),
    p: half(k.prime[0], 'prime[0]'),
    q: half(k.prime[1], 'prime[1]'),
    dp: half(k.pexp[0], 'pexp[0]'),
    dq: half(k.pexp[1], 'pexp[1]'),
    qinv: half(k.coef, 'coef'),
  };
}

function modulusBits(m: Uint8Array): number {
  let i = 0;
  while (i < m.length && m[i] === 0) i++;
  if (i === m.length) return 0;
  return (m.length - i) * 8 - Math.clz32(m[i]!) + 24;
}

// ---- packed C layout ----

class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private off = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u32(v: number): void {
    this.view.setUint32(this.off, v >>> 0, true);
    this.off += 4;
  }
  raw(b: Uint8Array, size: number, what: string): void {
    this.bytes.set(fixed(b, size, what), this.off);
    this.off += size;
  }
  text(s: string, size: number, what: string): void {
    const b = new TextEncoder().encode(s);
    if (b.length > size) throw bad(`${what} is longer than ${size} bytes`);
    this.bytes.set(b, this.off);
    this.off += size;
  }
}

class Reader {
  private readonly view: DataView;
  private off = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u32(): number {
    const v = this.view.getUint32(this.off, true);
    this.off += 4;
    return v;
  }
  raw(size: number): Uint8Array {
    const b = copyBytes(this.bytes, this.off, this.off + size);
    this.off += size;
    return b;
  }
  text(size: number): string {
    const b = this.raw(size);
    const end = b.indexOf(0);
    return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
  }
}

function sized(bytes: Uint8Array, size: number, name: string): Reader {
  if (!(bytes instanceof Uint8Array) || bytes.length !== size) throw bad(`${name} is ${size} bytes, got ${bytes?.length}`);
  return new Reader(bytes);
}

export function encodeDEVICEINFO(v: DEVICEINFO): Uint8Array {
  const w = new Writer(STRUCT_SIZES.DEVICEINFO);
  w.text(v.IssuerName, 40, 'IssuerName');
  w.text(v.DeviceName, 16, 'DeviceName');
  w.text(v.DeviceSerial, 16, 'DeviceSerial');
  w.u32(v.DeviceVersion);
  w.u32(v.StandardVersion);
  w.u32(v.AsymAlgAbility[0]);
  w.u32(v.AsymAlgAbility[1]);
  w.u32(v.SymAlgAbility);
  w.u32(v.HashAlgAbility);
  w.u32(v.BufferSize);
  return w.bytes;
}

export function decodeDEVICEINFO(b: Uint8Array): DEVICEINFO {
  const r = sized(b, STRUCT_SIZES.DEVICEINFO, 'DEVICEINFO');
  return {
    IssuerName: r.text(40),
    DeviceName: r.text(16),
    DeviceSerial: r.text(16),
    DeviceVersion: r.u32(),
    StandardVersion: r.u32(),
    AsymAlgAbility: [r.u32(), r.u32()],
    SymAlgAbility: r.u32(),
    HashAlgAbility: r.u32(),
    BufferSize: r.u32(),
  };
}

export function encodeRSArefPublicKey(k: RSArefPublicKey): Uint8Array {
  const w = new Writer(STRUCT_SIZES.RSArefPublicKey);
  w.u32(k.bits);
  w.raw(k.m, RSAref_MAX_LEN, 'RSArefPublicKey.m');
  w.raw(k.e, RSAref_MAX_LEN, 'RSArefPublicKey.e');
  return w.bytes;
}

export function decodeRSArefPublicKey(b: Uint8Array): RSArefPublicKey {
  const r = sized(b, STRUCT_SIZES.RSArefPublicKey, 'RSArefPublicKey');
  return { bits: r.u32(), m: r.raw(RSAref_MAX_LEN), e: r.raw(RSAref_MAX_LEN) };
}

export function encodeRSArefPrivateKey(k: RSArefPrivateKey): Uint8Array {
  const w = new Writer(STRUCT_SIZES.RSArefPrivateKey);
  w.u32(k.bits);
  w.raw(k.m, RSAref_MAX_LEN, 'RSArefPrivateKey.m');
  w.raw(k.e, RSAref_MAX_LEN, 'RSArefPrivateKey.e');
  w.raw(k.d, RSAref_MAX_LEN, 'RSArefPrivateKey.d');
  w.raw(k.prime[0], RSAref_MAX_PLEN, 'RSArefPrivateKey.prime[0]');
  w.raw(k.prime[1], RSAref_MAX_PLEN, 'RSArefPrivateKey.prime[1]');
  w.raw(k.pexp[0], RSAref_MAX_PLEN, 'RSArefPrivateKey.pexp[0]');
  w.raw(k.pexp[1], RSAref_MAX_PLEN, 'RSArefPrivateKey.pexp[1]');
  w.raw(k.coef, RSAref_MAX_PLEN, 'RSArefPrivateKey.coef');
  return w.bytes;
}

export function decodeRSArefPrivateKey(b: Uint8Array): RSArefPrivateKey {
  const r = sized(b, STRUCT_SIZES.RSArefPrivateKey, 'RSArefPrivateKey');
  return {
    bits: r.u32(),
    m: r.raw(RSAref_MAX_LEN),
    e: r.raw(RSAref_MAX_LEN),
    d: r.raw(RSAref_MAX_LEN),
    prime: [r.raw(RSAref_MAX_PLEN), r.raw(RSAref_MAX_PLEN)],
    pexp: [r.raw(RSAref_MAX_PLEN), r.raw(RSAref_MAX_PLEN)],
    coef: r.raw(RSAref_MAX_PLEN),
  };
}

export function encodeECCrefPublicKey(k: ECCrefPublicKey): Uint8Array {
  const w = new Writer(STRUCT_SIZES.ECCrefPublicKey);
  w.u32(k.bits);
  w.raw(k.x, ECCref_MAX_LEN, 'ECCrefPublicKey.x');
  w.raw(k.y, ECCref_MAX_LEN, 'ECCrefPublicKey.y');
  return w.bytes;
}

export function decodeECCrefPublicKey(b: Uint8Array): ECCrefPublicKey {
  const r = sized(b, STRUCT_SIZES.ECCrefPublicKey, 'ECCrefPublicKey');
  return { bits: r.u32(), x: r.raw(ECCref_MAX_LEN), y: r.raw(ECCref_MAX_LEN) };
}

export function encodeECCrefPrivateKey(k: ECCrefPrivateKey): Uint8Array {
  const w = new Writer(STRUCT_SIZES.ECCrefPrivateKey);
  w.u32(k.bits);
  w.raw(k.K, ECCref_MAX_LEN, 'ECCrefPrivateKey.K');
  return w.bytes;
}

export function decodeECCrefPrivateKey(b: Uint8Array): ECCrefPrivateKey {
  const r = sized(b, STRUCT_SIZES.ECCrefPrivateKey, 'ECCrefPrivateKey');
  return { bits: r.u32(), K: r.raw(ECCref_MAX_LEN) };
}

export function encodeECCCipher(c: ECCCipher): Uint8Array {
  if (!(c.C instanceof Uint8Array) || c.L !== c.C.length) throw bad('ECCCipher.L must equal the length of C');
  const w = new Writer(STRUCT_SIZES.ECCCipherHeader + c.L);
  w.raw(c.x, ECCref_MAX_LEN, 'ECCCipher.x');
  w.raw(c.y, ECCref_MAX_LEN, 'ECCCipher.y');
  w.raw(c.M, 32, 'ECCCipher.M');
  w.u32(c.L);
  w.raw(c.C, c.L, 'ECCCipher.C');
  return w.bytes;
}

/** Packed ECCCipher: 164 bytes of header, then exactly L bytes of C. */
export function decodeECCCipher(b: Uint8Array): ECCCipher {
  if (!(b instanceof Uint8Array) || b.length < STRUCT_SIZES.ECCCipherHeader) throw bad(`ECCCipher needs at least ${STRUCT_SIZES.ECCCipherHeader} bytes`);
  const r = new Reader(b);
  const x = r.raw(ECCref_MAX_LEN);
  const y = r.raw(ECCref_MAX_LEN);
  const M = r.raw(32);
  const L = r.u32();
  if (b.length !== STRUCT_SIZES.ECCCipherHeader + L) throw bad(`ECCCipher.L is ${L} but ${b.length - STRUCT_SIZES.ECCCipherHeader} bytes of C follow`);
  return { x, y, M, L, C: r.raw(L) };
}

export function encodeECCSignature(s: ECCSignature): Uint8Array {
  const w = new Writer(STRUCT_SIZES.ECCSignature);
  w.raw(s.r, ECCref_MAX_LEN, 'ECCSignature.r');
  w.raw(s.s, ECCref_MAX_LEN, 'ECCSignature.s');
  return w.bytes;
}

export function decodeECCSignature(b: Uint8Array): ECCSignature {
  const r = sized(b, STRUCT_SIZES.ECCSignature, 'ECCSignature');
  return { r: r.raw(ECCref_MAX_LEN), s: r.raw(ECCref_MAX_LEN) };
}

/** Codecs by the names src/protocol/functions.ts uses (`struct:<Name>`), for the wire. */
export const STRUCT_CODECS = Object.freeze({
  DEVICEINFO: { encode: encodeDEVICEINFO, decode: decodeDEVICEINFO },
  RSArefPublicKey: { encode: encodeRSArefPublicKey, decode: decodeRSArefPublicKey },
  RSArefPrivateKey: { encode: encodeRSArefPrivateKey, decode: decodeRSArefPrivateKey },
  ECCrefPublicKey: { encode: encodeECCrefPublicKey, decode: decodeECCrefPublicKey },
  ECCrefPrivateKey: { encode: encodeECCrefPrivateKey, decode: decodeECCrefPrivateKey },
  ECCCipher: { encode: encodeECCCipher, decode: decodeECCCipher },
  ECCSignature: { encode: encodeECCSignature, decode: decodeECCSignature },
}) satisfies Record<string, { encode: (v: never) => Uint8Array; decode: (b: Uint8Array) => unknown }>;

export type StructName = keyof typeof STRUCT_CODECS;
