/**
 * GM/T 0018 symmetric functions (§6.5): SDF_Encrypt/Decrypt/CalculateMAC with session keys
 * and the IV returned (so chained calls continue a stream), the 2023 multi-part forms, SM4-GCM
 * and SM4-CCM authenticated encryption (single and multi-part), and the 2023 validation
 * functions with external keys (ExternalKeyEncrypt/Decrypt and their Init forms, which continue
 * with EncryptUpdate/DecryptUpdate). Several outputs come back as an object named by the
 * standard's output parameters (src/protocol/functions.ts). No padding; semantics and
 * decisions: src/device/ops/sym.ts.
 *
 * @module
 */
import { copyBytes } from '../algorithms/internal/bytes.js';
import { CryptoError } from '../algorithms/internal/errors.js';
import type { Sm4Mode } from '../engine/index.js';
import * as ops from '../device/ops/sym.js';
import type { Session } from '../device/index.js';
import { sessionOf, type SessionHandle } from './handles.js';
import { sm4Mode, type Sm4SdfMode } from './sgd.js';

type Optional = Uint8Array | null | undefined;

const CIPHER_MODES: readonly Sm4SdfMode[] = ['ecb', 'cbc', 'cfb', 'ofb', 'ctr', 'xts'];
const STREAM_MODES: readonly Sm4SdfMode[] = ['ecb', 'cbc', 'cfb', 'ofb', 'ctr'];

function sessionKey(s: Session, hKeyHandle: number): Uint8Array {
  return s.key(hKeyHandle).key;
}

function externalKey(key: Uint8Array, fn: string): Uint8Array {
  if (key.length !== 16 && key.length !== 32) throw new CryptoError('SDR_KEYERR', `${fn}: an SM4 key is 16 bytes (32 for XTS)`);
  return key;
}

function cipher(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional, data: Uint8Array, encrypting: boolean, fn: string) {
  const s = sessionOf(hSessionHandle);
  const mode = sm4Mode(uiAlgID, fn, CIPHER_MODES) as Sm4Mode;
  return ops.sm4Call(s, mode, sessionKey(s, hKeyHandle), pucIV ?? null, data, encrypting, fn);
}

export function SDF_Encrypt(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional, pucData: Uint8Array): { pucEncData: Uint8Array; pucIV: Uint8Array } {
  const r = cipher(hSessionHandle, hKeyHandle, uiAlgID, pucIV, pucData, true, 'SDF_Encrypt');
  return { pucEncData: r.out, pucIV: r.iv };
}

export function SDF_Decrypt(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional, pucEncData: Uint8Array): { pucData: Uint8Array; pucIV: Uint8Array } {
  const r = cipher(hSessionHandle, hKeyHandle, uiAlgID, pucIV, pucEncData, false, 'SDF_Decrypt');
  return { pucData: r.out, pucIV: r.iv };
}

export function SDF_CalculateMAC(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional, pucData: Uint8Array): { pucMAC: Uint8Array; pucIV: Uint8Array } {
  const fn = 'SDF_CalculateMAC';
  const s = sessionOf(hSessionHandle);
  sm4Mode(uiAlgID, fn, ['mac']);
  const mac = ops.cbcMac(s, sessionKey(s, hKeyHandle), pucIV ?? null, pucData, fn);
  return { pucMAC: mac, pucIV: copyBytes(mac) };
}

// --- multi-part (2023) -------------------------------------------------------------------

function streamInit(hSessionHandle: SessionHandle, direction: 'encrypt' | 'decrypt' | 'mac', uiAlgID: number, key: (s: Session) => Uint8Array, pucIV: Optional, fn: string): void {
  const s = sessionOf(hSessionHandle);
  const mode = direction === 'mac' ? (sm4Mode(uiAlgID, fn, ['mac']), 'mac' as const) : (sm4Mode(uiAlgID, fn, STREAM_MODES) as Sm4Mode);
  ops.streamInit(s, direction, mode, key(s), pucIV ?? null, fn);
}

export function SDF_EncryptInit(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional): void {
  streamInit(hSessionHandle, 'encrypt', uiAlgID, (s) => sessionKey(s, hKeyHandle), pucIV, 'SDF_EncryptInit');
}

export function SDF_EncryptUpdate(hSessionHandle: SessionHandle, pucData: Uint8Array): Uint8Array {
  return ops.streamUpdate(sessionOf(hSessionHandle), 'encrypt', pucData, 'SDF_EncryptUpdate');
}

export function SDF_EncryptFinal(hSessionHandle: SessionHandle): Uint8Array {
  return ops.streamFinal(sessionOf(hSessionHandle), 'encrypt', 'SDF_EncryptFinal');
}

export function SDF_DecryptInit(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional): void {
  streamInit(hSessionHandle, 'decrypt', uiAlgID, (s) => sessionKey(s, hKeyHandle), pucIV, 'SDF_DecryptInit');
}

export function SDF_DecryptUpdate(hSessionHandle: SessionHandle, pucEncData: Uint8Array): Uint8Array {
  return ops.streamUpdate(sessionOf(hSessionHandle), 'decrypt', pucEncData, 'SDF_DecryptUpdate');
}

export function SDF_DecryptFinal(hSessionHandle: SessionHandle): Uint8Array {
  return ops.streamFinal(sessionOf(hSessionHandle), 'decrypt', 'SDF_DecryptFinal');
}

export function SDF_CalculateMACInit(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucIV: Optional): void {
  streamInit(hSessionHandle, 'mac', uiAlgID, (s) => sessionKey(s, hKeyHandle), pucIV, 'SDF_CalculateMACInit');
}

