/**
 * ZUC-256 as published by the ZUC design team in "The ZUC-256 Stream Cipher" (2018; Journal
 * of Cryptologic Research 5(2); the version reproduced by GmSSL tests/zuctest.c, Bouncy Castle
 * Zuc256CoreEngine/Zuc256Mac, emmansun/gmsm zuc and intel-ipsec-mb's ZUC-EEA3/EIA3-256):
 * 256-bit key, 184-bit IV, the ZUC-128 LFSR/F/working stage with a new key/IV loading
 * and 32 + 1 initialisation rounds, and a MAC with 32-, 64- or 128-bit tags that uses its
 * own loading constants per tag length.
 *
 * Not implemented: the later "new initialisation scheme" with a 128-bit IV and 48 rounds (ZUC
 * design team, "An Addendum to the ZUC-256 Stream Cipher", IACR ePrint 2021/1439) and the 3GPP
 * NEA6/NIA6 algorithms derived from it; they give different keystreams for the same key.
 *
 * IV encodings accepted (the paper defines the IV at bit level only):
 * - 25 bytes: IV0..IV16 as bytes, then IV17..IV24 one per byte in the low 6 bits (the paper's
 *   notation; Bouncy Castle). The top two bits of bytes 17..24 must be 0.
 * - 23 bytes: the same 184 bits packed (GmSSL, gmsm, intel-ipsec-mb): bytes 17..22 hold the
 *   eight 6-bit values IV17..IV24 big-endian, most significant first.
 *
 * @module
 */
import { abytes } from '../internal/bytes.js';
import { CryptoError } from '../internal/errors.js';
import { ZucGenerator, checkKey, initialise, load256, newState } from './core.js';
import { macAccumulate } from './mac.js';

/** Keystream loading constants d_0..d_15, 7 bits each ("The ZUC-256 Stream Cipher", initialisation). */
const D_KEYSTREAM: readonly number[] = [
  0x22, 0x2f, 0x24, 0x2a, 0x6d, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x52, 0x10, 0x30,
];

/** MAC loading constants (the paper's MAC section): D_KEYSTREAM with d_0, d_2 set per tag length. */
function macConstants(macBits: 32 | 64 | 128): readonly number[] {
  const d = D_KEYSTREAM.slice();
  // t = 32: d0 = 0100010, d2 = 0100101; t = 64: 0100011, 0100100; t = 128: 0100011, 0100101.
  d[0] = macBits === 32 ? 0x22 : 0x23;
  d[2] = macBits === 64 ? 0x24 : 0x25;
  return d;
}

const MAC_D = { 32: macConstants(32), 64: macConstants(64), 128: macConstants(128) } as const;

// Scratch for the one-shot zuc256Mac (see eea3); wiped before it returns.
const MAC_ST = newState();
const MAC_TAG = new Int32Array(4);

/** Splits a 25- or 23-byte IV into IV0..IV16 (bytes) and IV17..IV24 (6-bit values). */
function parseIv(iv: Uint8Array, fn: string): Uint8Array {
  abytes(iv, [25, 23], `${fn}: iv`);
  const six = new Uint8Array(8);
  if (iv.length === 25) {
    for (let i = 0; i < 8; i++) {
      const b = iv[17 + i]!;
      if (b > 0x3f) throw new CryptoError('SDR_INARGERR', `${fn}: iv bytes 17..24 must be 6-bit values (< 64)`);
      six[i] = b;
    }
  } else {
    // 48 bits in bytes 17..22 → eight 6-bit values, most significant first.
    for (let i = 0; i < 8; i++) {
      const bit = 6 * i; // bit offset from the top of byte 17
      const byte = 17 + (bit >>> 3);
      const pair = (iv[byte]! << 8) | (byte + 1 < 23 ? iv[byte + 1]! : 0);
      six[i] = (pair >>> (10 - (bit & 7))) & 0x3f;
    }
  }
  return six;
}

function setup(key: Uint8Array, iv: Uint8Array, d: readonly number[], fn: string, st: Int32Array): Int32Array {
  checkKey(key, fn, 32);
  const six = parseIv(iv, fn);
  load256(st, key, iv, six, d);
  initialise(st);
  six.fill(0);
  return st;
}

/**
 * The ZUC-256 keystream generator (256-bit key, 184-bit IV as 25 or 23 bytes; see the module
 * doc). Same stream semantics as `Zuc128`.
 */
export class Zuc256 extends ZucGenerator {
  /**
   * @throws CryptoError SDR_KEYERR for a key that is not 32 bytes, SDR_INARGERR for an IV that
   * is not 25 or 23 bytes or a 25-byte IV with a value ≥ 64 in bytes 17..24.
   */
  constructor(key: Uint8Array, iv: Uint8Array) {
    super(setup(key, iv, D_KEYSTREAM, 'Zuc256', newState()), 'Zuc256');
  }
}

/**
 * The ZUC-256 MAC ("The ZUC-256 Stream Cipher", MAC generation) of a whole-byte message, t = macBits:
 * Tag = z_0..z_{t−1}; for every message bit i that is 1, Tag ^= z_{t+i}..z_{2t+i−1};
 * finally Tag ^= z_{t+l}..z_{2t+l−1} (l = message bits).
 * @returns macBits/8 bytes (the tag words big-endian).
 * @throws CryptoError SDR_KEYERR / SDR_INARGERR as `Zuc256`; RangeError if macBits is not 32,
 * 64 or 128; TypeError for non-Uint8Array arguments.
 */
export function zuc256Mac(key: Uint8Array, iv: Uint8Array, message: Uint8Array, macBits: 32 | 64 | 128): Uint8Array {
  if (macBits !== 32 && macBits !== 64 && macBits !== 128) throw new RangeError('zuc256Mac: macBits must be 32, 64 or 128');
  abytes(message, undefined, 'zuc256Mac: message');
  const st = setup(key, iv, MAC_D[macBits], 'zuc256Mac', MAC_ST);
  const n = macBits / 32;
  const tag = MAC_TAG;
  macAccumulate(st, message, message.length * 8, n, n, tag);
  const out = new Uint8Array(4 * n);
  for (let w = 0; w < n; w++) {
    const t = tag[w]!;
    out[4 * w] = t >>> 24;
    out[4 * w + 1] = t >>> 16;
    out[4 * w + 2] = t >>> 8;
    out[4 * w + 3] = t;
  }
  st.fill(0);
  tag.fill(0);
  return out;
}
