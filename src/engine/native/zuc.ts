/**
 * ZUC on the native engine (native/src/zuc/): the `ZucOps` of the engine interface — 128-EEA3
 * (GM/T 0001.2-2012) and 128-EIA3 (GM/T 0001.3-2012) — over the addon's `zuc` object, plus the
 * ZUC-128/ZUC-256 keystream and the ZUC-256 MAC ("The ZUC-256 Stream Cipher", 2018).
 *
 * EIA3 and the ZUC-256 MAC run their word-at-a-time accumulation with carry-less multiplication
 * (VPCLMULQDQ + GFNI, or PCLMULQDQ) where the CPU has it; the keystream is the portable
 * table-based generator (secret-indexed S-box lookups, as in the TypeScript module).
 *
 * Inputs are checked here exactly as the TypeScript module checks them (same CryptoError codes
 * and messages), before any native call. `checkKey` is the TypeScript module's own; the
 * COUNT/BEARER/DIRECTION/LENGTH checks restate its module-private `checkParams`.
 *
 * @module
 */
import { abytes } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import { checkKey } from '../../algorithms/zuc/core.js';
import type { ZucOps } from '../types.js';
import type { NativeAddon } from './loader.js';

/**
 * The addon's `zuc` object (native/src/napi_zuc.cc). Results go into `out` (a typed array
 * created by native code costs ~300 ns on Node 20); the EIA3 MAC is returned as a number.
 */
export interface ZucAddon {
  /** params = [count, bearer, direction, lengthBits]; writes ceil(lengthBits/8) bytes to out. */
  eea3(key: Uint8Array, data: Uint8Array, params: Uint32Array, out: Uint8Array): void;
  /** params as for eea3; returns the MAC as a uint32. */
  eia3(key: Uint8Array, data: Uint8Array, params: Uint32Array): number;
  keystream128(key: Uint8Array, iv: Uint8Array, out: Uint32Array): void;
  keystream256(key: Uint8Array, iv: Uint8Array, out: Uint32Array): void;
  xor128(key: Uint8Array, iv: Uint8Array, data: Uint8Array, out: Uint8Array): void;
  xor256(key: Uint8Array, iv: Uint8Array, data: Uint8Array, out: Uint8Array): void;
  mac256(key: Uint8Array, iv: Uint8Array, message: Uint8Array, macBits: number, out: Uint8Array): void;
  /** Test hook: 'auto' | 'portable' | 'pclmul' | 'vpclmul'; false if unavailable here. */
  testingForcePath(path: string): boolean;
  describe(): string;
}

/**
 * Output scratch for short results (EEA3 up to 64 bytes, ZUC-256 tags), sliced into a fresh
 * array and wiped after each call: a typed array of 64 bytes or less lives on the JS heap,
 * and handing one to native code first moves it off the heap (measured ~150-300 ns). JS runs
 * one call at a time and nothing here awaits, so the scratch is never shared.
 */
const SCRATCH = new Uint8Array(128);

/** EEA3/EIA3 parameters for the addon: [count, bearer, direction, lengthBits]. */
const PARAMS = new Uint32Array(4);

function setParams(count: number, bearer: number, direction: number, lengthBits: number): Uint32Array {
  PARAMS[0] = count;
  PARAMS[1] = bearer;
  PARAMS[2] = direction;
  PARAMS[3] = lengthBits;
  return PARAMS;
}

/** Native ZUC operations beyond `ZucOps`. */
export interface NativeZucOps extends ZucOps {
  /** ZUC-256 MAC of a whole-byte message (as `zuc256Mac` of the TypeScript module). */
  zuc256Mac(key: Uint8Array, iv: Uint8Array, message: Uint8Array, macBits: 32 | 64 | 128): Uint8Array;
  /** `data` XOR the ZUC-256 keystream from its start (as `new Zuc256(key, iv).xorKeystream`). */
  zuc256Xor(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
  /** The first nWords ZUC-128 keystream words (as `new Zuc128(key, iv).keystream(nWords)`). */
  zuc128Keystream(key: Uint8Array, iv: Uint8Array, nWords: number): Uint32Array;
  /** The first nWords ZUC-256 keystream words. */
  zuc256Keystream(key: Uint8Array, iv: Uint8Array, nWords: number): Uint32Array;
  /** Forces the MAC kernel for the whole process (tests only); false if unavailable here. */
  testingForcePath(path: 'auto' | 'portable' | 'pclmul' | 'vpclmul'): boolean;
  describe(): string;
}

/** COUNT, BEARER, DIRECTION and LENGTH of EEA3/EIA3 (3GPP §3, §4), as zuc128.ts checks them. */
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

/** A ZUC-256 IV of 25 bytes (bytes 17..24 below 64) or 23 bytes, as zuc256.ts parses it. */
function checkIv256(iv: Uint8Array, fn: string): void {
  abytes(iv, [25, 23], `${fn}: iv`);
  if (iv.length === 25) {
    for (let i = 17; i < 25; i++) {
      if (iv[i]! > 0x3f) throw new CryptoError('SDR_INARGERR', `${fn}: iv bytes 17..24 must be 6-bit values (< 64)`);
    }
  }
}

function checkWords(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > 2 ** 28) throw new RangeError(`${what}: must be an integer in [0, 2^28]`);
}

