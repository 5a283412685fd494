/**
 * Frames of the Mima SDF wire protocol (docs/protocol.md): a 16-byte header and a payload.
 * `FrameDecoder` cuts a byte stream into frames and refuses malformed or oversized ones before
 * buffering their payload.
 *
 * @module
 */

export const PROTOCOL_VERSION = 1;
export const HEADER_BYTES = 16;
const MAGIC0 = 0x4d;
const MAGIC1 = 0x4d;

export const FrameKind = Object.freeze({
  HELLO: 1,
  HELLO_ACK: 2,
  REQUEST: 3,
  RESPONSE: 4,
  GOAWAY: 5,
  PING: 6,
  PONG: 7,
} as const);
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface Frame {
  kind: FrameKind;
  version: number;
  requestId: number;
  fn: number;
  payload: Uint8Array;
}

/** A protocol violation: the connection must end (with GOAWAY when possible). */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Header and payload as one buffer. */
export function encodeFrame(kind: FrameKind, requestId: number, fn: number, payload: Uint8Array, version = PROTOCOL_VERSION): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const dv = new DataView(out.buffer);
  out[0] = MAGIC0;
  out[1] = MAGIC1;
  out[2] = version;
  out[3] = kind;
  dv.setUint32(4, requestId >>> 0);
  dv.setUint16(8, fn);
  dv.setUint16(10, 0);
  dv.setUint32(12, payload.length);
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * Incremental decoder: `push` bytes as they arrive, get whole frames back. Throws
 * ProtocolError on a bad header or a frame longer than `maxFrameBytes` (payload + header),
 * checked as soon as the header is complete.
 */
export class FrameDecoder {
  #buf: Uint8Array = new Uint8Array(0);
  #len = 0;
  maxFrameBytes: number;

  constructor(maxFrameBytes: number) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received but not yet part of a whole frame. */
  get buffered(): number {
    return this.#len;
  }

  push(chunk: Uint8Array): Frame[] {
    this.#append(chunk);
    const frames: Frame[] = [];
    let off = 0;
    while (this.#len - off >= HEADER_BYTES) {
      const b = this.#buf;
      if (b[off] !== MAGIC0 || b[off + 1] !== MAGIC1) throw new ProtocolError('bad magic');
      const version = b[off + 2]!;
      const kind = b[off + 3]!;
      if (kind < FrameKind.HELLO || kind > FrameKind.PONG) throw new ProtocolError(`unknown frame kind ${kind}`);
      const dv = new DataView(b.buffer, b.byteOffset + off, HEADER_BYTES);
      if (dv.getUint16(10) !== 0) throw new ProtocolError('reserved flags set');
      const length = dv.getUint32(12);
      if (length + HEADER_BYTES > this.maxFrameBytes) throw new ProtocolError(`frame too large (${length} bytes)`);
      if (this.#len - off < HEADER_BYTES + length) break;
      frames.push({
        kind: kind as FrameKind,
        version,
        requestId: dv.getUint32(4),
        fn: dv.getUint16(8),
        payload: b.slice(off + HEADER_BYTES, off + HEADER_BYTES + length),
      });
      off += HEADER_BYTES + length;
    }
    if (off > 0) {
      this.#buf.copyWithin(0, off, this.#len);
      this.#len -= off;
    }
    return frames;
  }

  #append(chunk: Uint8Array): void {
    if (this.#len + chunk.length > this.#buf.length) {
      const grown = new Uint8Array(Math.max(this.#len + chunk.length, this.#buf.length * 2, 4096));
      grown.set(this.#buf.subarray(0, this.#len));
      this.#buf = grown;
    }
    this.#buf.set(chunk, this.#len);
    this.#len += chunk.length;
  }
}
