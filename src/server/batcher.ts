/**
 * Groups concurrent SDF_InternalSign_ECC requests for the same key index into one engine batch:
 * k·G for the whole group shares one field inversion and one JS↔C crossing, which is where a
 * network machine gets its signature rate. A request waits at most `delayMs` (0: only for the
 * requests that arrived in the same event-loop turn) or until `maxBatch` are queued.
 *
 * Each request keeps its own session's checks: the session must be open and hold the index's
 * access right (SDR_PARDENY otherwise); the digest must be 32 bytes. Use is audited per
 * application as a summary with the count.
 *
 * @module
 */
import { CryptoError } from '../algorithms/internal/errors.js';
import type { Session } from '../device/index.js';

interface Pending {
  session: Session;
  digest: Uint8Array;
  resolve(sig: Uint8Array): void;
  reject(e: unknown): void;
}

export class SignBatcher {
  readonly #queues = new Map<number, Pending[]>();
  readonly #scheduled = new Set<number>();
  readonly #delayMs: number;
  readonly #maxBatch: number;
  readonly #onBatch: (size: number) => void;

  constructor(opts: { delayMs: number; maxBatch: number; onBatch?: (size: number) => void }) {
    this.#delayMs = opts.delayMs;
    this.#maxBatch = opts.maxBatch;
    this.#onBatch = opts.onBatch ?? (() => {});
  }

  /** Signs `digest` with the signing key at `index` in `session`'s rights; r ‖ s. */
  sign(session: Session, index: number, digest: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const q = this.#queues.get(index) ?? [];
      q.push({ session, digest, resolve, reject });
      this.#queues.set(index, q);
      if (q.length >= this.#maxBatch) {
        void this.#flush(index);
      } else if (!this.#scheduled.has(index)) {
        this.#scheduled.add(index);
        const run = (): void => void this.#flush(index);
        if (this.#delayMs > 0) setTimeout(run, this.#delayMs);
        else setImmediate(run);
      }
    });
  }

  async #flush(index: number): Promise<void> {
    this.#scheduled.delete(index);
    const q = this.#queues.get(index);
    if (!q || q.length === 0) return;
    this.#queues.delete(index);
    const ready: Pending[] = [];
    let signer: NonNullable<Awaited<ReturnType<Session['privateKey']>>['signer']> | undefined;
    for (const p of q) {
      try {
        if (p.digest.length !== 32) throw new CryptoError('SDR_INARGERR', 'SDF_InternalSign_ECC: an SM2 digest e is 32 bytes');
        const k = await p.session.privateKey(index, 'sign');
        if (k.algorithm !== 'sm2' || !k.signer) throw new CryptoError('SDR_KEYTYPEERR', `SDF_InternalSign_ECC: the signing key at index ${index} is not SM2`);
        signer = k.signer;
        ready.push(p);
      } catch (e) {
        p.reject(e);
      }
    }
    if (!signer || ready.length === 0) return;
    try {
      const sigs = signer.signDigests(ready.map((p) => p.digest));
      this.#onBatch(ready.length);
      const perPrincipal = new Map<Session['principal'], number>();
      for (const p of ready) perPrincipal.set(p.session.principal, (perPrincipal.get(p.session.principal) ?? 0) + 1);
      for (const [principal, n] of perPrincipal) ready[0]!.session.device.auditKeyUse(principal, 'key.use.sign', `index ${index}`, n);
      ready.forEach((p, i) => p.resolve(sigs[i]!));
    } catch (e) {
      for (const p of ready) p.reject(e);
    }
  }
}
