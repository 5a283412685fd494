/**
 * SM3 on the native engine (native/src/sm3/, GM/T 0004-2012): the `Sm3Ops` of the engine
 * interface over the addon's `sm3` object.
 *
 * - `digest`: one crossing per message (AVX-512 or AVX2 message expansion beside scalar
 *   rounds where the CPU has them).
 * - `digestBatch`: one crossing for all messages, hashed 16 (AVX-512; 32 as two interleaved
 *   groups for batches of 32 or more) or 8 (AVX2) at a time in vector lanes; unequal lengths
 *   are fine. The digests are 32-byte views of one buffer.
 * - `hmac`: HMAC-SM3 (RFC 2104) in one crossing.
 * - `create`: an incremental `Hash`, native-backed. Measured against the TypeScript hash (one
 *   process, Node 20, Zen 5): 1.2x at 16 KiB in one update, within ±10% for 1 KiB in one
 *   update or in 32-byte updates, 0.84x for a 64-byte message (create/update/digest); see
 *   NativeSm3Hash for how short input avoids crossings. Its SM3 state lives in a JS-owned buffer handed to the addon on each call, so
 *   `clone()` is a copy and nothing native needs finalising.
 *
 * Inputs are checked here exactly as the TypeScript backend checks them, before any native
 * call (same error types and messages); the addon re-checks types and sizes only to never
 * crash on misuse of the raw object.
 *
 * @module
 */
import { abytes } from '../../algorithms/internal/bytes.js';
import type { Hash } from '../../algorithms/types.js';
import type { Sm3Ops } from '../types.js';
import type { NativeAddon } from './loader.js';

/**
 * The addon's `sm3` object (native/src/napi_sm3.cc). Results are written into `out` (at
 * least 32 bytes per digest): a typed array created by native code costs ~300 ns on Node 20.
 */
export interface Sm3Addon {
  digest(data: Uint8Array, out: Uint8Array): void;
  /** Digest i into out[32i, 32i + 32). */
  digestMany(messages: readonly Uint8Array[], out: Uint8Array): void;
  digestPacked(data: Uint8Array, lengths: Uint32Array, out: Uint8Array): void;
  hmac(key: Uint8Array, data: Uint8Array, out: Uint8Array): void;
  init(ctx: Uint8Array): void;
  update(ctx: Uint8Array, data: Uint8Array): void;
  final(ctx: Uint8Array, out: Uint8Array): void;
  hmacInit(ctx: Uint8Array, key: Uint8Array): void;
  hmacUpdate(ctx: Uint8Array, data: Uint8Array): void;
  hmacFinal(ctx: Uint8Array, out: Uint8Array): void;
  /** Test hook: 'auto' | 'portable' | 'bmi2' | 'avx2' | 'avx512'; false if unavailable here. */
  testingForcePath(path: string): boolean;
  /** The kernels in use, e.g. "compress=avx512 many=x16/x32". */
  describe(): string;
  readonly ctxBytes: number;
  readonly hmacCtxBytes: number;
}

/**
 * Output scratch for single results, sliced into a fresh array after each call (JS runs one
 * call at a time and nothing here awaits). Larger than 64 bytes so that V8 allocates it off
 * the JS heap once, instead of moving it there on the first native call. HMAC tags are wiped
 * from it after the copy.
 */
const SCRATCH = new Uint8Array(128);

/** Input scratch (off-heap, see SCRATCH) for the short input a hash object buffers in JS. */
const INPUT = new Uint8Array(128);

/** Native SM3 operations, plus the test hook and a description of the kernels in use. */
export interface NativeSm3Ops extends Sm3Ops {
  /** Forces the kernels of one path for the whole process (tests only); false if unavailable. */
  testingForcePath(path: 'auto' | 'portable' | 'bmi2' | 'avx2' | 'avx512'): boolean;
  describe(): string;
}

/**
 * Offsets in the context buffer (mima_sm3_ctx on x86-64 / aarch64 Linux): h[8] at 0, nblocks
 * (u64) at 32, buf[64] at 40, num (size_t) at 104; 112 bytes. Checked against the addon's
 * `ctxBytes` when the ops are built; on another layout the JS fast path is disabled.
 */
const CTX_BUF = 40;
const CTX_NUM = 104;
const CTX_LAYOUT_BYTES = 112;

/**
 * The incremental hash. Input up to 64 bytes in total stays in a small JS buffer and is hashed
 * by one native one-shot call at digest() (a short create/update/digest then costs one
 * crossing and no context allocation). Beyond that the SM3 state lives in `#ctx`, a JS-owned
 * copy of the native context: updates that fit in its pending block are appended in JS, larger
 * ones cross to the native update.
 */
class NativeSm3Hash implements Hash {
  readonly outputLen = 32;
  readonly blockLen = 64;
  readonly #a: Sm3Addon;
  readonly #jsBuffer: boolean;
  /** Input so far while no context exists (at most 64 bytes). */
  readonly #pend = new Uint8Array(64);
  #n = 0;
  #ctx: Uint8Array | undefined;
  #live = true;

