/**
 * SM2 on the native engine (native/src/sm2/, GM/T 0003-2012 on sm2p256v1): the `Sm2Ops` of the
 * engine interface over the addon's `sm2` object.
 *
 * - Field arithmetic with 4×64-bit limbs and a multiplication-free Montgomery reduction for the
 *   special prime; mulx/adcx/adox where the CPU has BMI2+ADX, portable C otherwise.
 * - k·G (secret k): a 37×64-entry signed comb (151 KB, built on first use in under 1 ms), every
 *   entry read and selected by masks. Batches (`signDigests`, `generateKeyPairs`) run it in the
 *   eight lanes of AVX-512 IFMA where the CPU has it, and share one field inversion.
 * - Single signatures take (k, x1) from a pool of 32 precomputed pairs kept with the key (as
 *   GmSSL's sign contexts do), and single key pairs come from a pool of 32 generated together;
 *   pool entries are wiped as they are taken, a forked child discards what it inherited, and
 *   MIMA_SM2_POOL=0 turns both off (e.g. for virtual machines restored from one snapshot).
 * - Verification: one doubling chain for [s]G + [t]P (width-8 NAF on a table of G, width-7 NAF
 *   on a table of P cached with the key), or two combs for keys loaded with
 *   `{ precompute: true }` (`verifyDigests` then runs eight at a time in IFMA lanes); x1 is
 *   compared projectively.
 * - Keys live in native memory: `signingKey` copies d and caches d·R, (1 + d)⁻¹, Z_A and the
 *   pool in a malloc'd block that `release()` (or garbage collection) wipes. Released keys
 *   refuse further use (TypeError) — also verifying and encrypting keys, whose TypeScript
 *   counterparts keep working after `release()`.
 * - Randomness: k and d come from getrandom(2) inside the addon, so secret scalars never enter
 *   the JS heap. `nativeSm2(addon, { rand })` is the test hook that replays a `RandomSource`
 *   instead: it is sampled here exactly as the TypeScript backend samples it (same calls, same
 *   order, same retries), so fixed-k outputs agree bit for bit.
 *
 * Every input is checked here before the native call, with the TypeScript backend's checks and
 * messages (the exported helpers of src/algorithms/sm2 where they exist); the addon re-checks
 * types and sizes only so that no misuse of the raw object can crash the process.
 *
 * Key exchange is not part of `Sm2Ops`; it stays on the TypeScript implementation.
 *
 * @module
 */
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { RandomSource } from '../../algorithms/internal/random.js';
import {
  bytesArg, nMinus, parsePrivateKey, randomScalar,
} from '../../algorithms/sm2/keys.js';
import { sm2p256v1Backend as SM2 } from '../../algorithms/sm2/sm2p256v1.js';
import { idBytes } from '../../algorithms/sm2/z.js';
import type {
  Sm2CiphertextOrder, Sm2EncryptingKey, Sm2KeyPair, Sm2Ops, Sm2SigningKey, Sm2VerifyingKey,
} from '../types.js';
import type { NativeAddon } from './loader.js';

/** Opaque native key handle. */
declare const handleBrand: unique symbol;
type Handle = { readonly [handleBrand]: true };

