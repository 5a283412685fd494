/**
 * An SDF session (GM/T 0018 §5): opened by an operator, it holds the private-key access rights
 * granted in it, its session keys (by handle) and the state of multi-part operations. Closing
 * it wipes and forgets all of them; handles are unique per device, so a handle from another
 * session (or a destroyed one) is SDR_KEYNOTEXIST.
 *
 * This file has the session's own bookkeeping and the private-key operations on internal keys;
 * the SDF facade (src/sdf/) maps every GM/T 0018 function onto these methods.
 *
 * @module
 */
import { wipe } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import type { KeyUsage } from '../store/index.js';
import type { Device } from './device.js';
import { deny } from './errors.js';
import type { LoadedKey } from './keystore.js';
import type { Principal } from './types.js';

/** A session key: symmetric key material owned by one session. */
export interface SessionKey {
  readonly handle: number;
  /** 'sm4' (16 bytes) for now; other symmetric algorithms may follow. */
  readonly algorithm: 'sm4';
  readonly key: Uint8Array;
}

let nextHandle = 1;

export class Session {
  readonly id: number;
  readonly principal: Principal;
  readonly device: Device;
  readonly #rights = new Set<number>();
  readonly #keys = new Map<number, SessionKey>();
  /** Per-kind state of multi-part operations (hash, encrypt, MAC, ...), owned by the SDF layer. */
  readonly multipart = new Map<string, { destroy(): void }>();
  #open = true;

  constructor(device: Device, id: number, principal: Principal) {
    this.device = device;
    this.id = id;
    this.principal = principal;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Every call on a session checks the device is still healthy and unlocked. */
  check(): void {
    if (!this.#open) throw new CryptoError('SDR_OPENSESSION', 'session: closed');
    this.device.requireOperational();
  }

  /** Wipes session keys and multi-part state; the session is unusable afterwards. */
  close(): void {
    for (const k of this.#keys.values()) wipe(k.key);
    this.#keys.clear();
    for (const m of this.multipart.values()) m.destroy();
    this.multipart.clear();
    this.#rights.clear();
    this.#open = false;
  }

  // --- private-key access rights --------------------------------------------------------

  /** SDF_GetPrivateKeyAccessRight: checks the index's access password, grants for this session. */
  async getPrivateKeyAccessRight(index: number, password: Uint8Array): Promise<void> {
    this.check();
    await this.device.keys.checkAccessPassword(this.principal, index, password);
    this.#rights.add(index);
  }

  /** SDF_ReleasePrivateKeyAccessRight. */
  releasePrivateKeyAccessRight(index: number): void {
    this.check();
    this.#rights.delete(index);
  }

  hasAccessRight(index: number): boolean {
    return this.#rights.has(index);
  }

  /** The loaded private key at (index, usage), after checking this session's access right. */
  async privateKey(index: number, usage: KeyUsage): Promise<LoadedKey> {
    this.check();
    if (!this.#rights.has(index)) throw deny.noAccessRight(index);
    return this.device.keys.loaded(index, usage);
  }

  // --- session keys ----------------------------------------------------------------------

  /** Takes ownership of `key` (wiped when destroyed or the session closes). */
  addKey(algorithm: 'sm4', key: Uint8Array): SessionKey {
    this.check();
    if (key.length !== 16) throw new CryptoError('SDR_KEYERR', 'session: an SM4 session key is 16 bytes');
    const k: SessionKey = Object.freeze({ handle: nextHandle++, algorithm, key });
    this.#keys.set(k.handle, k);
    return k;
  }

  key(handle: number): SessionKey {
    this.check();
    const k = this.#keys.get(handle);
    if (!k) throw deny.noKey(`session key handle ${handle}`);
    return k;
  }

  /** SDF_DestroyKey. */
  destroyKey(handle: number): void {
    const k = this.key(handle);
    wipe(k.key);
    this.#keys.delete(handle);
  }

  get keyCount(): number {
    return this.#keys.size;
  }

  // --- internal SM2 operations (the hot paths) ---------------------------------------------

  /** SDF_InternalSign_ECC on many digests: one engine batch; the use is audited (summarised). */
  async internalSignDigests(index: number, digests: readonly Uint8Array[]): Promise<Uint8Array[]> {
    const k = await this.privateKey(index, 'sign');
    if (k.algorithm !== 'sm2' || !k.signer) throw new CryptoError('SDR_KEYTYPEERR', `session: the signing key at index ${index} is not SM2`);
    for (const e of digests) {
      if (e.length !== 32) throw new CryptoError('SDR_INARGERR', 'session: an SM2 digest e is 32 bytes');
    }
    const sigs = k.signer.signDigests(digests);
    this.device.auditKeyUse(this.principal, 'key.use.sign', `index ${index}`, digests.length);
    return sigs;
  }

  /** SDF_InternalDecrypt_ECC: C1C3C2 in, plaintext out. */
  async internalDecryptEcc(index: number, ciphertext: Uint8Array): Promise<Uint8Array> {
    const k = await this.privateKey(index, 'enc');
    if (k.algorithm !== 'sm2' || !k.d) throw new CryptoError('SDR_KEYTYPEERR', `session: the encryption key at index ${index} is not SM2`);
    const pt = this.device.engine.sm.sm2.decrypt(k.d, ciphertext);
    this.device.auditKeyUse(this.principal, 'key.use.decrypt', `index ${index}`);
    return pt;
  }
}
