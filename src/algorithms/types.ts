/**
 * Shapes shared by primitives of the same kind, so that SM3 and SHA-256, SM4-GCM and AES-GCM,
 * SM2 and ECDSA can stand behind one interface (the engine and the device pick by name).
 *
 * @module
 */

/** An incremental hash. `digest()` finalises; the object cannot be used afterwards. */
export interface Hash {
  readonly outputLen: number;
  readonly blockLen: number;
  update(data: Uint8Array): this;
  digest(): Uint8Array;
  /** An independent copy of the current state (for prefix caching, e.g. HMAC pads or Z_A). */
  clone(): Hash;
}

/** A hash function: one-shot and incremental. */
export interface HashFunction {
  readonly name: string;
  readonly outputLen: number;
  readonly blockLen: number;
  (data: Uint8Array): Uint8Array;
  create(): Hash;
}

/** A 128-bit block cipher with an expanded key. */
export interface BlockCipher {
  readonly blockSize: 16;
  encryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void;
  decryptBlock(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void;
  /** Overwrites the expanded key; the cipher is unusable afterwards. */
  destroy(): void;
}

/**
 * Authenticated encryption with associated data. The safe path draws its own nonce:
 * `seal` returns nonce ‖ ciphertext ‖ tag and `open` takes the same layout.
 * `sealWithNonce`/`openWithNonce` exist for protocols that fix the nonce (SDF AuthEnc, TLS);
 * a nonce must never repeat under one key.
 */
export interface Aead {
  readonly name: string;
  readonly keyLen: number;
  readonly nonceLen: number;
  readonly tagLen: number;
  seal(plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  open(sealed: Uint8Array, aad?: Uint8Array): Uint8Array;
  sealWithNonce(nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  openWithNonce(nonce: Uint8Array, ciphertextAndTag: Uint8Array, aad?: Uint8Array): Uint8Array;
}
