/**
 * Device-side symmetric work of the SDF facade (GM/T 0018 §6.5): SM4 with session keys or
 * (2023 validation functions) external keys, single-call and multi-part, CBC-MAC, and the
 * SM4-GCM/CCM AEAD functions. The SM4 work is the engine's; this file keeps the SDF semantics.
 *
 * Decisions where GM/T 0018 is silent:
 * - No padding anywhere (the standard's rule for SDF_Encrypt): ECB, CBC, CFB, OFB and CTR take
 *   whole 16-byte blocks, so the IV returned after a call continues the stream exactly: CBC and
 *   CFB the last ciphertext block, OFB the last keystream block, CTR the counter advanced by the
 *   block count (128-bit big-endian). XTS takes one data unit of >= 16 bytes per call with the
 *   IV as tweak, which it returns unchanged. ECB ignores the IV.
 * - Multi-part encrypt/decrypt outputs every whole block at each Update and keeps a partial
 *   block for the next; Final fails with SDR_INARGERR if a partial block is left.
 * - Multi-part AEAD buffers the message up to the length declared at Init (which CCM needs
 *   anyway) and emits at Final: AuthDec must not release plaintext before the tag is checked,
 *   and AuthEnc is kept symmetric with it. Updates return empty output.
 * - One multi-part operation of each kind per session; a new Init replaces an unfinished one.
 *
 * @module
 */
import { concatBytes, copyBytes, wipe } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { Sm4Mode } from '../../engine/index.js';
import type { Session } from '../session.js';

const BLOCK = 16;
/** Largest message a multi-part AEAD operation buffers (declared at Init). */
export const AEAD_MAX_BYTES = 64 * 1024 * 1024;

export type CipherMode = Exclude<Sm4Mode, never> | 'mac';

function requireBlocks(data: Uint8Array, fn: string): void {
  if (data.length % BLOCK !== 0) throw new CryptoError('SDR_INARGERR', `${fn}: data must be a multiple of 16 bytes (no padding), got ${data.length}`);
}

function requireIv(iv: Uint8Array | null, mode: string, fn: string): Uint8Array {
  if (mode === 'ecb') return new Uint8Array(0);
  if (!iv || iv.length !== BLOCK) throw new CryptoError('SDR_INARGERR', `${fn}: SM4-${mode.toUpperCase()} needs a 16-byte IV`);
  return iv;
}

function addCounter(iv: Uint8Array, blocks: number): Uint8Array {
  const out = copyBytes(iv);
  let carry = blocks;
  for (let i = 15; i >= 0 && carry > 0; i--) {
    const v = out[i]! + (carry % 256);
    out[i] = v & 0xff;
    carry = Math.floor(carry / 256) + (v >> 8);
  }
  return out;
}

/** The IV that continues the stream after `input` → `output` (see the module doc). */
function nextIv(mode: Sm4Mode, iv: Uint8Array, input: Uint8Array, output: Uint8Array, encrypting: boolean): Uint8Array {
  if (input.length === 0) return copyBytes(iv);
  const last = (b: Uint8Array): Uint8Array => copyBytes(b, b.length - BLOCK);
  switch (mode) {
    case 'cbc':
    case 'cfb':
      return last(encrypting ? output : input);
    case 'ofb': {
      const o = last(output);
      const i = last(input);
      for (let k = 0; k < BLOCK; k++) o[k]! ^= i[k]!;
      return o;
    }
    case 'ctr':
      return addCounter(iv, input.length / BLOCK);
    default:
      return copyBytes(iv);
  }
}

/** One SM4 call without padding; returns the output and the IV that continues the stream. */
export function sm4Call(s: Session, mode: Sm4Mode, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, encrypting: boolean,
  fn: string): { out: Uint8Array; iv: Uint8Array } {
  s.check();
  if (mode === 'xts') {
    if (data.length < BLOCK) throw new CryptoError('SDR_INARGERR', `${fn}: an XTS data unit is at least 16 bytes`);
  } else {
    requireBlocks(data, fn);
  }
  const ivBytes = requireIv(iv, mode, fn);
  const sm4 = s.device.engine.sm.sm4;
  const req = { mode, key, data, iv: mode === 'ecb' ? undefined : ivBytes, padding: 'none' as const };
  let out: Uint8Array;
  try {
    out = encrypting ? sm4.encrypt(req) : sm4.decrypt(req);
  } catch (e) {
    if (e instanceof CryptoError && (e.code === 'SDR_INARGERR' || e.code === 'SDR_KEYERR')) throw e;
    throw new CryptoError('SDR_SYMOPERR', `${fn}: SM4-${mode.toUpperCase()} failed`);
  }
  return { out, iv: mode === 'ecb' ? ivBytes : nextIv(mode, ivBytes, data, out, encrypting) };
}

