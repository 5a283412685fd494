/**
 * SM2 key agreement for the SDF facade (GM/T 0018 SDF_GenerateAgreementDataWithECC /
 * SDF_GenerateKeyWithECC / SDF_GenerateAgreementDataAndKeyWithECC) over the GB/T 32918.3
 * (GM/T 0003.3) key exchange of src/algorithms/sm2 — the engine has no key-exchange entry
 * point, so this is the one place the device calls the algorithm directly.
 *
 * Roles: the sponsor (initiator, A) and the responder (B). The sponsor's first step publishes
 * its static and ephemeral public keys before it knows the responder's public key or ID, but
 * the algorithm's key-exchange object binds both at creation (Z_B is needed for the key). So
 * step 1 draws the ephemeral scalar's random bytes from the device DRBG, records them in the
 * agreement state and derives R_A from them; step 2 re-creates the exchange with the
 * responder's data and the same bytes replayed, giving the same r_A (checked: R_A must come out
 * identical). The recorded bytes are secret and wiped with the state.
 *
 * Agreement handles belong to the session (kept in its `multipart` map, destroyed when it
 * closes), are device-unique and numbered from 2^30 so they are never equal to a key handle,
 * and are single-use: SDF_GenerateKeyWithECC consumes the handle whatever the outcome. An
 * unknown, used or foreign agreement handle is SDR_KEYNOTEXIST.
 *
 * Keys: the index's SM2 encryption pair (as TLCP uses its encryption key for key exchange),
 * with the index's access right (SDR_PARDENY otherwise). The derived key K is the session key
 * (uiKeyBits must be 128: SM4). GM/T 0018 does not expose the optional confirmation hashes
 * S1/S2/SA/SB; they are computed by the algorithm and discarded.
 *
 * @module
 */
import { copyBytes, ctEqual, wipe } from '../../algorithms/internal/bytes.js';
import { CryptoError } from '../../algorithms/internal/errors.js';
import type { RandomSource } from '../../algorithms/internal/random.js';
import { createKeyExchange } from '../../algorithms/sm2/index.js';
import type { Session } from '../session.js';
import { adoptSessionKey, auditUse, internalSm2Private, sessionKeyBytes } from './keys.js';

const PREFIX = 'keys.agreement.';
let nextAgreement = 0x40000000;

/** What one side publishes: its static and its ephemeral public key (04 ‖ x ‖ y). */
export interface AgreementData {
  publicKey: Uint8Array;
  ephemeralPublicKey: Uint8Array;
}

interface AgreementState {
  readonly index: number;
  readonly klen: number;
  readonly sponsorId: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly ephemeralPublicKey: Uint8Array;
  /** The DRBG bytes the ephemeral scalar was drawn from (secret). */
  readonly drawn: Uint8Array[];
  destroy(): void;
}

/** A random source that records what it hands out, for replay in step 2. */
function recording(s: Session, drawn: Uint8Array[]): RandomSource {
  return (n) => {
    const b = s.device.random(n);
    drawn.push(b.slice());
    return b;
  };
}

function replaying(drawn: readonly Uint8Array[], fn: string): RandomSource {
  let i = 0;
  return (n) => {
    const b = drawn[i++];
    if (!b || b.length !== n) throw new CryptoError('SDR_RANDERR', `${fn}: the agreement's recorded randomness does not replay`);
    return b.slice();
  };
}

async function ownEncPublicKey(s: Session, index: number): Promise<Uint8Array> {
  return (await s.device.keys.keyPair(index, 'enc')).publicKey;
}

/**
 * SDF_GenerateAgreementDataWithECC (sponsor, step 1): returns the sponsor's public key and
 * ephemeral public key, and an agreement handle for SDF_GenerateKeyWithECC.
 */
