/**
 * SM4-ECB (GB/T 17964-2021 §5; SDF SGD_SM4_ECB). Each block is encrypted on its own, so equal
 * plaintext blocks give equal ciphertext blocks: use ECB only for single blocks or key
 * wrapping protocols that call for it.
 *
 * @module
 */
import { wipe } from '../../internal/bytes.js';
import { decKeys, encKeys, expandKey } from '../sm4.js';
import { cryptBlocks } from '../_kernels.gen.js';
import { oneShot, type ModeCore, type ModeSpec, type PaddingOptions } from './driver.js';

class EcbCore implements ModeCore {
  readonly #rk: Int32Array;
  readonly #keys: Int32Array;

  constructor(key: Uint8Array, decrypt: boolean) {
    this.#rk = expandKey(key);
    this.#keys = decrypt ? decKeys(this.#rk) : encKeys(this.#rk);
  }

  process(src: Uint8Array, sOff: number, dst: Uint8Array, dOff: number, len: number): void {
    cryptBlocks(this.#keys, src, sOff, dst, dOff, len / 16);
  }

  destroy(): void {
    wipe(this.#rk);
  }
}

export const ECB: ModeSpec = Object.freeze({
  name: 'sm4.ecb',
  ivLen: 0,
  blockMode: true,
  core: (key: Uint8Array, _iv: Uint8Array, decrypt: boolean): ModeCore => new EcbCore(key, decrypt),
});

/** SM4-ECB, one-shot. */
export const sm4Ecb = Object.freeze({
  /**
   * Encrypts `data` (any length with the default PKCS#7 padding; whole blocks with 'none').
   * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (padding 'none' and a
   *   partial block).
   */
  encrypt(key: Uint8Array, data: Uint8Array, opts?: PaddingOptions): Uint8Array {
    return oneShot(ECB, key, undefined, data, false, opts?.padding, 'sm4.ecb.encrypt');
  },
  /**
   * Decrypts `data` (whole blocks) and, by default, removes PKCS#7 padding.
   * @throws CryptoError SDR_KEYERR, SDR_INARGERR (not whole blocks, or empty with padding),
   *   SDR_SYMOPERR (bad padding).
   */
  decrypt(key: Uint8Array, data: Uint8Array, opts?: PaddingOptions): Uint8Array {
    return oneShot(ECB, key, undefined, data, true, opts?.padding, 'sm4.ecb.decrypt');
  },
});