/** SM4 CBC-MAC (SGD_SM4_MAC): the last CBC block; it is also the IV that continues. */
export function cbcMac(s: Session, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array, fn: string): Uint8Array {
  s.check();
  requireBlocks(data, fn);
  if (data.length === 0) throw new CryptoError('SDR_INARGERR', `${fn}: CBC-MAC needs at least one block`);
  return s.device.engine.sm.sm4.cbcMac(key, requireIv(iv ?? new Uint8Array(BLOCK), 'mac', fn), data);
}

// --- multi-part ----------------------------------------------------------------------------

interface StreamState {
  destroy(): void;
  mode: Sm4Mode | 'mac';
  key: Uint8Array;
  iv: Uint8Array;
  pending: Uint8Array;
  encrypting: boolean;
}

function slot(direction: 'encrypt' | 'decrypt' | 'mac'): string {
  return `sym.${direction}`;
}

/** Starts a multi-part operation; the key bytes are copied (the session key may be destroyed meanwhile). */
export function streamInit(s: Session, direction: 'encrypt' | 'decrypt' | 'mac', mode: Sm4Mode | 'mac', key: Uint8Array, iv: Uint8Array | null, fn: string): void {
  s.check();
  if (mode === 'xts') throw new CryptoError('SDR_ALGMODNOTSUPPORT', `${fn}: XTS has no multi-part form (one data unit per call)`);
  const ivBytes = mode === 'ecb' ? new Uint8Array(0) : mode === 'mac' ? (iv ?? new Uint8Array(BLOCK)) : requireIv(iv, mode, fn);
  if (mode === 'mac' && ivBytes.length !== BLOCK) throw new CryptoError('SDR_INARGERR', `${fn}: the MAC IV is 16 bytes`);
  s.multipart.get(slot(direction))?.destroy();
  const state: StreamState = {
    mode, key: copyBytes(key), iv: copyBytes(ivBytes), pending: new Uint8Array(0), encrypting: direction !== 'decrypt',
    destroy() {
      wipe(this.key);
      wipe(this.pending);
    },
  };
  s.multipart.set(slot(direction), state);
}

function stream(s: Session, direction: 'encrypt' | 'decrypt' | 'mac', fn: string): StreamState {
  s.check();
  const st = s.multipart.get(slot(direction)) as StreamState | undefined;
  if (!st) throw new CryptoError('SDR_STEPERR', `${fn}: no ${direction} operation was started in this session`);
  return st;
}

/** Processes the whole blocks available; returns their output (empty for MAC). */
export function streamUpdate(s: Session, direction: 'encrypt' | 'decrypt' | 'mac', data: Uint8Array, fn: string): Uint8Array {
  const st = stream(s, direction, fn);
  const all = st.pending.length ? concatBytes(st.pending, data) : data;
  const whole = all.length - (all.length % BLOCK);
  const blocks = all.subarray(0, whole);
  wipe(st.pending);
  st.pending = copyBytes(all, whole);
  if (whole === 0) return new Uint8Array(0);
  if (st.mode === 'mac') {
    st.iv = s.device.engine.sm.sm4.cbcMac(st.key, st.iv, blocks);
    return new Uint8Array(0);
  }
  const r = sm4Call(s, st.mode, st.key, st.iv, blocks, st.encrypting, fn);
  st.iv = r.iv;
  return r.out;
}

/** Ends the operation: encrypt/decrypt return nothing more (a partial block left is an error); MAC returns the tag. */
export function streamFinal(s: Session, direction: 'encrypt' | 'decrypt' | 'mac', fn: string): Uint8Array {
  const st = stream(s, direction, fn);
  s.multipart.delete(slot(direction));
  try {
    if (st.pending.length !== 0) throw new CryptoError('SDR_INARGERR', `${fn}: ${st.pending.length} bytes left over: data must total a multiple of 16 bytes (no padding)`);
    return st.mode === 'mac' ? copyBytes(st.iv) : new Uint8Array(0);
  } finally {
    st.destroy();
  }
}

