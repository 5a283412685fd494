/**
 * SM4 on the native engine (native/src/sm4/): the `Sm4Ops` of the engine interface over the
 * addon's `sm4` object — ECB, CBC, CFB, OFB, CTR, XTS (GB/T 17964-2021 and IEEE 1619), GCM
 * (SP 800-38D), CCM (SP 800-38C) and the SDF CBC-MAC — with the semantics of the TypeScript
 * backend (src/engine/ts/sm4.ts) bit for bit.
 *
 * The kernels run on the fastest path the CPU has (AVX-512 + GFNI, AVX2 + GFNI, AES-NI; no
 * table lookups, constant-time) or on portable C (T-tables: secret-indexed lookups). Keys come
 * with every request; the native side expands them, uses them and wipes the schedule before it
 * returns.
 *
 * Every input is checked here, before the native call, with the TypeScript modules' own checks
 * (`checkKey`, `checkData`, `checkIv`, `checkPadding`, `intOption`, `authFailed`) in the same
 * order, so errors have the same class, SDR code and message as on the TypeScript backend. The
 * glue checks lengths again and throws TypeError/RangeError rather than touch memory it
 * should not.
 *
 * @module
 */
import { ctEqual } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import { checkKey } from '../../algorithms/sm4/sm4.js';
import { checkData, checkIv, checkPadding } from '../../algorithms/sm4/modes/driver.js';
import { ECB } from '../../algorithms/sm4/modes/ecb.js';
import { CBC } from '../../algorithms/sm4/modes/cbc.js';
import { CFB } from '../../algorithms/sm4/modes/cfb.js';
import { OFB } from '../../algorithms/sm4/modes/ofb.js';
import { CTR } from '../../algorithms/sm4/modes/ctr.js';
import { authFailed, intOption } from '../../algorithms/sm4/modes/aead.js';
import type { Sm4AeadRequest, Sm4Ops, Sm4Request } from '../types.js';
import type { NativeAddon } from './loader.js';

/** The addon's `sm4` object (native/src/napi_sm4.cc). */
export interface Sm4Addon {
  /** Kernel paths this CPU can run, e.g. ['portable', 'aesni', 'avx2-gfni', 'avx512-gfni']. */
  readonly paths: readonly string[];
  /** The path in use. */
  path(): string;
  /** Test hook: switches the whole process to a path ('auto': the fastest); returns the previous one. */
  testingForcePath(name: string): string;
  crypt(flags: number, key: Uint8Array, iv: Uint8Array | null, input: Uint8Array, output: Uint8Array): number;
  cryptBatch(flags: Int32Array, items: (Uint8Array | null)[], results: Int32Array): void;
  aead(flags: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, input: Uint8Array, output: Uint8Array, tagLength: number): number;
  cbcMac(key: Uint8Array, iv: Uint8Array, data: Uint8Array, mac: Uint8Array): void;
}

/** The addon's sm4 object, or undefined when this build has none. */
export function sm4Addon(addon: NativeAddon): Sm4Addon | undefined {
  const o = addon.sm4 as Partial<Sm4Addon> | undefined;
  return o && typeof o.crypt === 'function' && typeof o.aead === 'function' ? (o as Sm4Addon) : undefined;
}

const MODE_BITS = { ecb: 0, cbc: 1, cfb: 2, ofb: 3, ctr: 4, xts: 5 } as const;
const DECRYPT = 8;
const PKCS7 = 16;
const IEEE = 32;
const BAD_PADDING = -1;
const BAD_TAG = -2;
/** IEEE 1619-2018 §5.1: at most 2^20 blocks per data unit (as xts.ts). */
const IEEE_MAX_BLOCKS = 2 ** 20;
const EMPTY = new Uint8Array(0);

/**
 * A fresh output array. First touching new memory costs about as much as encrypting it here
 * (a new 1 MiB Uint8Array takes 160-300 us to fill, SM4-CTR ~140 us), but it is what the
 * interface promises; `new Uint8Array` (zeroed) measured faster than Buffer.allocUnsafeSlow
 * (4.7 against 3.5 GB/s for CTR at 16 KiB). Recycling outputs through external ArrayBuffers
 * was tried and dropped: Node-API runs their finalizers on a later event-loop turn, so
 * synchronous loops never got memory back.
 */