/** The addon's `sm2` object (native/src/napi_sm2.cc). */
export interface Sm2Addon {
  describe(): string;
  testingForcePath(mode: 'portable' | 'auto'): string;
  publicKeys(ds: Uint8Array): Uint8Array | null;
  generate(count: number): Uint8Array;
  keyPool(): Handle;
  /** count <= 64 pairs from the pool, packed d‖x‖y. */
  keyPoolTake(h: Handle, count: number): Uint8Array;
  decodePublic(bytes: Uint8Array): Uint8Array | null;
  computeZ(xy: Uint8Array, id: Uint8Array): Uint8Array;
  signer(d: Uint8Array, xy: Uint8Array | undefined, id: Uint8Array): Handle | null;
  signerPublic(h: Handle): Uint8Array;
  signMessage(h: Handle, msg: Uint8Array, k?: Uint8Array): Uint8Array | null;
  signDigests(h: Handle, es: Uint8Array, ks?: Uint8Array): Uint8Array;
  signerRelease(h: Handle): void;
  verifier(pub: Uint8Array, id: Uint8Array | null, precompute: boolean): Handle | null;
  verifierPublic(h: Handle): Uint8Array;
  verifyMessage(h: Handle, msg: Uint8Array, sig: Uint8Array): boolean;
  verifyDigests(h: Handle, es: Uint8Array, sigs: Uint8Array): Uint8Array;
  verifyBatch(keys: Uint8Array, es: Uint8Array, sigs: Uint8Array): Uint8Array;
  verifierRelease(h: Handle): void;
  encrypt(h: Handle, m: Uint8Array, order: number, k?: Uint8Array): Uint8Array | null;
  encryptWithKey(pub: Uint8Array, m: Uint8Array, order: number, k?: Uint8Array): Uint8Array | null | false;
  decrypt(d: Uint8Array, ct: Uint8Array, order: number): Uint8Array | null;
}

/** Native SM2 operations, plus the test hook and a description of the paths in use. */
export interface NativeSm2Ops extends Sm2Ops {
  /** Forces portable C arithmetic and table reads for the whole process (tests only). */
  testingForcePath(mode: 'portable' | 'auto'): string;
  /** The arithmetic in use, e.g. "field=bmi2+adx select=avx512". */
  describe(): string;
}

export interface NativeSm2Options {
  /**
   * Test hook: scalars k and d from this source (as the TypeScript backend draws them) instead
   * of the addon's getrandom(2).
   */
  rand?: RandomSource;
}

const K_BOUND = SM2.nBytes; // k in [1, n − 1]
const D_BOUND = nMinus(SM2, 1); // d in [1, n − 2]
const MAX_ATTEMPTS = 64;

function orderArg(order: unknown, fn: string): number {
  if (order === undefined || order === 'c1c3c2') return 0;
  if (order === 'c1c2c3') return 1;
  throw new TypeError(`${fn}: format must be 'c1c3c2' or 'c1c2c3'`);
}

/** x‖y of a public key in any accepted encoding, or the TS backend's errors. */
function publicArg(a: Sm2Addon, pub: unknown, fn: string): Uint8Array {
  if (!(pub instanceof Uint8Array)) throw new TypeError(`${fn}: public key must be a Uint8Array`);
  const xy = a.decodePublic(pub);
  if (xy === null) throw keyError(fn);
  return xy;
}

function keyError(fn: string): CryptoError {
  return new CryptoError('SDR_KEYERR', `${fn}: invalid public key (encoding, coordinate range or curve equation)`);
}

function uncompressed(xy: Uint8Array): Uint8Array {
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(xy, 1);
  return out;
}

/** Runs a native call, turning its rare hard failures into the TS backend's errors. */
function call<T>(fn: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.message === 'sm2: OS random source failed') {
      throw new CryptoError('SDR_RANDERR', `${fn}: OS random source failed`);
    }
    throw e;
  }
}

function pack(items: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(items.length * size);
  for (let i = 0; i < items.length; i++) out.set(items[i]!, i * size);
  return out;
}

function unpack(buf: Uint8Array, size: number, count: number): Uint8Array[] {
  const out = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) out[i] = buf.slice(i * size, (i + 1) * size);
  return out;
}

function isZeroR(sigs: Uint8Array, off: number): boolean {
  let acc = 0;
  for (let i = 0; i < 32; i++) acc |= sigs[off + i]!;
  return acc === 0;
}