  constructor(a: Sm3Addon, jsBuffer: boolean) {
    this.#a = a;
    this.#jsBuffer = jsBuffer;
  }

  update(data: Uint8Array): this {
    this.#check('update');
    abytes(data, undefined, 'sm3.update: data');
    const len = data.length;
    // Nothing to absorb (this includes a detached buffer, which `set` would refuse).
    if (len === 0) return this;
    let ctx = this.#ctx;
    if (ctx === undefined) {
      if (this.#n + len <= 64) {
        this.#pend.set(data, this.#n);
        this.#n += len;
        return this;
      }
      ctx = this.#start();
    }
    if (this.#jsBuffer && len < 64) {
      // Fits in the pending block without completing it: append in JS (no crossing).
      const num = ctx[CTX_NUM]!;
      if (num + len < 64) {
        ctx.set(data, CTX_BUF + num);
        ctx[CTX_NUM] = num + len;
        return this;
      }
    }
    this.#a.update(ctx, data);
    return this;
  }

  /** Creates the native context and moves the buffered input into it. */
  #start(): Uint8Array {
    const ctx = new Uint8Array(this.#a.ctxBytes);
    this.#a.init(ctx);
    if (this.#n > 0) {
      this.#a.update(ctx, INPUT.subarray(0, this.#stage()));
      INPUT.fill(0, 0, 64);
    }
    this.#pend.fill(0);
    this.#n = 0;
    this.#ctx = ctx;
    return ctx;
  }

  /** Copies the buffered input to the off-heap INPUT scratch; returns its length. */
  #stage(): number {
    INPUT.set(this.#pend.subarray(0, this.#n));
    return this.#n;
  }

  digest(): Uint8Array {
    this.#check('digest');
    if (this.#ctx === undefined) {
      this.#a.digest(INPUT.subarray(0, this.#stage()), SCRATCH);
      INPUT.fill(0, 0, 64);
    } else {
      this.#a.final(this.#ctx, SCRATCH);
    }
    this.destroy();
    return SCRATCH.slice(0, 32);
  }

  clone(): NativeSm3Hash {
    this.#check('clone');
    const h = new NativeSm3Hash(this.#a, this.#jsBuffer);
    h.#pend.set(this.#pend);
    h.#n = this.#n;
    h.#ctx = this.#ctx?.slice();
    return h;
  }

  /** Wipes the state; the object refuses further use. */
  destroy(): void {
    this.#pend.fill(0);
    this.#n = 0;
    this.#ctx?.fill(0);
    this.#live = false;
  }

  #check(fn: string): void {
    if (!this.#live) throw new TypeError(`sm3.${fn}: digest() was already called`);
  }
}

/** The native `Sm3Ops`; throws if the addon has no sm3 family (callers check `addon.sm3`). */
export function nativeSm3(addon: NativeAddon): NativeSm3Ops {
  const a = addon.sm3 as Sm3Addon | undefined;
  if (a === undefined) throw new Error('native engine: the sm3 family is not built');
  const ctxBytes = a.ctxBytes;
  // The JS fast path writes `num` as one byte: valid for the little-endian 112-byte layout.
  const jsBuffer = ctxBytes === CTX_LAYOUT_BYTES && new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  return Object.freeze({
    digest(data: Uint8Array): Uint8Array {
      abytes(data, undefined, 'sm3: data');
      a.digest(data, SCRATCH);
      return SCRATCH.slice(0, 32);
    },
    digestBatch(messages: readonly Uint8Array[]): Uint8Array[] {
      if (!Array.isArray(messages)) throw new TypeError('sm3.digestBatch: messages must be an array');
      for (let i = 0; i < messages.length; i++) abytes(messages[i], undefined, 'sm3: data');
      // One allocation for all digests (off the JS heap when over 64 bytes); each result is a
      // 32-byte view of it.
      const all = new Uint8Array(32 * messages.length);
      if (messages.length > 0) a.digestMany(messages, all);
      const out = new Array<Uint8Array>(messages.length);
      for (let i = 0; i < messages.length; i++) out[i] = all.subarray(32 * i, 32 * i + 32);
      return out;
    },
    create(): Hash {
      return new NativeSm3Hash(a, jsBuffer);
    },
    hmac(key: Uint8Array, data: Uint8Array): Uint8Array {
      // The TypeScript hmacSm3 checks data first, then the key.
      abytes(data, undefined, 'hmacSm3: data');
      abytes(key, undefined, 'hmacSm3: key');
      a.hmac(key, data, SCRATCH);
      const tag = SCRATCH.slice(0, 32);
      SCRATCH.fill(0, 0, 32);
      return tag;
    },
    testingForcePath: (path: 'auto' | 'portable' | 'bmi2' | 'avx2' | 'avx512'): boolean => a.testingForcePath(path),
    describe: (): string => a.describe(),
  });
}
