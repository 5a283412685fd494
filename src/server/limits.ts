/** The machine's limits (docs/protocol.md "Limits and timeouts"), all configurable. */
export interface ServerLimits {
  /** Largest frame accepted, header included. */
  maxFrameBytes: number;
  /** Requests in flight per connection before the connection is ended. */
  maxInFlight: number;
  /** Open sessions per application (across its connections in this process). */
  maxSessionsPerApp: number;
  /** Connections per source address. */
  maxConnectionsPerAddress: number;
  /** No frame and nothing in flight for this long: GOAWAY "idle". */
  idleTimeoutMs: number;
  /** TLS plus HELLO must complete within this. */
  handshakeTimeoutMs: number;
  /** How long the batcher waits for more requests of the same kind (0: the same event-loop turn only). */
  batchDelayMs: number;
  /** Largest group the batcher hands the engine at once. */
  maxBatch: number;
}

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  maxFrameBytes: 4 * 1024 * 1024 + 16,
  maxInFlight: 1024,
  maxSessionsPerApp: 256,
  maxConnectionsPerAddress: 64,
  idleTimeoutMs: 60_000,
  handshakeTimeoutMs: 10_000,
  batchDelayMs: 0,
  maxBatch: 256,
});

/**
 * Requests per second per application: a token bucket refilled continuously, holding at most one
 * second's worth. 0 means unlimited.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  take(app: string, perSecond: number, now = Date.now()): boolean {
    if (perSecond <= 0) return true;
    const b = this.#buckets.get(app) ?? { tokens: perSecond, at: now };
    b.tokens = Math.min(perSecond, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.#buckets.set(app, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