function output(n: number): Uint8Array {
  return new Uint8Array(n);
}

/** One checked request: what the native call needs, and how to read its result. */
interface Job {
  flags: number;
  key: Uint8Array;
  iv: Uint8Array | null;
  data: Uint8Array;
  out: Uint8Array;
  what: string;
  /** PKCS#7 decryption: the result is a prefix of `out` */
  unpad: boolean;
}

/** Stream modes go through createSm4Cipher in the TypeScript backend: their mode specs. */
const STREAM_SPECS = Object.freeze({ cfb: CFB, ofb: OFB, ctr: CTR });

/** Message prefixes of the TypeScript functions each request goes through ([encrypt, decrypt]). */
const WHAT = Object.freeze({
  ecb: ['sm4.ecb.encrypt', 'sm4.ecb.decrypt'],
  cbc: ['sm4.cbc.encrypt', 'sm4.cbc.decrypt'],
  cfb: ['sm4.cfb.cipher', 'sm4.cfb.decipher'],
  ofb: ['sm4.ofb.cipher', 'sm4.ofb.decipher'],
  ctr: ['sm4.ctr.cipher', 'sm4.ctr.decipher'],
  xts: ['sm4.xts.encrypt', 'sm4.xts.decrypt'],
} as const);
const UPDATE = Object.freeze({
  cfb: ['sm4.cfb.cipher.update', 'sm4.cfb.decipher.update'],
  ofb: ['sm4.ofb.cipher.update', 'sm4.ofb.decipher.update'],
  ctr: ['sm4.ctr.cipher.update', 'sm4.ctr.decipher.update'],
} as const);

/** The checks of src/engine/ts/sm4.ts `crypt`, in its order, for one request. */
function prepare(req: Sm4Request, decrypt: boolean): Job {
  const padding = req.padding ?? 'none';
  const mode = req.mode;
  const dir = decrypt ? DECRYPT : 0;
  const d = decrypt ? 1 : 0;
  if (mode === 'ecb' || mode === 'cbc') {
    // sm4Ecb/sm4Cbc -> oneShot(spec, key, iv, data, decrypt, padding, what)
    const what = WHAT[mode][d];
    const key = checkKey(req.key, what);
    const iv = mode === 'ecb' ? null : checkIv(CBC, req.iv, what); // ECB: the request's iv is not used
    const data = checkData(req.data, what);
    const pad = checkPadding(mode === 'ecb' ? ECB : CBC, padding, what);
    const n = data.length;
    if ((decrypt || !pad) && n % 16 !== 0) throw new CryptoError('SDR_INARGERR', `${what}: length ${n} is not a multiple of 16`);
    if (pad && decrypt && n === 0) throw new CryptoError('SDR_INARGERR', `${what}: empty ciphertext`);
    const outLen = pad && !decrypt ? n - (n % 16) + 16 : n;
    return { flags: MODE_BITS[mode] | dir | (pad ? PKCS7 : 0), key, iv, data, out: output(outLen), what, unpad: pad && decrypt };
  }
  if (mode === 'xts') {
    const what = WHAT.xts[d];
    const standard = req.xtsStandard ?? 'GB';
    const key = checkKey(req.key, what, 32);
    const tweak = req.iv;
    if (!(tweak instanceof Uint8Array)) throw new TypeError(`${what}: tweak must be a Uint8Array`);
    if (tweak.length !== 16) throw new CryptoError('SDR_INARGERR', `${what}: tweak must be 16 bytes, got ${tweak.length}`);
    const data = checkData(req.data, what);
    if (standard !== 'GB' && standard !== 'IEEE') throw new TypeError(`${what}: standard must be 'GB' or 'IEEE'`);
    if (ctEqual(key.subarray(0, 16), key.subarray(16, 32))) {
      throw new CryptoError('SDR_KEYERR', `${what}: the two key halves must differ`);
    }
    const len = data.length;
    if (len < 16) throw new CryptoError('SDR_INARGERR', `${what}: data must be at least 16 bytes, got ${len}`);
    if (standard === 'IEEE' && len > 16 * IEEE_MAX_BLOCKS) {
      throw new CryptoError('SDR_INARGERR', `${what}: IEEE 1619 data units hold at most 2^20 blocks`);
    }
    const flags = MODE_BITS.xts | dir | (standard === 'IEEE' ? IEEE : 0);
    return { flags, key, iv: tweak, data, out: output(len), what, unpad: false };
  }
  // createSm4Cipher(mode, key, iv, { decrypt }) then update(data): padding is not used
  if (mode !== 'cfb' && mode !== 'ofb' && mode !== 'ctr') throw new TypeError(`sm4.createCipher: unknown mode ${String(mode)}`);
  const what = WHAT[mode][d];
  const key = checkKey(req.key, what);
  const iv = checkIv(STREAM_SPECS[mode], req.iv, what);
  const data = checkData(req.data, UPDATE[mode][d]);
  return { flags: MODE_BITS[mode] | dir, key, iv, data, out: output(data.length), what, unpad: false };
}