export async function generateAgreementData(s: Session, index: number, keyBits: number, sponsorId: Uint8Array): Promise<AgreementData & { handle: number }> {
  const fn = 'SDF_GenerateAgreementDataWithECC';
  const klen = sessionKeyBytes(keyBits, fn);
  const d = await internalSm2Private(s, index, fn);
  const publicKey = await ownEncPublicKey(s, index);
  const drawn: Uint8Array[] = [];
  // The peer is not known yet: bind our own key as a stand-in peer just to derive R_A.
  const probe = createKeyExchange({
    role: 'initiator', privateKey: d, publicKey, id: sponsorId, peerPublicKey: publicKey, klen, rand: recording(s, drawn),
  });
  const ephemeralPublicKey = probe.ephemeralPublicKey;
  probe.destroy();
  const handle = nextAgreement++;
  const state: AgreementState = {
    index, klen, sponsorId: copyBytes(sponsorId), publicKey, ephemeralPublicKey, drawn,
    destroy: () => {
      for (const b of drawn) wipe(b);
      drawn.length = 0;
    },
  };
  s.multipart.set(PREFIX + handle, state);
  auditUse(s, 'key.use.agree', `index ${index}`);
  return { publicKey: publicKey.slice(), ephemeralPublicKey: ephemeralPublicKey.slice(), handle };
}

/**
 * SDF_GenerateKeyWithECC (sponsor, step 2): the session key from the responder's ID, public
 * key and ephemeral public key. Consumes the agreement handle.
 */
export async function generateKeyWithAgreement(s: Session, responseId: Uint8Array, responsePublicKey: Uint8Array,
  responseEphemeralPublicKey: Uint8Array, agreementHandle: number): Promise<number> {
  const fn = 'SDF_GenerateKeyWithECC';
  s.check();
  const id = PREFIX + agreementHandle;
  const state = s.multipart.get(id) as AgreementState | undefined;
  if (!state || !Number.isInteger(agreementHandle)) {
    throw new CryptoError('SDR_KEYNOTEXIST', `${fn}: agreement handle ${agreementHandle} does not exist in this session`);
  }
  s.multipart.delete(id);
  try {
    const d = await internalSm2Private(s, state.index, fn);
    const kx = createKeyExchange({
      role: 'initiator', privateKey: d, publicKey: state.publicKey, id: state.sponsorId,
      peerPublicKey: responsePublicKey, peerId: responseId, klen: state.klen, rand: replaying(state.drawn, fn),
    });
    try {
      if (!ctEqual(kx.ephemeralPublicKey, state.ephemeralPublicKey)) {
        throw new CryptoError('SDR_UNKNOWERR', `${fn}: the ephemeral key did not replay`);
      }
      auditUse(s, 'key.use.agree', `index ${state.index}`);
      const { key, confirmation, expectedConfirmation } = kx.computeKey(responseEphemeralPublicKey);
      wipe(confirmation, expectedConfirmation);
      return adoptSessionKey(s, key, fn);
    } finally {
      kx.destroy();
    }
  } finally {
    state.destroy();
  }
}

/**
 * SDF_GenerateAgreementDataAndKeyWithECC (responder): returns the responder's public key and
 * ephemeral public key and the handle of the session key derived from the sponsor's data.
 */
export async function generateAgreementDataAndKey(s: Session, index: number, keyBits: number, responseId: Uint8Array,
  sponsorId: Uint8Array, sponsorPublicKey: Uint8Array, sponsorEphemeralPublicKey: Uint8Array): Promise<AgreementData & { handle: number }> {
  const fn = 'SDF_GenerateAgreementDataAndKeyWithECC';
  const klen = sessionKeyBytes(keyBits, fn);
  const d = await internalSm2Private(s, index, fn);
  const publicKey = await ownEncPublicKey(s, index);
  const kx = createKeyExchange({
    role: 'responder', privateKey: d, publicKey, id: responseId, peerPublicKey: sponsorPublicKey, peerId: sponsorId, klen, rand: s.device.random,
  });
  try {
    auditUse(s, 'key.use.agree', `index ${index}`);
    const { key, confirmation, expectedConfirmation } = kx.computeKey(sponsorEphemeralPublicKey);
    wipe(confirmation, expectedConfirmation);
    const handle = adoptSessionKey(s, key, fn);
    return { publicKey: publicKey.slice(), ephemeralPublicKey: kx.ephemeralPublicKey.slice(), handle };
  } finally {
    kx.destroy();
  }
}

/** Number of agreement handles open in `s` (for tests and status). */
export function agreementCount(s: Session): number {
  let n = 0;
  for (const k of s.multipart.keys()) if (k.startsWith(PREFIX)) n++;
  return n;
}