// --- AEAD -----------------------------------------------------------------------------------

export type AeadMode = 'gcm' | 'ccm';
const TAG_LEN = 16;

export function aeadSeal(s: Session, mode: AeadMode, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array | null, data: Uint8Array): { out: Uint8Array; tag: Uint8Array } {
  s.check();
  const sealed = s.device.engine.sm.sm4.seal({ mode, key, nonce, data, aad: aad ?? undefined, tagLength: TAG_LEN });
  return { out: copyBytes(sealed, 0, sealed.length - TAG_LEN), tag: copyBytes(sealed, sealed.length - TAG_LEN) };
}

export function aeadOpen(s: Session, mode: AeadMode, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array | null, tag: Uint8Array, data: Uint8Array, fn: string): Uint8Array {
  s.check();
  if (tag.length !== TAG_LEN) throw new CryptoError('SDR_INARGERR', `${fn}: the tag is ${TAG_LEN} bytes`);
  return s.device.engine.sm.sm4.open({ mode, key, nonce, data: concatBytes(data, tag), aad: aad ?? undefined, tagLength: TAG_LEN });
}

interface AeadState {
  destroy(): void;
  mode: AeadMode;
  key: Uint8Array;
  nonce: Uint8Array;
  aad: Uint8Array | null;
  tag: Uint8Array | null;
  declared: number;
  parts: Uint8Array[];
  received: number;
}

export function aeadInit(s: Session, sealing: boolean, mode: AeadMode, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array | null,
  tag: Uint8Array | null, declared: number, fn: string): void {
  s.check();
  if (!Number.isInteger(declared) || declared < 0 || declared > AEAD_MAX_BYTES) {
    throw new CryptoError('SDR_INARGERR', `${fn}: uiDataLength must be 0..${AEAD_MAX_BYTES}`);
  }
  const name = sealing ? 'sym.authenc' : 'sym.authdec';
  s.multipart.get(name)?.destroy();
  const st: AeadState = {
    mode, key: copyBytes(key), nonce: copyBytes(nonce), aad: aad ? copyBytes(aad) : null, tag: tag ? copyBytes(tag) : null, declared, parts: [], received: 0,
    destroy() {
      wipe(this.key);
      for (const p of this.parts) wipe(p);
      this.parts = [];
    },
  };
  s.multipart.set(name, st);
}

function aeadState(s: Session, sealing: boolean, fn: string): AeadState {
  s.check();
  const st = s.multipart.get(sealing ? 'sym.authenc' : 'sym.authdec') as AeadState | undefined;
  if (!st) throw new CryptoError('SDR_STEPERR', `${fn}: no ${sealing ? 'AuthEnc' : 'AuthDec'} operation was started in this session`);
  return st;
}

export function aeadUpdate(s: Session, sealing: boolean, data: Uint8Array, fn: string): Uint8Array {
  const st = aeadState(s, sealing, fn);
  if (st.received + data.length > st.declared) throw new CryptoError('SDR_INARGERR', `${fn}: more data than the ${st.declared} bytes declared at Init`);
  st.parts.push(copyBytes(data));
  st.received += data.length;
  return new Uint8Array(0);
}

export function aeadFinal(s: Session, sealing: boolean, fn: string): { out: Uint8Array; tag: Uint8Array } {
  const st = aeadState(s, sealing, fn);
  s.multipart.delete(sealing ? 'sym.authenc' : 'sym.authdec');
  try {
    if (st.received !== st.declared) throw new CryptoError('SDR_INARGERR', `${fn}: ${st.received} bytes given, ${st.declared} declared at Init`);
    const data = concatBytes(...st.parts);
    if (sealing) return aeadSeal(s, st.mode, st.key, st.nonce, st.aad, data);
    return { out: aeadOpen(s, st.mode, st.key, st.nonce, st.aad, st.tag!, data, fn), tag: new Uint8Array(0) };
  } finally {
    st.destroy();
  }
}