/** The native `Sm2Ops`; throws if the addon has no sm2 family (callers check `addon.sm2`). */
export function nativeSm2(addon: NativeAddon, opts: NativeSm2Options = {}): NativeSm2Ops {
  const a = addon.sm2 as Sm2Addon | undefined;
  if (a === undefined) throw new Error('native engine: the sm2 family is not built');
  const rand = opts.rand;
  let keyPool: Handle | undefined; // created on first use; its pairs are wiped when collected

  /** One signature on digest e with the hook's k, retried as the TS backend retries. */
  function signDigestHook(h: Handle, e: Uint8Array, r: RandomSource, fn: string): Uint8Array {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const k = randomScalar(r, K_BOUND, fn);
      const sig = a!.signDigests(h, e, k);
      k.fill(0);
      if (!isZeroR(sig, 0)) return sig;
    }
    throw new CryptoError('SDR_RANDERR', `${fn}: no valid signature after 64 attempts`);
  }

  function signingKey(privateKey: Uint8Array, o: { id?: Uint8Array; publicKey?: Uint8Array } = {}): Sm2SigningKey {
    const fn = 'sm2.prepareSigner';
    const d = parsePrivateKey(SM2, privateKey, fn);
    const xy = o.publicKey !== undefined ? publicArg(a!, o.publicKey, fn) : undefined;
    const id = idBytes(o.id, fn);
    let h: Handle | null = call(fn, () => a!.signer(d, xy, id));
    if (h === null) throw new CryptoError('SDR_KEYERR', `${fn}: private key out of range [1, n-2]`);
    const publicKey = uncompressed(xy ?? a!.signerPublic(h));
    const live = (name: string): Handle => {
      if (h === null) throw new TypeError(`sm2.Signer.${name}: signer was destroyed`);
      return h;
    };
    return Object.freeze({
      publicKey,
      sign(message: Uint8Array): Uint8Array {
        const hh = live('sign');
        const f = 'sm2.Signer.sign';
        const msg = bytesArg(message, f, 'message');
        if (rand === undefined) return call(f, () => a!.signMessage(hh, msg)!);
        for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
          const k = randomScalar(rand, K_BOUND, f);
          const sig = a!.signMessage(hh, msg, k);
          k.fill(0);
          if (sig !== null) return sig;
        }
        throw new CryptoError('SDR_RANDERR', `${f}: no valid signature after 64 attempts`);
      },
      signDigests(digests: readonly Uint8Array[]): Uint8Array[] {
        const hh = live('signDigests');
        const f = 'sm2.Signer.signDigests';
        if (!Array.isArray(digests)) throw new TypeError(`${f}: expected an array of digests`);
        const es = pack(digests.map((e) => bytesArg(e, f, 'digest e', 32)), 32);
        const n = digests.length;
        if (rand === undefined) return unpack(call(f, () => a!.signDigests(hh, es)), 64, n);
        // As the TS backend: every k first, then the rare retries one at a time, in order.
        const ks = Array.from({ length: n }, () => randomScalar(rand, K_BOUND, f));
        const packedK = pack(ks, 32);
        for (const k of ks) k.fill(0);
        const sigs = unpack(a!.signDigests(hh, es, packedK), 64, n);
        packedK.fill(0);
        for (let i = 0; i < n; i++) {
          if (isZeroR(sigs[i]!, 0)) sigs[i] = signDigestHook(hh, es.subarray(32 * i, 32 * i + 32), rand, f);
        }
        return sigs;
      },
      release(): void {
        if (h !== null) a!.signerRelease(h);
        h = null;
      },
    });
  }

  function verifyingKey(publicKey: Uint8Array, o: { id?: Uint8Array; precompute?: boolean } = {}): Sm2VerifyingKey {
    const fn = 'sm2.prepareVerifier';
    const xy = publicArg(a!, publicKey, fn);
    const id = idBytes(o.id, fn);
    let h: Handle | null = call(fn, () => a!.verifier(xy, id, o.precompute === true));
    if (h === null) throw keyError(fn);
    const live = (name: string): Handle => {
      if (h === null) throw new TypeError(`sm2.Verifier.${name}: verifier was released`);
      return h;
    };
    return Object.freeze({
      publicKey: uncompressed(xy),
      verify(message: Uint8Array, signature: Uint8Array): boolean {
        const hh = live('verify');
        const f = 'sm2.Verifier.verify';
        const msg = bytesArg(message, f, 'message');
        return a!.verifyMessage(hh, msg, bytesArg(signature, f, 'signature', 64));
      },
      verifyDigests(items: readonly { digest: Uint8Array; signature: Uint8Array }[]): boolean[] {
        const hh = live('verifyDigests');
        const f = 'sm2.Verifier.verifyDigests';
        if (!Array.isArray(items)) throw new TypeError(`${f}: expected an array`);
        const n = items.length;
        const es = new Uint8Array(32 * n), sigs = new Uint8Array(64 * n);
        for (let i = 0; i < n; i++) {
          const it = items[i]!;
          es.set(bytesArg(it.digest, f, 'digest e', 32), 32 * i);
          sigs.set(bytesArg(it.signature, f, 'signature', 64), 64 * i);
        }
        return Array.from(a!.verifyDigests(hh, es, sigs), (v) => v === 1);
      },
      release(): void {
        if (h !== null) a!.verifierRelease(h);
        h = null;
      },
    });
  }

  /** Encryption retries as the TS backend's (a new k while the KDF output is all zero). */
  function encryptHook(once: (k: Uint8Array) => Uint8Array | null, r: RandomSource, fn: string): Uint8Array {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const k = randomScalar(r, K_BOUND, fn);
      const ct = once(k);
      k.fill(0);
      if (ct !== null) return ct;
    }
    throw new CryptoError('SDR_RANDERR', `${fn}: no usable k after 64 attempts`);
  }

  function plaintextArg(plaintext: unknown, fn: string): Uint8Array {
    const m = bytesArg(plaintext, fn, 'plaintext');
    if (m.length === 0) throw new CryptoError('SDR_INARGERR', `${fn}: plaintext must not be empty`);
    return m;
  }

  function encryptingKey(publicKey: Uint8Array, o: { precompute?: boolean } = {}): Sm2EncryptingKey {
    const fn = 'sm2.prepareEncryptor';
    const xy = publicArg(a!, publicKey, fn);
    let h: Handle | null = call(fn, () => a!.verifier(xy, null, o.precompute === true));
    if (h === null) throw keyError(fn);
    return Object.freeze({
      publicKey: uncompressed(xy),
      encrypt(plaintext: Uint8Array, order: Sm2CiphertextOrder = 'c1c3c2'): Uint8Array {
        const f = 'sm2.Encryptor.encrypt';
        if (h === null) throw new TypeError(`${f}: encrypting key was released`);
        const hh = h;
        const m = plaintextArg(plaintext, f);
        const ord = orderArg(order, f);
        if (rand === undefined) return call(f, () => a!.encrypt(hh, m, ord)!);
        return encryptHook((k) => a!.encrypt(hh, m, ord, k), rand, f);
      },
      release(): void {
        if (h !== null) a!.verifierRelease(h);
        h = null;
      },
    });
  }

  const ops: NativeSm2Ops = {
    generateKeyPairs(count: number): Sm2KeyPair[] {
      if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('sm2.generateKeyPairs: bad count');
      const fn = 'sm2.generateKeyPair';
      const out: Sm2KeyPair[] = [];
      const CHUNK = 4096;
      for (let done = 0; done < count; done += CHUNK) {
        const c = Math.min(CHUNK, count - done);
        if (rand === undefined) {
          // A few pairs: from the pool of pairs generated 32 at a time; more: one batch.
          const packed = call(fn, () => (c < 8 ? a.keyPoolTake((keyPool ??= a.keyPool()), c) : a.generate(c)));
          for (let i = 0; i < c; i++) {
            out.push({ privateKey: packed.slice(96 * i, 96 * i + 32), publicKey: uncompressed(packed.subarray(96 * i + 32, 96 * i + 96)) });
          }
          packed.fill(0);
        } else {
          const ds = Array.from({ length: c }, () => randomScalar(rand, D_BOUND, fn));
          const packedD = pack(ds, 32);
          const xys = a.publicKeys(packedD)!;
          packedD.fill(0);
          for (let i = 0; i < c; i++) out.push({ privateKey: ds[i]!, publicKey: uncompressed(xys.subarray(64 * i, 64 * i + 64)) });
        }
      }
      return out;
    },
    publicKeyOf(privateKey: Uint8Array): Uint8Array {
      const d = parsePrivateKey(SM2, privateKey, 'sm2.getPublicKey');
      return uncompressed(a.publicKeys(d)!);
    },
    computeZ(publicKey: Uint8Array, id?: Uint8Array): Uint8Array {
      const fn = 'sm2.computeZ';
      const xy = publicArg(a, publicKey, fn);
      return a.computeZ(xy, idBytes(id, fn));
    },
    signingKey,
    verifyingKey,
    verifyDigestBatch(items: readonly { publicKey: Uint8Array; digest: Uint8Array; signature: Uint8Array }[]): boolean[] {
      const fn = 'sm2.verifyDigest';
      if (!Array.isArray(items)) throw new TypeError('sm2.verifyDigestBatch: expected an array');
      const n = items.length;
      const keys = new Uint8Array(66 * n), es = new Uint8Array(32 * n), sigs = new Uint8Array(64 * n);
      // The TS backend checks item by item, the key first: find the first item that fails a
      // check made here (keyed = its key was read and is a Uint8Array), then let the native
      // decoding of the keys before it (and of its own, if read) take precedence.
      let bad = -1, keyed = false;
      let badError: unknown;
      for (let i = 0; i < n && bad < 0; i++) {
        try {
          const it = items[i]!;
          const pub: unknown = it.publicKey;
          if (!(pub instanceof Uint8Array)) throw new TypeError(`${fn}: public key must be a Uint8Array`);
          if (pub.length <= 65) {
            keys[66 * i] = pub.length;
            keys.set(pub, 66 * i + 1);
          } // longer: length byte 0, which no key has
          keyed = true;
          es.set(bytesArg(it.digest, fn, 'digest e', 32), 32 * i);
          sigs.set(bytesArg(it.signature, fn, 'signature', 64), 64 * i);
          keyed = false;
        } catch (e) {
          bad = i;
          badError = e;
        }
      }
      const m = bad < 0 ? n : keyed ? bad + 1 : bad;
      const verdicts = call(fn, () => a.verifyBatch(keys.subarray(0, 66 * m), es.subarray(0, 32 * m), sigs.subarray(0, 64 * m)));
      if (verdicts.indexOf(2) >= 0) throw keyError(fn);
      if (bad >= 0) throw badError;
      return Array.from(verdicts, (v) => v === 1);
    },
    encryptingKey,
    encrypt(publicKey: Uint8Array, plaintext: Uint8Array, order: Sm2CiphertextOrder = 'c1c3c2'): Uint8Array {
      const fn = 'sm2.encrypt';
      if (!(publicKey instanceof Uint8Array)) throw new TypeError(`${fn}: public key must be a Uint8Array`);
      // Key validity is checked natively, before the plaintext (the TS order of checks).
      const m = plaintext instanceof Uint8Array && plaintext.length > 0 ? plaintext : undefined;
      if (m === undefined || (order !== 'c1c3c2' && order !== 'c1c2c3')) {
        if (a.decodePublic(publicKey) === null) throw keyError(fn);
        plaintextArg(plaintext, fn);
        orderArg(order, fn);
      }
      const ord = orderArg(order, fn);
      const once = (k?: Uint8Array): Uint8Array | null => {
        const ct = a.encryptWithKey(publicKey, m!, ord, k);
        if (ct === false) throw keyError(fn);
        return ct;
      };
      if (rand === undefined) return call(fn, () => once()!);
      if (a.decodePublic(publicKey) === null) throw keyError(fn); // before drawing any k
      return encryptHook(once, rand, fn);
    },
    decrypt(privateKey: Uint8Array, ciphertext: Uint8Array, order: Sm2CiphertextOrder = 'c1c3c2'): Uint8Array {
      const fn = 'sm2.decrypt';
      const d = parsePrivateKey(SM2, privateKey, fn);
      const ct = bytesArg(ciphertext, fn, 'ciphertext');
      const m = a.decrypt(d, ct, orderArg(order, fn));
      if (m === null) throw new CryptoError('SDR_ENCDATAERR', `${fn}: decryption failed`);
      return m;
    },
    testingForcePath: (mode: 'portable' | 'auto') => a.testingForcePath(mode),
    describe: () => a.describe(),
  };
  return Object.freeze(ops);
}