/** The result of one job from the native return value. */
function finish(job: Job, r: number): Uint8Array {
  if (r === BAD_PADDING) throw new CryptoError('SDR_SYMOPERR', `${job.what}: bad padding`);
  return job.unpad ? job.out.subarray(0, r) : job.out;
}

function runOne(a: Sm4Addon, req: Sm4Request, decrypt: boolean): Uint8Array {
  const job = prepare(req, decrypt);
  return finish(job, a.crypt(job.flags, job.key, job.iv, job.data, job.out));
}

function runBatch(a: Sm4Addon, jobs: Job[]): number[] {
  const n = jobs.length;
  if (n === 0) return [];
  const flags = new Int32Array(n);
  const items: (Uint8Array | null)[] = new Array<Uint8Array | null>(4 * n);
  for (let i = 0; i < n; i++) {
    const j = jobs[i]!;
    flags[i] = j.flags;
    items[4 * i] = j.key;
    items[4 * i + 1] = j.iv;
    items[4 * i + 2] = j.data;
    items[4 * i + 3] = j.out;
  }
  const results = new Int32Array(n);
  a.cryptBatch(flags, items, results);
  return Array.from(results);
}

/**
 * Many requests in one native call. The TypeScript backend handles requests in order and
 * stops at the first error; so does this: if request i fails its checks, the requests before
 * it still run, and a bad padding among them is the error raised.
 */
function batch(a: Sm4Addon, reqs: readonly Sm4Request[], decrypt: boolean): Uint8Array[] {
  // not an array: whatever its map does, as the TypeScript backend's reqs.map(...)
  if (!Array.isArray(reqs)) return reqs.map((r) => runOne(a, r, decrypt));
  const jobs: Job[] = [];
  let failure: unknown;
  for (const req of reqs) {
    try {
      jobs.push(prepare(req, decrypt));
    } catch (e) {
      failure = e;
      break;
    }
  }
  const results = runBatch(a, jobs);
  const out = jobs.map((j, i) => finish(j, results[i]!));
  if (failure !== undefined) throw failure;
  return out;
}

const validNonce = (n: number): boolean => n >= 7 && n <= 13;

/** SP 800-38C §A.1: messages shorter than 2^(8q) bytes (as ccm.ts). */
function maxPayload(nonceLen: number): number {
  const q = 15 - nonceLen;
  return q >= 7 ? Number.MAX_SAFE_INTEGER : 2 ** (8 * q) - 1;
}

function bytesArg(x: unknown, what: string): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`${what}: expected Uint8Array`);
  return x;
}

