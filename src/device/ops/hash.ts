/**
 * Device-side hashing of the SDF facade (GM/T 0018 §6.6): SDF_HashInit/Update/Final with the
 * optional SM2 preprocessing (Z_A), and the 2023 HMAC functions with a session key or an
 * external key. One hash and one HMAC operation per session.
 *
 * Decisions: SM3 goes through the engine; SHA-1 and SHA-256 through node:crypto (legacy
 * applications). HashInit with a public key but no ID uses the default ID 1234567812345678
 * (GB/T 35276), the way every SM2 signer does; an ID without a public key, or a public key
 * with a non-SM3 hash, is SDR_INARGERR. HMAC keys are the session key bytes (16) or any
 * external key of 1..1024 bytes.
 *
 * @module
 */
import { createHash, createHmac, type Hash as NodeHash, type Hmac as NodeHmac } from 'node:crypto';
import { CryptoError } from '../../algorithms/internal/errors.js';
import { createHmacSm3 } from '../../algorithms/sm3/index.js';
import type { Hash } from '../../algorithms/types.js';
import type { Session } from '../session.js';

export type HashName = 'sm3' | 'sha1' | 'sha256';

interface Incremental {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

function fromOurs(h: Hash): Incremental {
  return { update: (d) => void h.update(d), digest: () => h.digest() };
}

function fromNode(h: NodeHash | NodeHmac): Incremental {
  return { update: (d) => void h.update(d), digest: () => new Uint8Array(h.digest()) };
}

const SLOT = { hash: 'hash', hmac: 'hmac' } as const;

export function hashInit(s: Session, name: HashName, publicKey: Uint8Array | null, id: Uint8Array | null, fn: string): void {
  s.check();
  if (id && !publicKey) throw new CryptoError('SDR_INARGERR', `${fn}: an ID needs the signer's public key`);
  if (publicKey && name !== 'sm3') throw new CryptoError('SDR_INARGERR', `${fn}: the SM2 preprocessing (Z_A) is defined for SM3 only`);
  let h: Incremental;
  if (name === 'sm3') {
    const ours = s.device.engine.sm.sm3.create();
    if (publicKey) ours.update(s.device.engine.sm.sm2.computeZ(publicKey, id ?? undefined));
    h = fromOurs(ours);
  } else {
    h = fromNode(createHash(name));
  }
  s.multipart.set(SLOT.hash, { destroy() {}, ...h });
}

function current(s: Session, slot: string, what: string, fn: string): Incremental {
  s.check();
  const h = s.multipart.get(slot) as (Incremental & { destroy(): void }) | undefined;
  if (!h) throw new CryptoError('SDR_STEPERR', `${fn}: no ${what} operation was started in this session`);
  return h;
}

export function hashUpdate(s: Session, data: Uint8Array, fn: string): void {
  current(s, SLOT.hash, 'hash', fn).update(data);
}

export function hashFinal(s: Session, fn: string): Uint8Array {
  const h = current(s, SLOT.hash, 'hash', fn);
  s.multipart.delete(SLOT.hash);
  return h.digest();
}

export function hmacInit(s: Session, name: HashName, key: Uint8Array, fn: string): void {
  s.check();
  if (key.length < 1 || key.length > 1024) throw new CryptoError('SDR_KEYERR', `${fn}: an HMAC key is 1..1024 bytes`);
  const h = name === 'sm3' ? fromOurs(createHmacSm3(key)) : fromNode(createHmac(name, key));
  s.multipart.set(SLOT.hmac, { destroy() {}, ...h });
}

export function hmacUpdate(s: Session, data: Uint8Array, fn: string): void {
  current(s, SLOT.hmac, 'HMAC', fn).update(data);
}

export function hmacFinal(s: Session, fn: string): Uint8Array {
  const h = current(s, SLOT.hmac, 'HMAC', fn);
  s.multipart.delete(SLOT.hmac);
  return h.digest();
}
