/**
 * The audit chain. Every management action, every authentication and every private-key use is
 * appended as a record that carries SM3 of the previous record and an HMAC-SM3 under the audit
 * key (derived from the master key), so `verify` can name the first record that was edited,
 * deleted or reordered. A MACed head (last seq and hash) makes deleting the newest records show.
 *
 * Records hold no key material, passwords or data: actors, roles, actions, targets (key index,
 * file name), outcomes and non-secret details.
 *
 * Private-key use can run at tens of thousands per second, where one durable write each would
 * be the bottleneck, so uses are summarised: the first use of a key by an actor is recorded at
 * once, later ones are counted and written as one record per key and actor at most every
 * `summaryMs` (and at flush/close), marked `{"summary": true, "count": n, "from", "to"}`.
 *
 * @module
 */
import { concatBytes, ctEqual, toHex, utf8 } from '../algorithms/internal/bytes.js';
import { hmacSm3, sm3 } from '../algorithms/sm3/index.js';
import type { AuditOutcome, AuditRecord, Role, Store } from '../store/index.js';

export interface AuditEvent {
  actor: string;
  role: Role | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

const ZERO_HASH = new Uint8Array(32);

/** JSON with object keys sorted, so the encoding of a record is canonical. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v as Record<string, unknown>).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The bytes the MAC covers: every field but the MAC itself. */
export function encodeRecord(r: Omit<AuditRecord, 'mac'>): Uint8Array {
  return utf8(canonicalJson([r.seq, r.at, r.actor, r.role, r.action, r.target, r.outcome, r.detail, toHex(r.prevHash)]));
}

/** SM3 of a whole record (fields and MAC): what the next record's prevHash must be. */
export function hashRecord(r: AuditRecord): Uint8Array {
  return sm3(concatBytes(encodeRecord(r), r.mac));
}

function headMac(auditKey: Uint8Array, seq: number, hash: Uint8Array): Uint8Array {
  return hmacSm3(auditKey, concatBytes(utf8(`mima/v1/audit-head/${seq}/`), hash));
}

export interface AuditVerdict {
  ok: boolean;
  records: number;
  /** The first bad record and what is wrong with it (when !ok). */
  firstBad?: { seq: number; reason: string };
}

interface PendingUse {
  actor: string;
  role: Role | null;
  action: string;
  target: string;
  count: number;
  from: string;
  to: string;
}

export class AuditLog {
  readonly #store: Store;
  readonly #key: Uint8Array;
  readonly #summaryMs: number;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #pending = new Map<string, PendingUse>();
  readonly #seen = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(store: Store, auditKey: Uint8Array, opts: { summaryMs?: number } = {}) {
    this.#store = store;
    this.#key = auditKey;
    this.#summaryMs = opts.summaryMs ?? 1000;
  }

