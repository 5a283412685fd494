/**
 * ZUC-128 (GM/T 0001.1-2012) and the 3GPP / GM/T confidentiality and integrity algorithms
 * built on it: 128-EEA3 (GM/T 0001.2-2012; 3GPP EEA3 & EIA3 specification §3) and 128-EIA3
 * (GM/T 0001.3-2012; same document §4).
 *
 * @module
 */
import { abytes } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { ZucGenerator, checkKey, initialise, load128, newState } from './core.js';
import { xorBlocks } from './_kernels.gen.js';
import { macAccumulate } from './mac.js';

/**
 * The ZUC-128 keystream generator for a 128-bit key and 128-bit IV (GM/T 0001.1-2012). Words
 * and bytes come from one continuing stream (see `nextWord`, `keystream`, `xorKeystream`).
 */
export class Zuc128 extends ZucGenerator {
  /**
   * @throws CryptoError SDR_KEYERR for a key that is not 16 bytes, SDR_INARGERR for an IV that
   * is not 16 bytes; TypeError for non-Uint8Array arguments.
   */
  constructor(key: Uint8Array, iv: Uint8Array) {
    checkKey(key, 'Zuc128', 16);
    abytes(iv, 16, 'Zuc128: iv');
    const st = newState();
    load128(st, key, iv);
    initialise(st);
    super(st, 'Zuc128');
  }
}

// Scratch for the one-shot eea3/eia3 (a fresh Int32Array(18) is allocated off the JS heap and
// measured at a third of a 64-byte EEA3 call). Both are synchronous and wipe it before returning.
const ST = newState();
const IV = new Uint8Array(16);
const TAIL = new Uint8Array(64);
const TAG = new Int32Array(1);

/** Validates COUNT, BEARER, DIRECTION and LENGTH of EEA3/EIA3 (3GPP §3 / §4). */
function checkParams(fn: string, count: number, bearer: number, direction: number, message: Uint8Array, lengthBits: number): void {
  abytes(message, undefined, `${fn}: message`);
  if (!Number.isInteger(count) || count < 0 || count > 0xffffffff) {
    throw new CryptoError('SDR_INARGERR', `${fn}: count must be a 32-bit unsigned integer`);
  }
  if (!Number.isInteger(bearer) || bearer < 0 || bearer > 31) {
    throw new CryptoError('SDR_INARGERR', `${fn}: bearer must be an integer in [0, 31]`);
  }
  if (direction !== 0 && direction !== 1) throw new CryptoError('SDR_INARGERR', `${fn}: direction must be 0 or 1`);
  if (!Number.isInteger(lengthBits) || lengthBits < 0 || lengthBits > message.length * 8 || lengthBits > 0xffffffff) {
    throw new CryptoError('SDR_INARGERR', `${fn}: lengthBits must be an integer in [0, min(message bits, 2^32 − 1)]`);
  }
}

/**
 * 128-EEA3 (GM/T 0001.2-2012 / 3GPP EEA3 §3): encrypts or decrypts the first `lengthBits` bits
 * of `message` under key CK with IV = COUNT ‖ BEARER ‖ DIRECTION ‖ 0^26, twice (§3:
 * iv[0..3] = COUNT, iv[4] = BEARER << 3 | DIRECTION << 2, iv[5..7] = 0, iv[8..15] = iv[0..7]).
 * @returns ⌈lengthBits/8⌉ bytes; bits after `lengthBits` in the last byte are 0.
 * @throws CryptoError SDR_KEYERR (key not 16 bytes), SDR_INARGERR (count not uint32, bearer
 * not 0..31, direction not 0/1, lengthBits beyond the message); TypeError for non-Uint8Array.
 */
export function eea3(key: Uint8Array, count: number, bearer: number, direction: 0 | 1, message: Uint8Array, lengthBits: number = message?.length * 8): Uint8Array {
  checkKey(key, 'eea3', 16);
  checkParams('eea3', count, bearer, direction, message, lengthBits);
  const iv = IV;
  iv.fill(0);
  iv[0] = count >>> 24;
  iv[1] = count >>> 16;
  iv[2] = count >>> 8;
  iv[3] = count;
  iv[4] = (bearer << 3) | (direction << 2);
  iv.copyWithin(8, 0, 8);
  const st = ST;
  load128(st, key, iv);
  initialise(st);
  const nBytes = Math.ceil(lengthBits / 8);
  const blocks = Math.floor(nBytes / 64);
  const out = new Uint8Array(nBytes);
  xorBlocks(st, message, 0, out, 0, blocks);
  const done = blocks * 64;
  if (done < nBytes) {
    // The tail (< 64 bytes) through a scratch block, so the kernel never reads past the data.
    const tmp = TAIL;
    tmp.set(message.subarray(done, nBytes));
    xorBlocks(st, tmp, 0, tmp, 0, 1);
    out.set(tmp.subarray(0, nBytes - done), done);
    tmp.fill(0);
  }
  const r = lengthBits % 8;
  if (r !== 0) out[nBytes - 1] &= (0xff << (8 - r)) & 0xff;
  st.fill(0);
  iv.fill(0);
  return out;
}

/**
 * 128-EIA3 (GM/T 0001.3-2012 / 3GPP EIA3 §4): the 32-bit MAC of the first `lengthBits` bits of
 * `message` under key IK, IV built from COUNT, BEARER, DIRECTION (§4: iv[0..3] = COUNT,
 * iv[4] = BEARER << 3, iv[5..7] = 0, iv[8] = iv[0] ^ DIRECTION << 7, iv[9..13] = iv[1..5],
 * iv[14] = iv[6] ^ DIRECTION << 7, iv[15] = iv[7]).
 * T = XOR over message bits i that are 1 of z-window(i), then T ^= z-window(LENGTH) and
 * MAC = T ^ z_{L−1} with L = ⌈LENGTH/32⌉ + 2 keystream words (§4).
 * @returns 4 bytes, big-endian.
 * @throws as `eea3`.
 */
export function eia3(key: Uint8Array, count: number, bearer: number, direction: 0 | 1, message: Uint8Array, lengthBits: number = message?.length * 8): Uint8Array {
  checkKey(key, 'eia3', 16);
  checkParams('eia3', count, bearer, direction, message, lengthBits);
  const iv = IV;
  iv.fill(0);
  iv[0] = count >>> 24;
  iv[1] = count >>> 16;
  iv[2] = count >>> 8;
  iv[3] = count;
  iv[4] = bearer << 3;
  iv.copyWithin(8, 0, 8);
  iv[8] ^= direction << 7;
  iv[14] ^= direction << 7;
  const st = ST;
  load128(st, key, iv);
  initialise(st);
  const tag = TAG;
  const last = macAccumulate(st, message, lengthBits, 1, 0, tag);
  const t = tag[0]! ^ last;
  st.fill(0);
  iv.fill(0);
  tag.fill(0);
  return Uint8Array.of(t >>> 24, (t >>> 16) & 255, (t >>> 8) & 255, t & 255);
}
