/**
 * `createSm4Cipher`: the multi-part entry point (SDF EncryptInit/Update/Final,
 * DecryptInit/Update/Final) over every unauthenticated mode, with the one table that maps a
 * mode name to its implementation.
 *
 * @module
 */
import { ECB } from './ecb.js';
import { CBC } from './cbc.js';
import { CFB } from './cfb.js';
import { OFB } from './ofb.js';
import { CTR } from './ctr.js';
import { StreamingCipher, type ModeSpec, type Sm4Cipher, type Sm4Padding } from './driver.js';

/** The unauthenticated SM4 modes. */
export type Sm4Mode = 'ecb' | 'cbc' | 'cfb' | 'ofb' | 'ctr';

const MODES: Readonly<Record<Sm4Mode, ModeSpec>> = Object.freeze({ ecb: ECB, cbc: CBC, cfb: CFB, ofb: OFB, ctr: CTR });

export interface Sm4CipherOptions {
  /** Decrypt instead of encrypt (default false). */
  decrypt?: boolean;
  /**
   * ECB and CBC only: 'pkcs7' (default, as node's createCipheriv) or 'none' (SDF: the total
   * input must then be whole blocks, checked at final()). CFB/OFB/CTR never pad.
   */
  padding?: Sm4Padding;
}

/**
 * Starts a multi-part SM4 encryption or decryption. `iv` is 16 bytes, or undefined/null for ECB.
 * `update` returns the output each chunk completes; `final` returns the rest and wipes the
 * state. Chunking never changes the result.
 *
 * @example
 * const c = createSm4Cipher('cbc', key, iv, { padding: 'none' });
 * const out = concatBytes(c.update(part1), c.update(part2), c.final());
 * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (IV length); TypeError /
 *   RangeError for an unknown mode or options.
 */
export function createSm4Cipher(
  mode: Sm4Mode,
  key: Uint8Array,
  iv: Uint8Array | null | undefined,
  opts: Sm4CipherOptions = {},
): Sm4Cipher {
  const spec = Object.hasOwn(MODES, mode) ? MODES[mode] : undefined;
  if (spec === undefined) throw new TypeError(`sm4.createCipher: unknown mode ${String(mode)}`);
  if (opts.decrypt !== undefined && typeof opts.decrypt !== 'boolean') {
    throw new TypeError('sm4.createCipher: decrypt must be a boolean');
  }
  const decrypt = opts.decrypt ?? false;
  return new StreamingCipher(spec, key, iv, decrypt, opts.padding, `sm4.${mode}.${decrypt ? 'decipher' : 'cipher'}`);
}