  /** Appends one record (durably) and resolves when it is stored. */
  append(event: AuditEvent): Promise<AuditRecord> {
    const task = (): Promise<AuditRecord> =>
      this.#store.transaction(async (tx) => {
        // The next record continues from the MACed head, not from the newest row: if the newest
        // records were deleted, the gap stays visible to verify instead of being papered over.
        const head = await tx.getAuditHead();
        const headOk = head !== undefined && ctEqual(headMac(this.#key, head.seq, head.hash), head.mac);
        const last = headOk ? undefined : await tx.lastAudit();
        const anomaly = headOk ? undefined : head ? 'the chain head failed its MAC' : last ? 'the chain head is missing' : undefined;
        const base: Omit<AuditRecord, 'mac'> = {
          seq: headOk ? head.seq + 1 : (last?.seq ?? 0) + 1,
          at: new Date().toISOString(),
          actor: event.actor,
          role: event.role,
          action: event.action,
          target: event.target ?? null,
          outcome: event.outcome,
          detail: anomaly ? { ...event.detail, auditAnomaly: anomaly } : (event.detail ?? {}),
          prevHash: headOk ? head.hash : last ? hashRecord(last) : ZERO_HASH,
        };
        const record: AuditRecord = { ...base, mac: hmacSm3(this.#key, encodeRecord(base)) };
        await tx.appendAudit(record);
        const h = hashRecord(record);
        await tx.putAuditHead(record.seq, h, headMac(this.#key, record.seq, h));
        return record;
      });
    const p = this.#queue.then(task, task);
    this.#queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Notes one private-key use. The first by this actor on this key is appended now; later ones
   * are summarised (see the module doc).
   */
  keyUse(actor: string, role: Role | null, action: string, target: string, count = 1): void {
    const k = `${actor}\u0000${action}\u0000${target}`;
    const now = new Date().toISOString();
    if (!this.#seen.has(k)) {
      this.#seen.add(k);
      void this.append({ actor, role, action, target, outcome: 'ok', detail: count > 1 ? { count } : {} }).catch(() => {});
      return;
    }
    const p = this.#pending.get(k);
    if (p) {
      p.count += count;
      p.to = now;
    } else {
      this.#pending.set(k, { actor, role, action, target, count, from: now, to: now });
    }
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush().catch(() => {}), this.#summaryMs);
      this.#timer.unref();
    }
  }

  /** Writes the pending summaries and waits for every append queued so far. */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      void this.append({
        actor: p.actor,
        role: p.role,
        action: p.action,
        target: p.target,
        outcome: 'ok',
        detail: { summary: true, count: p.count, from: p.from, to: p.to },
      }).catch(() => {});
    }
    await this.#queue;
  }

  /**
   * Replays the chain: MAC of every record, its link to the previous one, consecutive sequence
   * numbers, and the MACed head. Names the first record that fails.
   */
  async verify(onProgress?: (done: number) => void): Promise<AuditVerdict> {
    await this.flush();
    let prev: AuditRecord | undefined;
    let count = 0;
    const PAGE = 1000;
    for (let after = 0; ; ) {
      const page = await this.#store.listAudit(after, PAGE);
      for (const r of page) {
        const expectedSeq = (prev?.seq ?? 0) + 1;
        const bad = (reason: string): AuditVerdict => ({ ok: false, records: count, firstBad: { seq: r.seq, reason } });
        if (!ctEqual(hmacSm3(this.#key, encodeRecord(r)), r.mac)) return bad('MAC does not match: the record was edited');
        if (r.seq !== expectedSeq) {
          return bad(`sequence jumps from ${expectedSeq - 1} to ${r.seq}: record ${expectedSeq} was deleted or records were reordered`);
        }
        const link = prev ? hashRecord(prev) : ZERO_HASH;
        if (!ctEqual(link, r.prevHash)) return bad('does not link to the previous record: records were deleted, replaced or reordered');
        prev = r;
        count++;
      }
      if (page.length > 0) after = page[page.length - 1]!.seq;
      onProgress?.(count);
      if (page.length < PAGE) break;
    }
    const head = await this.#store.getAuditHead();
    const lastSeq = prev?.seq ?? 0;
    if (head === undefined) {
      return count === 0 ? { ok: true, records: 0 } : { ok: false, records: count, firstBad: { seq: lastSeq, reason: 'the chain head is missing' } };
    }
    if (!ctEqual(headMac(this.#key, head.seq, head.hash), head.mac)) {
      return { ok: false, records: count, firstBad: { seq: head.seq, reason: 'the chain head was edited' } };
    }
    if (head.seq !== lastSeq || !prev || !ctEqual(hashRecord(prev), head.hash)) {
      return {
        ok: false,
        records: count,
        firstBad: { seq: Math.min(head.seq, lastSeq + 1), reason: `the chain ends at ${lastSeq} but its head says ${head.seq}: the newest records were deleted or replaced` },
      };
    }
    return { ok: true, records: count };
  }
}