/** The native `ZucOps`; throws if the addon has no zuc family (callers check `addon.zuc`). */
export function nativeZuc(addon: NativeAddon): NativeZucOps {
  const a = addon.zuc as ZucAddon | undefined;
  if (a === undefined) throw new Error('native engine: the zuc family is not built');
  return Object.freeze({
    eea3(key: Uint8Array, count: number, bearer: number, direction: 0 | 1, data: Uint8Array, lengthBits: number = data?.length * 8): Uint8Array {
      checkKey(key, 'eea3', 16);
      checkParams('eea3', count, bearer, direction, data, lengthBits);
      const n = Math.ceil(lengthBits / 8);
      if (n > 64) {
        const out = new Uint8Array(n);
        a.eea3(key, data, setParams(count, bearer, direction, lengthBits), out);
        return out;
      }
      if (n > 0) a.eea3(key, data, setParams(count, bearer, direction, lengthBits), SCRATCH);
      const out = SCRATCH.slice(0, n);
      SCRATCH.fill(0, 0, n);
      return out;
    },
    eia3(key: Uint8Array, count: number, bearer: number, direction: 0 | 1, data: Uint8Array, lengthBits: number = data?.length * 8): Uint8Array {
      checkKey(key, 'eia3', 16);
      checkParams('eia3', count, bearer, direction, data, lengthBits);
      const t = a.eia3(key, data, setParams(count, bearer, direction, lengthBits));
      return Uint8Array.of(t >>> 24, (t >>> 16) & 255, (t >>> 8) & 255, t & 255);
    },
    zuc256Mac(key: Uint8Array, iv: Uint8Array, message: Uint8Array, macBits: 32 | 64 | 128): Uint8Array {
      if (macBits !== 32 && macBits !== 64 && macBits !== 128) throw new RangeError('zuc256Mac: macBits must be 32, 64 or 128');
      abytes(message, undefined, 'zuc256Mac: message');
      checkKey(key, 'zuc256Mac', 32);
      checkIv256(iv, 'zuc256Mac');
      a.mac256(key, iv, message, macBits, SCRATCH);
      const tag = SCRATCH.slice(0, macBits / 8);
      SCRATCH.fill(0, 0, 16);
      return tag;
    },
    zuc256Xor(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
      checkKey(key, 'Zuc256', 32);
      checkIv256(iv, 'Zuc256');
      abytes(data, undefined, 'Zuc256.xorKeystream: data');
      const out = new Uint8Array(data.length);
      if (data.length > 0) a.xor256(key, iv, data, out);
      return out;
    },
    zuc128Keystream(key: Uint8Array, iv: Uint8Array, nWords: number): Uint32Array {
      checkKey(key, 'Zuc128', 16);
      abytes(iv, 16, 'Zuc128: iv');
      checkWords(nWords, 'Zuc128.keystream: nWords');
      const out = new Uint32Array(nWords);
      a.keystream128(key, iv, out);
      return out;
    },
    zuc256Keystream(key: Uint8Array, iv: Uint8Array, nWords: number): Uint32Array {
      checkKey(key, 'Zuc256', 32);
      checkIv256(iv, 'Zuc256');
      checkWords(nWords, 'Zuc256.keystream: nWords');
      const out = new Uint32Array(nWords);
      a.keystream256(key, iv, out);
      return out;
    },
    testingForcePath: (path: 'auto' | 'portable' | 'pclmul' | 'vpclmul'): boolean => a.testingForcePath(path),
    describe: (): string => a.describe(),
  });
}