/** seal/open with the checks of sm4Gcm/sm4Ccm and AeadBase.sealWithNonce/openWithNonce. */
function aead(a: Sm4Addon, req: Sm4AeadRequest, open: boolean): Uint8Array {
  const gcm = req.mode === 'gcm';
  const prefix = gcm ? 'sm4.gcm' : 'sm4.ccm';
  let tagLen: number;
  if (gcm) {
    checkKey(req.key, prefix);
    tagLen = intOption(req.tagLength, 16, (t) => t >= 12 && t <= 16, 'sm4.gcm: tagLength');
  } else {
    const nonceLength: unknown = req.nonce.length;
    checkKey(req.key, prefix);
    tagLen = intOption(req.tagLength, 16, (t) => t >= 4 && t <= 16 && t % 2 === 0, 'sm4.ccm: tagLength');
    intOption(nonceLength, 12, validNonce, 'sm4.ccm: nonceLength');
  }
  const what = `${prefix}.${open ? 'openWithNonce' : 'sealWithNonce'}`;
  const nonce = bytesArg(req.nonce, `${what}: nonce`);
  const data = bytesArg(req.data, `${what}: ${open ? 'ciphertext' : 'plaintext'}`);
  const aad = req.aad === undefined ? EMPTY : bytesArg(req.aad, `${what}: aad`);
  if (gcm && nonce.length === 0) throw new CryptoError('SDR_INARGERR', `${what}: nonce must not be empty`);
  if (!gcm && !validNonce(nonce.length)) {
    throw new CryptoError('SDR_INARGERR', `${what}: nonce must be 7..13 bytes, got ${nonce.length}`);
  }
  const key = req.key;
  const flags = (gcm ? 0 : 1) | (open ? 2 : 0);
  if (!open) {
    if (!gcm && data.length > maxPayload(nonce.length)) {
      throw new CryptoError('SDR_INARGERR', `${what}: plaintext too long for a ${nonce.length}-byte nonce`);
    }
    const out = output(data.length + tagLen);
    a.aead(flags, key, nonce, aad, data, out, tagLen);
    return out;
  }
  if (data.length < tagLen) throw authFailed(what);
  const n = data.length - tagLen;
  if (!gcm && n > maxPayload(nonce.length)) throw authFailed(what);
  const out = output(n);
  if (a.aead(flags, key, nonce, aad, data, out, tagLen) === BAD_TAG) throw authFailed(what);
  return out;
}

/** sm4CbcMac(key, iv, data): the SDF SGD_SM4_MAC CBC-MAC, with its checks. */
function cbcMac(a: Sm4Addon, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const what = 'sm4.cbcMac';
  checkKey(key, what);
  if (!(iv instanceof Uint8Array)) throw new TypeError(`${what}: iv must be a Uint8Array`);
  if (iv.length !== 16) throw new CryptoError('SDR_INARGERR', `${what}: iv must be 16 bytes, got ${iv.length}`);
  checkData(data, `${what}.update`);
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new CryptoError('SDR_INARGERR', `${what}.digest: data length ${data.length} is not a positive multiple of 16`);
  }
  const mac = new Uint8Array(16);
  a.cbcMac(key, iv, data, mac);
  return mac;
}

/**
 * `Sm4Ops` over the addon's sm4 family.
 * @throws Error if the addon has no sm4 family (check with `sm4Addon` first).
 */
export function nativeSm4(addon: NativeAddon): Sm4Ops {
  const a = sm4Addon(addon);
  if (a === undefined) throw new Error('sm4 native: the addon has no sm4 family');
  return Object.freeze<Sm4Ops>({
    encrypt: (req: Sm4Request) => runOne(a, req, false),
    decrypt: (req: Sm4Request) => runOne(a, req, true),
    encryptBatch: (reqs: readonly Sm4Request[]) => batch(a, reqs, false),
    decryptBatch: (reqs: readonly Sm4Request[]) => batch(a, reqs, true),
    seal: (req: Sm4AeadRequest) => aead(a, req, false),
    open: (req: Sm4AeadRequest) => aead(a, req, true),
    cbcMac: (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => cbcMac(a, key, iv, data),
  });
}