export function SDF_CalculateMACUpdate(hSessionHandle: SessionHandle, pucData: Uint8Array): void {
  ops.streamUpdate(sessionOf(hSessionHandle), 'mac', pucData, 'SDF_CalculateMACUpdate');
}

export function SDF_CalculateMACFinal(hSessionHandle: SessionHandle): Uint8Array {
  return ops.streamFinal(sessionOf(hSessionHandle), 'mac', 'SDF_CalculateMACFinal');
}

// --- AEAD (2023) ---------------------------------------------------------------------------

function aeadMode(uiAlgID: number, fn: string): ops.AeadMode {
  return sm4Mode(uiAlgID, fn, ['gcm', 'ccm']) as ops.AeadMode;
}

export function SDF_AuthEnc(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucStartVar: Uint8Array, pucAad: Optional,
  pucData: Uint8Array): { pucEncData: Uint8Array; pucAuthData: Uint8Array } {
  const s = sessionOf(hSessionHandle);
  const r = ops.aeadSeal(s, aeadMode(uiAlgID, 'SDF_AuthEnc'), sessionKey(s, hKeyHandle), pucStartVar, pucAad ?? null, pucData);
  return { pucEncData: r.out, pucAuthData: r.tag };
}

export function SDF_AuthDec(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucStartVar: Uint8Array, pucAad: Optional,
  pucAuthData: Uint8Array, pucEncData: Uint8Array): Uint8Array {
  const fn = 'SDF_AuthDec';
  const s = sessionOf(hSessionHandle);
  return ops.aeadOpen(s, aeadMode(uiAlgID, fn), sessionKey(s, hKeyHandle), pucStartVar, pucAad ?? null, pucAuthData, pucEncData, fn);
}

export function SDF_AuthEncInit(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucStartVar: Uint8Array, pucAad: Optional,
  uiDataLength: number): void {
  const fn = 'SDF_AuthEncInit';
  const s = sessionOf(hSessionHandle);
  ops.aeadInit(s, true, aeadMode(uiAlgID, fn), sessionKey(s, hKeyHandle), pucStartVar, pucAad ?? null, null, uiDataLength, fn);
}

export function SDF_AuthEncUpdate(hSessionHandle: SessionHandle, pucData: Uint8Array): Uint8Array {
  return ops.aeadUpdate(sessionOf(hSessionHandle), true, pucData, 'SDF_AuthEncUpdate');
}

export function SDF_AuthEncFinal(hSessionHandle: SessionHandle): { pucLastEncData: Uint8Array; pucAuthData: Uint8Array } {
  const r = ops.aeadFinal(sessionOf(hSessionHandle), true, 'SDF_AuthEncFinal');
  return { pucLastEncData: r.out, pucAuthData: r.tag };
}

export function SDF_AuthDecInit(hSessionHandle: SessionHandle, hKeyHandle: number, uiAlgID: number, pucStartVar: Uint8Array, pucAad: Optional,
  pucAuthData: Uint8Array, uiDataLength: number): void {
  const fn = 'SDF_AuthDecInit';
  const s = sessionOf(hSessionHandle);
  ops.aeadInit(s, false, aeadMode(uiAlgID, fn), sessionKey(s, hKeyHandle), pucStartVar, pucAad ?? null, pucAuthData, uiDataLength, fn);
}

export function SDF_AuthDecUpdate(hSessionHandle: SessionHandle, pucEncData: Uint8Array): Uint8Array {
  return ops.aeadUpdate(sessionOf(hSessionHandle), false, pucEncData, 'SDF_AuthDecUpdate');
}

export function SDF_AuthDecFinal(hSessionHandle: SessionHandle): Uint8Array {
  return ops.aeadFinal(sessionOf(hSessionHandle), false, 'SDF_AuthDecFinal').out;
}

// --- 2023 validation functions with external keys (session handle first) --------------------

export function SDF_ExternalKeyEncrypt(hSessionHandle: SessionHandle, uiAlgID: number, pucKey: Uint8Array, pucIV: Optional, pucData: Uint8Array): Uint8Array {
  const fn = 'SDF_ExternalKeyEncrypt';
  const mode = sm4Mode(uiAlgID, fn, CIPHER_MODES) as Sm4Mode;
  return ops.sm4Call(sessionOf(hSessionHandle), mode, externalKey(pucKey, fn), pucIV ?? null, pucData, true, fn).out;
}

export function SDF_ExternalKeyDecrypt(hSessionHandle: SessionHandle, uiAlgID: number, pucKey: Uint8Array, pucIV: Optional, pucEncData: Uint8Array): Uint8Array {
  const fn = 'SDF_ExternalKeyDecrypt';
  const mode = sm4Mode(uiAlgID, fn, CIPHER_MODES) as Sm4Mode;
  return ops.sm4Call(sessionOf(hSessionHandle), mode, externalKey(pucKey, fn), pucIV ?? null, pucEncData, false, fn).out;
}

export function SDF_ExternalKeyEncryptInit(hSessionHandle: SessionHandle, uiAlgID: number, pucKey: Uint8Array, pucIV: Optional): void {
  const fn = 'SDF_ExternalKeyEncryptInit';
  streamInit(hSessionHandle, 'encrypt', uiAlgID, () => externalKey(pucKey, fn), pucIV, fn);
}

export function SDF_ExternalKeyDecryptInit(hSessionHandle: SessionHandle, uiAlgID: number, pucKey: Uint8Array, pucIV: Optional): void {
  const fn = 'SDF_ExternalKeyDecryptInit';
  streamInit(hSessionHandle, 'decrypt', uiAlgID, () => externalKey(pucKey, fn), pucIV, fn);
}
