/**
 * The engine: one interface between "what" (the device, the server, the CLI) and "how fast"
 * (a backend). Callers ask for work in batches where they can — sign N digests with one key,
 * verify N signatures, generate N key pairs, hash N messages, encrypt N buffers — the way a
 * crypto card's command scheduler feeds its algorithm cores, so that a native backend pays one
 * JS↔C crossing per batch instead of one per item. Single calls remain for convenience.
 *
 * Backends must agree bit for bit; test/engine/ runs every backend on the same vectors.
 *
 * Keys given to an engine are copied into the backend's own memory (`signingKey`,
 * `verifyingKey`) and wiped by `release()`; per-key state ((1+d)⁻¹, Z_A, public-key tables)
 * is cached there.
 *
 * @module
 */
import type { Hash } from '../algorithms/types.js';

/** Backends of the SM algorithms: pure TypeScript, or C kernels (a later issue). */
export type SmBackendName = 'ts' | 'native';

export type Sm2CiphertextOrder = 'c1c3c2' | 'c1c2c3';

export interface Sm2KeyPair {
  /** 32-byte big-endian d. */
  privateKey: Uint8Array;
  /** 65-byte uncompressed point 04‖x‖y. */
  publicKey: Uint8Array;
}

/** A private key loaded into the engine, with its per-key signing state cached. */
export interface Sm2SigningKey {
  readonly publicKey: Uint8Array;
  /** Signs SM3(Z_A ‖ message); returns r‖s (64 bytes). */
  sign(message: Uint8Array): Uint8Array;
  /** Signs precomputed 32-byte digests e, one signature per digest, in order. */
  signDigests(digests: readonly Uint8Array[]): Uint8Array[];
  /** Wipes the key and cached state; the object is unusable afterwards. */
  release(): void;
}

/** A public key loaded into the engine (Z_A cached; optionally a precomputed table). */
export interface Sm2VerifyingKey {
  readonly publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
  /** One verdict per (digest, signature) pair, in order. */
  verifyDigests(items: readonly { digest: Uint8Array; signature: Uint8Array }[]): boolean[];
  release(): void;
}

/** A public key loaded for many encryptions (validated once; optionally a table of multiples). */
export interface Sm2EncryptingKey {
  readonly publicKey: Uint8Array;
  encrypt(plaintext: Uint8Array, order?: Sm2CiphertextOrder): Uint8Array;
  release(): void;
}

export interface Sm2Ops {
  generateKeyPairs(count: number): Sm2KeyPair[];
  publicKeyOf(privateKey: Uint8Array): Uint8Array;
  /** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ G ‖ P). */
  computeZ(publicKey: Uint8Array, id?: Uint8Array): Uint8Array;
  signingKey(privateKey: Uint8Array, opts?: { id?: Uint8Array; publicKey?: Uint8Array }): Sm2SigningKey;
  verifyingKey(publicKey: Uint8Array, opts?: { id?: Uint8Array; precompute?: boolean }): Sm2VerifyingKey;
  /** Verifies signatures under different keys: one verdict per item, in order. */
  verifyDigestBatch(items: readonly { publicKey: Uint8Array; digest: Uint8Array; signature: Uint8Array }[]): boolean[];
  encryptingKey(publicKey: Uint8Array, opts?: { precompute?: boolean }): Sm2EncryptingKey;
  encrypt(publicKey: Uint8Array, plaintext: Uint8Array, order?: Sm2CiphertextOrder): Uint8Array;
  decrypt(privateKey: Uint8Array, ciphertext: Uint8Array, order?: Sm2CiphertextOrder): Uint8Array;
}

export interface Sm3Ops {
  digest(data: Uint8Array): Uint8Array;
  /** One digest per message, in order (a native backend hashes them in parallel lanes). */
  digestBatch(messages: readonly Uint8Array[]): Uint8Array[];
  create(): Hash;
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array;
}

export type Sm4Mode = 'ecb' | 'cbc' | 'cfb' | 'ofb' | 'ctr' | 'xts';
export type Sm4AeadMode = 'gcm' | 'ccm';
export type Padding = 'pkcs7' | 'none';

export interface Sm4Request {
  mode: Sm4Mode;
  key: Uint8Array;
  /** IV, counter block or XTS tweak; absent for ECB. */
  iv?: Uint8Array;
  data: Uint8Array;
  /** ECB and CBC only; default 'none' at this layer (SDF never pads). */
  padding?: Padding;
  /** XTS only: GB/T 17964-2021 (default) or IEEE 1619 tweak order. */
  xtsStandard?: 'GB' | 'IEEE';
}

export interface Sm4AeadRequest {
  mode: Sm4AeadMode;
  key: Uint8Array;
  nonce: Uint8Array;
  data: Uint8Array;
  aad?: Uint8Array;
  tagLength?: number;
}

export interface Sm4Ops {
  encrypt(req: Sm4Request): Uint8Array;
  decrypt(req: Sm4Request): Uint8Array;
  /** Many independent buffers in one call, results in order. */
  encryptBatch(reqs: readonly Sm4Request[]): Uint8Array[];
  decryptBatch(reqs: readonly Sm4Request[]): Uint8Array[];
  /** Returns ciphertext ‖ tag. */
  seal(req: Sm4AeadRequest): Uint8Array;
  /** Takes ciphertext ‖ tag; a wrong tag is CryptoError SDR_MACERR. */
  open(req: Sm4AeadRequest): Uint8Array;
  /** SDF_CalculateMAC with SGD_SM4_MAC: CBC-MAC, data a multiple of 16 bytes. */
  cbcMac(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

export interface ZucOps {
  eea3(key: Uint8Array, count: number, bearer: number, direction: 0 | 1, data: Uint8Array, lengthBits?: number): Uint8Array;
  eia3(key: Uint8Array, count: number, bearer: number, direction: 0 | 1, data: Uint8Array, lengthBits?: number): Uint8Array;
}

/** The SM algorithm suite of one backend. */
export interface SmBackend {
  readonly name: SmBackendName;
  /** CPU features the backend's kernels use (empty for pure TypeScript). */
  readonly cpuFeatures: readonly string[];
  readonly sm2: Sm2Ops;
  readonly sm3: Sm3Ops;
  readonly sm4: Sm4Ops;
  readonly zuc: ZucOps;
}
